// Build: bundle the action (src/index.ts → dist/index.js) and the CLI
// (src/cli/index.ts → dist/cli/index.js) with ncc, then regenerate the JSON Schemas in
// schema/ from the zod schemas through the built CLI. Deterministic: CI rebuilds and
// diffs dist/ and schema/ against the commit.
import { execFileSync } from 'node:child_process'
import { mkdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')

function bundle(entry, outDir) {
  rmSync(join(root, outDir), { recursive: true, force: true })
  execFileSync(process.execPath, [ncc, 'build', entry, '-o', outDir, '--quiet', '--no-cache', '--license', 'licenses.txt', '--target', 'es2022'], {
    cwd: root,
    stdio: 'inherit',
  })
}

bundle('src/index.ts', 'dist')
// The action bundle's chunks live in dist/; the CLI gets its own folder inside it.
bundle('src/cli/index.ts', 'dist/cli')

mkdirSync(join(root, 'schema'), { recursive: true })
for (const [file, args] of [['gate-matrix.schema.json', []], ['evidence.schema.json', ['--evidence']]]) {
  const out = execFileSync(process.execPath, [join(root, 'dist/cli/index.js'), 'schema', ...args], { cwd: root, encoding: 'utf8' })
  writeFileSync(join(root, 'schema', file), out)
}
