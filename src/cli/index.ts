// The CLI: bundled to dist/cli/gate-matrix.cjs (one self-contained file), which
// dist/cli/index.js (./start.ts) runs from V8's code cache.
import { main } from './main.js'

void main(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
}).then((code) => {
  process.exitCode = code
})
