#!/usr/bin/env node
// The CLI entry: bundled to dist/cli/index.js.
import { main } from './main.js'

const code = await main(process.argv.slice(2), {
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  env: process.env,
  isTTY: Boolean(process.stdout.isTTY),
})
process.exitCode = code
