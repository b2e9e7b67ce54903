// The CLI: bundled to dist/cli/gate-matrix.cjs (one self-contained file), which
// dist/cli/index.js (./start.ts) runs from V8's code cache.
import { main } from './main.js'

// A reader that stops early (`gate-matrix check | head`) closes the pipe: the rest of the
// output has nowhere to go, which is not an error; the run still ends with its own exit code.
function writer(stream: NodeJS.WriteStream): (text: string) => void {
  let closed = false
  stream.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code !== 'EPIPE') throw err
    closed = true
  })
  return (text) => {
    if (!closed) stream.write(text)
  }
}

void main(process.argv.slice(2), {
  stdout: writer(process.stdout),
  stderr: writer(process.stderr),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
}).then((code) => {
  process.exitCode = code
})
