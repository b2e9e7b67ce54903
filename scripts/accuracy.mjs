// The accuracy measurement of docs/accuracy.md: for each repository with a matrix under
// accuracy/<name>/gate-matrix.yml, copy its exported tree from TREES/<name>, put the matrix
// in, run `gate-matrix check --format json` and print how many findings it has.
//   node scripts/accuracy.mjs TREES [NAME...] [--work DIR] [--now YYYY-MM-DD] [--list]
// --work keeps the copies there (default: a temp dir, removed afterwards), e.g. to plant
// breaks in them and re-run `check`; --list prints every finding. Labelling true/false
// is by hand (docs/accuracy.md). Needs a built CLI (`npm run build`).
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync, copyFileSync } from 'node:fs'
import { spawnSync } from 'node:child_process'
import { tmpdir } from 'node:os'
import { dirname, join, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'

const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..')
const CLI = join(ROOT, 'dist', 'cli', 'index.js')
const MATRICES = join(ROOT, 'accuracy')

const { values: flags, positionals } = parseArgs({
  allowPositionals: true,
  options: { work: { type: 'string' }, now: { type: 'string', default: '2026-12-01' }, list: { type: 'boolean' } },
})
if (positionals.length === 0) {
  process.stderr.write('usage: node scripts/accuracy.mjs TREES [NAME...] [--work DIR] [--now YYYY-MM-DD] [--list]\n')
  process.exit(2)
}
if (!existsSync(CLI)) {
  process.stderr.write(`accuracy: ${CLI} is missing: run npm run build first\n`)
  process.exit(2)
}
const trees = resolve(positionals[0])
const names = positionals.length > 1 ? positionals.slice(1) : readdirSync(MATRICES).filter((n) => existsSync(join(MATRICES, n, 'gate-matrix.yml')))
const work = flags.work ? resolve(flags.work) : mkdtempSync(join(tmpdir(), 'gate-matrix-accuracy-'))

// A gate that applies to several environments repeats its findings in each cell: a finding
// is counted once per (code, place, message).
function findingsOf(evidence) {
  const cells = [...(evidence.repository?.gates ?? []), ...(evidence.environments ?? []).flatMap((e) => e.gates ?? [])]
  const seen = new Map()
  for (const cell of cells) {
    for (const f of cell.findings ?? []) {
      const l = f.location ?? {}
      const key = `${f.code}\0${l.path}\0${l.line ?? ''}\0${l.column ?? ''}\0${f.message}`
      if (!seen.has(key)) seen.set(key, { gate: cell.gate_id, ...f })
    }
  }
  return [...seen.values()]
}

let failed = false
for (const name of names) {
  const source = join(trees, name)
  if (!existsSync(source)) {
    process.stdout.write(`${name}: no tree at ${source}\n`)
    failed = true
    continue
  }
  const copy = join(work, name)
  if (!flags.work || !existsSync(copy)) {
    rmSync(copy, { recursive: true, force: true })
    cpSync(source, copy, { recursive: true })
  }
  copyFileSync(join(MATRICES, name, 'gate-matrix.yml'), join(copy, 'gate-matrix.yml'))
  const run = spawnSync(process.execPath, [CLI, 'check', '--root', copy, '--format', 'json', '--now', flags.now], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })
  if (run.status === 2 || !run.stdout) {
    process.stdout.write(`${name}: check exited ${run.status}\n${run.stderr}${run.stdout}\n`)
    failed = true
    continue
  }
  const findings = findingsOf(JSON.parse(run.stdout))
  const byGate = new Map()
  for (const f of findings) byGate.set(f.gate, (byGate.get(f.gate) ?? 0) + 1)
  const perGate = [...byGate].map(([g, n]) => `${g} ${n}`).join(', ')
  process.stdout.write(`${name}: ${findings.length} findings (exit ${run.status})${perGate ? `: ${perGate}` : ''}\n`)
  if (flags.list) {
    for (const f of findings) {
      const l = f.location ?? {}
      process.stdout.write(`  ${l.path}${l.line ? `:${l.line}:${l.column ?? 1}` : ''} ${f.code} [${f.gate}] ${f.message}\n`)
    }
  }
}
if (!flags.work) rmSync(work, { recursive: true, force: true })
process.exit(failed ? 1 : 0)
