// Golden cases as data: each folder under testdata/gates/<kind>/<case>/ is a tiny
// repository with a gate-matrix.yml, an optional `args` file (more `check` flags, file
// arguments relative to the case) and `expected.txt`: one line per distinct finding,
// `path:line:col: CODE status message [gate: environments]`, then each user gate's result
// (`result gate status (reason): environments`), then `exit N`. A new case
// needs no code. After an intended change: `npm run golden:update` rewrites them.
import { describe, expect, it } from '@jest/globals'
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { findingsOf } from '../src/evidence/seal.js'
import type { Evidence } from '../src/evidence/types.js'
import { runCli } from './support/gates.js'

const ROOT = 'testdata/gates'
const UPDATE = process.env.UPDATE === '1'

function cases(): Array<{ name: string; dir: string }> {
  return readdirSync(ROOT)
    .flatMap((group) =>
      readdirSync(join(ROOT, group))
        .filter((c) => statSync(join(ROOT, group, c)).isDirectory())
        .map((c) => ({ name: `${group}/${c}`, dir: join(ROOT, group, c) })),
    )
    .sort((a, b) => a.name.localeCompare(b.name))
}

function argsOf(dir: string): string[] {
  const file = join(dir, 'args')
  if (!existsSync(file)) return []
  const words = readFileSync(file, 'utf8').trim().split(/\s+/).filter(Boolean)
  return words.map((w, i) => (['--changed-files', '--event'].includes(words[i - 1]) ? join(dir, w) : w))
}

/** Every finding of every cell (a reported cell without one gets its GATE_* finding),
 * grouped over the environments it appears in. */
function findingLines(e: Evidence): string[] {
  const seen = new Map<string, string[]>()
  const cells = [
    ...e.repository.gates.map((g) => ({ env: '*', g })),
    ...e.environments.flatMap((env) => env.gates.map((g) => ({ env: env.environment_profile, g }))),
  ]
  for (const { env, g } of cells) {
    for (const f of findingsOf(g)) {
      const at = f.location.line === undefined ? f.location.path : `${f.location.path}:${f.location.line}:${f.location.column}`
      const key = `${at}: ${f.code} ${f.status} ${f.message} [${g.gate_id}`
      seen.set(key, [...(seen.get(key) ?? []), env])
    }
  }
  // Each user gate's result, so a gate that quietly stops applying changes the file too.
  const results = new Map<string, string[]>()
  for (const { env, g } of cells) {
    if (g.builtin) continue
    const key = `result ${g.gate_id} ${g.result}${g.result === 'pass' || !g.missing_reason ? '' : ` (${g.missing_reason})`}`
    results.set(key, [...(results.get(key) ?? []), env])
  }
  return [
    ...[...seen].map(([key, envs]) => `${key}: ${envs.join(' ')}]`).sort(),
    ...[...results].map(([key, envs]) => `${key}: ${envs.join(' ')}`).sort(),
  ]
}

async function run(dir: string): Promise<string> {
  const { code, stdout, stderr } = await runCli(['check', '--root', dir, '--format', 'json', '--now', '2026-05-01', ...argsOf(dir)])
  const errors = stderr ? stderr.trimEnd().split('\n').map((l) => l.replaceAll(`${dir}/`, '')) : []
  const body = code === 2 ? errors : [...findingLines(JSON.parse(stdout) as Evidence), ...errors.map((l) => `stderr: ${l}`)]
  return [...body, `exit ${code}`].join('\n') + '\n'
}

describe('golden gate cases', () => {
  const all = cases()

  it('finds the cases', () => {
    expect(all.length).toBeGreaterThan(20)
  })

  it.each(all)('$name', async ({ dir }) => {
    const actual = await run(dir)
    const file = join(dir, 'expected.txt')
    if (UPDATE) writeFileSync(file, actual)
    expect(actual).toBe(readFileSync(file, 'utf8'))
  })
})
