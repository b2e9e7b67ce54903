// The bench's second ratio: one check over a folder of real workflow files (`--real DIR`,
// every .yml/.yaml under it) against a bare js-yaml `load` of the same files. The files are
// copied into a temporary repository's .github/workflows/ with a one-environment matrix
// whose workflow gate reads every one of them.
import { copyFileSync, mkdirSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { basename, join } from 'node:path'
import { median, runNode } from './measure.mjs'

function yamlFiles(dir, out = []) {
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name)
    const st = statSync(p)
    if (st.isDirectory()) yamlFiles(p, out)
    else if (/\.ya?ml$/.test(name)) out.push(p)
  }
  return out
}

const MATRIX = [
  'version: 1',
  'owner: release-engineering',
  'environments:',
  '  production: { branch: main }',
  'gates:',
  '  - id: workflows-hardened',
  '    family: source-promotion',
  '    artifact: gate-matrix.yml',
  '    assert:',
  "      - workflow: { file: '.github/workflows/*.yml', forbid_run: '\\|\\|\\s*true', forbid_continue_on_error: true, max_permissions: { contents: 'read' } }",
  '',
].join('\n')

export async function benchReal({ root, cli, tmp, dir, probe, runs, log }) {
  if (!dir) return { skipped: 'no --real DIR given' }
  const files = yamlFiles(dir)
  if (!files.length) return { skipped: `no .yml/.yaml files under ${dir}` }
  const repo = join(tmp, 'real')
  const workflows = join(repo, '.github', 'workflows')
  mkdirSync(workflows, { recursive: true })
  const list = []
  files.forEach((f, i) => {
    const rel = `.github/workflows/${String(i).padStart(4, '0')}-${basename(f).replace(/\.yaml$/, '.yml')}`
    copyFileSync(f, join(repo, rel))
    list.push(rel)
  })
  writeFileSync(join(repo, 'gate-matrix.yml'), MATRIX)
  list.push('gate-matrix.yml')
  const listFile = join(tmp, 'real-files.txt')
  writeFileSync(listFile, list.join('\n') + '\n')
  const bytes = files.reduce((n, f) => n + statSync(f).size, 0)
  const args = [cli, 'check', '--root', repo, '--format', 'json', '--out', join(tmp, 'real-evidence.json'), '--now', '2026-11-01']
  const checks = []
  const parses = []
  for (let i = 0; i < Math.max(runs, 3); i++) {
    log(`real workflows, run ${i + 1}: check, bare load…`)
    const c = await runNode(args, { tmp, probe, cwd: root })
    if (c.code !== 0 && c.code !== 1) throw new Error(`gate-matrix check on the real workflows exited ${c.code}:\n${c.stdout}${c.stderr}`)
    checks.push(c)
    const p = await runNode([join(root, 'scripts', 'bench', 'bare-parse.mjs'), repo, listFile], { tmp, probe, cwd: root })
    if (p.code !== 0) throw new Error(`the bare load of the real workflows failed (exit ${p.code}):\n${p.stderr}`)
    parses.push(p)
  }
  const checkMs = median(checks.map((r) => r.wallMs))
  const parseMs = median(parses.map((r) => r.wallMs))
  const ratio = checkMs / parseMs
  return {
    dir,
    files: files.length,
    kb: Math.round(bytes / 1024),
    runs: checks.length,
    check_ms: Math.round(checkMs),
    bare_parse_ms: Math.round(parseMs),
    ratio: Number(ratio.toFixed(2)),
    target: ratio <= 3 ? 'PASS' : 'MISS',
  }
}
