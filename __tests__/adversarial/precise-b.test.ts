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
      production: ['gate-matrix/change-class', 'readme'],
      'release-approvals': ['approvals-only'],
    })
  })

  it('selects --env by GitHub name rules and reports the declared spelling', async () => {
    const root = tempRepo({ 'gate-matrix.yml': MATRIX, 'README.md': '# x\n' })
    const r = await runCli(['check', '--root', root, '--format', 'json', '--now', '2026-05-01', '--env', 'PRODUCTION'])
    expect(r.code).toBe(0)
    expect(Object.keys(cells(JSON.parse(r.stdout) as Evidence))).toEqual(['production'])
  })
})
