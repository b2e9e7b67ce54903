// Real repositories: environment names GitHub compares case-insensitively, and
// environments that are declared without being deployment targets.
import { describe, expect, it } from '@jest/globals'
import { runCli, tempRepo } from '../support/gates.js'
import type { Evidence } from '../../src/evidence/types.js'

const MATRIX = `version: 1
environments:
  production: {}
  release-approvals:
    deployment: false
gates:
  - id: readme
    family: docs
    assert:
      - file: { path: README.md }
  - id: approvals-only
    family: source-promotion
    environments: [Release-Approvals]
    assert:
      - file: { path: README.md }
`

function cells(e: Evidence): Record<string, string[]> {
  return Object.fromEntries(e.environments.map((env) => [env.environment_profile, env.gates.map((g) => g.gate_id)]))
}

describe('environment names and non-deployment environments', () => {
  it('skips a deployment: false environment in gates without environments:, built-ins included', async () => {
    const root = tempRepo({ 'gate-matrix.yml': MATRIX, 'README.md': '# x\n' })
    const r = await runCli(['check', '--root', root, '--format', 'json', '--now', '2026-05-01'])
    expect(r.stderr).toBe('')
    expect(cells(JSON.parse(r.stdout) as Evidence)).toEqual({
      production: ['gate-matrix/change-class', 'gate-matrix/promotion-order', 'readme'],
      'release-approvals': ['approvals-only'],
    })
  })

  it('leaves a deployment: false environment out of ${{ matrix.environments }} (a dispatch choice lists targets)', async () => {
    const gate = "  - id: targets\n    family: docs\n    environments: [production]\n    assert:\n      - file: { path: README.md, contains: \"^targets: ${{ join(matrix.environments, ',') }}$\" }\n"
    const matrix = `${MATRIX}${gate}`
    const root = tempRepo({ 'gate-matrix.yml': matrix, 'README.md': 'targets: production\n' })
    const r = await runCli(['check', '--root', root, '--format', 'json', '--now', '2026-05-01'])
    expect(r.stderr).toBe('')
    expect((JSON.parse(r.stdout) as Evidence).environments[0].gates.find((g) => g.gate_id === 'targets')?.result).toBe('pass')
  })

  it('selects --env by GitHub name rules and reports the declared spelling', async () => {
    const root = tempRepo({ 'gate-matrix.yml': MATRIX, 'README.md': '# x\n' })
    const r = await runCli(['check', '--root', root, '--format', 'json', '--now', '2026-05-01', '--env', 'PRODUCTION'])
    expect(r.code).toBe(0)
    expect(Object.keys(cells(JSON.parse(r.stdout) as Evidence))).toEqual(['production'])
  })
})

const GITHUB_MATRIX = `version: 1
environments:
  production: {}
gates:
  - id: readme
    family: docs
    assert:
      - file: { path: README.md }
  - id: ci-green
    family: source-promotion
    assert:
      - checks: { names: [build] }
  - id: preview-green
    family: source-promotion
    assert:
      - checks: { names: [preview] }
`

describe('check --skip-github: the repository gates alone, the rest visibly not evaluated', () => {
  it('without the flag, gates that need the API block a local run', async () => {
    const root = tempRepo({ 'gate-matrix.yml': GITHUB_MATRIX, 'README.md': '# x\n' })
    const r = await runCli(['check', '--root', root, '--now', '2026-05-01'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/Verdict: blocked: 2 blockers/)
  })

  it('with the flag, exits 0, names each gate not evaluated in the verdict and records them in the evidence', async () => {
    const root = tempRepo({ 'gate-matrix.yml': GITHUB_MATRIX, 'README.md': '# x\n' })
    const text = await runCli(['check', '--root', root, '--now', '2026-05-01', '--skip-github'])
    expect(text.code).toBe(0)
    expect(text.stdout).toContain('Verdict: clean (2 gates not evaluated: need the GitHub API: ci-green, preview-green): no blockers')
    expect(text.stdout).not.toMatch(/Verdict: clean: /)
    const md = await runCli(['check', '--root', root, '--now', '2026-05-01', '--skip-github', '--format', 'markdown'])
    expect(md.stdout).toContain('gate-matrix: clean (2 gates not evaluated: need the GitHub API: ci-green, preview-green)')
    const json = await runCli(['check', '--root', root, '--now', '2026-05-01', '--skip-github', '--format', 'json'])
    const e = JSON.parse(json.stdout) as Evidence
    expect(e.verdict).toBe('clean')
    expect(e.not_evaluated).toEqual([
      { environment: 'production', gate_id: 'ci-green', reason: 'needs the GitHub API (--skip-github)' },
      { environment: 'production', gate_id: 'preview-green', reason: 'needs the GitHub API (--skip-github)' },
    ])
    const cell = e.environments[0].gates.find((g) => g.gate_id === 'ci-green')
    expect(cell).toMatchObject({ result: 'missing', blocking: false, not_evaluated: 'needs the GitHub API (--skip-github)' })
  })

  it('with the flag, a repository gate that fails still blocks, and the verdict still names what was skipped', async () => {
    const root = tempRepo({ 'gate-matrix.yml': GITHUB_MATRIX })
    const r = await runCli(['check', '--root', root, '--now', '2026-05-01', '--skip-github'])
    expect(r.code).toBe(1)
    expect(r.stdout).toMatch(/Verdict: blocked: 1 blocker \(production 1\); 2 gates not evaluated: need the GitHub API: ci-green, preview-green/)
  })

  it('refuses --skip-github with --repo (exit 2, no stack trace)', async () => {
    const root = tempRepo({ 'gate-matrix.yml': GITHUB_MATRIX, 'README.md': '# x\n' })
    const r = await runCli(['check', '--root', root, '--skip-github', '--repo', 'o/r', '--sha', 'a'.repeat(40)])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^gate-matrix: --skip-github runs without the GitHub API/)
  })
})

describe('merge keeps not_evaluated honest', () => {
  it('a repository cell one job skipped and another found blocking is blocking, not "not evaluated"', async () => {
    const { mergeEvidence } = await import('../../src/evidence/merge.js')
    const matrix = `version: 1\nowners: [octo]\nenvironments:\n  staging: {}\n  production: {}\ngates:\n  - id: readme\n    family: docs\n    assert:\n      - file: { path: README.md }\n`
    const root = tempRepo({ 'gate-matrix.yml': matrix, 'README.md': '# x\n', 'changed.txt': 'gate-matrix.yml\n',
      'event.json': JSON.stringify({ number: 1, pull_request: { number: 1, head: { sha: 'a'.repeat(40), ref: 'f' }, base: { sha: 'b'.repeat(40), ref: 'main' } } }),
    })
    const run = async (env: string, extra: string[]) =>
      JSON.parse((await runCli(['check', '--root', root, '--format', 'json', '--now', '2026-05-01', '--env', env, '--changed-files', `${root}/changed.txt`, '--event', `${root}/event.json`, '--event-name', 'pull_request', ...extra])).stdout) as Evidence
    const skipped = await run('staging', ['--skip-github'])
    const strict = await run('production', [])
    const owners = (e: Evidence) => e.repository.gates.find((g) => g.gate_id === 'gate-matrix/matrix-owners')
    expect(owners(skipped)).toMatchObject({ result: 'missing', blocking: false, not_evaluated: expect.any(String) })
    expect(owners(strict)).toMatchObject({ result: 'missing', blocking: true })
    const merged = mergeEvidence([{ path: 'a.json', evidence: skipped }, { path: 'b.json', evidence: strict }])
    expect(owners(merged)?.blocking).toBe(true)
    expect(owners(merged)?.not_evaluated).toBeUndefined()
    expect(merged.not_evaluated).toBeUndefined()
    expect(merged.verdict).toBe('blocked')
  })
})
