// Build: bundle the action (src/index.ts → dist/index.js) and the CLI
// (src/cli/index.ts → dist/cli/index.js) with ncc, then regenerate the JSON Schemas in
// schema/ from the zod schemas through the built CLI, then the generated regions of
// README.md and docs/ (scripts/docs/generate.mjs). Deterministic (ncc's cache is off,
// so every build is the cold build CI makes): CI rebuilds and diffs dist/, schema/, docs/
// and README.md.
import { execFile, execFileSync } from 'node:child_process'
import { mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { generateDocs } from './docs/generate.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
const ncc = join(root, 'node_modules', '@vercel', 'ncc', 'dist', 'ncc', 'cli.js')
// Inside the checkout, so the moves below stay on one filesystem.
const work = mkdtempSync(join(root, '.build-'))

async function bundle(entry, outDir) {
  try {
    // Minified (-m): a smaller bundle compiles faster at every start (about 20 ms of the CLI's).
    await promisify(execFile)(process.execPath, [ncc, 'build', entry, '-o', outDir, '-m', '--quiet', '--no-cache', '--license', 'licenses.txt', '--target', 'es2022'], {
      cwd: root,
      maxBuffer: 64 * 1024 * 1024,
    })
  } catch (e) {
    process.stderr.write(`${e.stdout ?? ''}${e.stderr ?? ''}`)
    throw new Error(`ncc could not bundle ${entry}`)
  }
}

try {
  // The two bundles are independent: build them side by side, then put them in place.
  await Promise.all([bundle('src/index.ts', join(work, 'action')), bundle('src/cli/index.ts', join(work, 'cli'))])
  rmSync(join(root, 'dist'), { recursive: true, force: true })
  renameSync(join(work, 'action'), join(root, 'dist'))
  renameSync(join(work, 'cli'), join(root, 'dist', 'cli'))
} finally {
  rmSync(work, { recursive: true, force: true })
}

mkdirSync(join(root, 'schema'), { recursive: true })
for (const [file, args] of [['gate-matrix.schema.json', []], ['evidence.schema.json', ['--evidence']]]) {
  const out = execFileSync(process.execPath, [join(root, 'dist/cli/index.js'), 'schema', ...args], { cwd: root, encoding: 'utf8' })
  writeFileSync(join(root, 'schema', file), out)
}

await generateDocs()
