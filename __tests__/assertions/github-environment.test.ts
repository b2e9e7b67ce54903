import { describe, expect, it } from '@jest/globals'
import { GitHubUnavailableError, type EnvironmentSettings } from '../../src/core/github-port.js'
import { githubEnvironmentKind } from '../../src/gates/assertions/github-environment.js'
import type { AssertionContext } from '../../src/gates/kit.js'
import { RepoReader } from '../../src/repo/reader.js'
import { type MemoryData, memoryState, parseMatrix, runOf, validateKind } from '../support/gates.js'

// Options on their own lines, so each finding's line names the option.
const MATRIX = `version: 1
environments:
  production: { branch: main }
gates:
  - id: g
    family: source-promotion
    assert:
      - github_environment:
          branch_policy: [main, "release/*"]
          required_reviewers:
            min: 1
            include: [alice]
            prevent_self_review: true
          wait_timer: 30
          admins_can_bypass: false
          custom_rules: [datadog-gate]
`

const GOOD: EnvironmentSettings & { branch_policies: string[]; custom_rules: string[] } = {
  wait_timer: 30,
  required_reviewers: { prevent_self_review: true, reviewers: ['alice', 'team:release'] },
  can_admins_bypass: false,
  deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
  branch_policies: ['release/*', 'main'],
  custom_rules: ['datadog-gate'],
}

function context(api: MemoryData | null): AssertionContext {
  const matrix = parseMatrix(MATRIX)
  const declaredPath = ['gates', 0, 'assert', 0, 'github_environment']
  const run = runOf({ root: '/nonexistent', matrixPath: matrix.path, api: api === null ? null : memoryState(api), github: { event_name: 'workflow_dispatch', repository: 'o/r' } })
  return { repo: new RepoReader(process.cwd()), matrix, run, environment: { ...matrix.spec.environments.production, name: 'production' }, gateId: 'g', declaredAt: matrix.doc.locate(declaredPath).location, declaredPath }
}

async function judge(env: Partial<typeof GOOD> | null, api: Omit<MemoryData, 'environments'> = {}) {
  const ctx = context({ ...api, environments: env ? { production: { ...GOOD, ...env } } : {} })
  const options = (ctx.matrix.spec.gates[0].assert[0] as Record<string, unknown>).github_environment
  return { outcome: await githubEnvironmentKind.evaluate(githubEnvironmentKind.options.parse(options), ctx), calls: (ctx.run.api as ReturnType<typeof memoryState>).calls }
}

const lines = (o: { findings: Array<{ code: string; status: string; location: { line?: number } }> }) => o.findings.map((f) => [f.code, f.status, f.location.line])

describe('github_environment', () => {
  it('passes when every declared setting matches, with one request per fact, and records what it read', async () => {
    const { outcome, calls } = await judge({})
    expect(outcome.result).toBe('pass')
    expect(calls).toEqual(['environment production', 'deploymentBranchPolicies production', 'customProtectionRules production'])
    expect(outcome.observations).toEqual([
      {
        source: 'environment',
        subject: 'production',
        facts: { exists: true, branch_policy: 'custom', branch_patterns: ['main', 'release/*'], reviewers: ['alice', 'team:release'], prevent_self_review: true, wait_timer: 30, can_admins_bypass: false, custom_rules: ['datadog-gate'] },
      },
    ])
  })

  it('fails each differing setting at its option', async () => {
    const { outcome } = await judge({
      wait_timer: 0,
      required_reviewers: { prevent_self_review: false, reviewers: [] },
      can_admins_bypass: true,
      branch_policies: ['main'],
      custom_rules: [],
    })
    expect(lines(outcome)).toEqual([
      ['ENVIRONMENT_SETTING_MISMATCH', 'fail', 9],
      ['ENVIRONMENT_SETTING_MISMATCH', 'fail', 11],
      ['ENVIRONMENT_SETTING_MISMATCH', 'fail', 12],
      ['ENVIRONMENT_SETTING_MISMATCH', 'fail', 13],
      ['ENVIRONMENT_SETTING_MISMATCH', 'fail', 14],
      ['ENVIRONMENT_SETTING_MISMATCH', 'fail', 15],
      ['ENVIRONMENT_SETTING_MISMATCH', 'fail', 16],
    ])
    expect(outcome.findings[5].message).toBe('GitHub environment "production": administrators can bypass its protections, the matrix declares admins_can_bypass: false')
  })

  it('a field the answer lacks is unknown (missing), not off: can_admins_bypass, the branch policy', async () => {
    const { outcome } = await judge({ can_admins_bypass: undefined, deployment_branch_policy: undefined })
    expect(lines(outcome)).toEqual([
      ['ENVIRONMENT_SETTING_UNKNOWN', 'missing', 9],
      ['ENVIRONMENT_SETTING_UNKNOWN', 'missing', 15],
    ])
  })

  it('an answer without protection_rules leaves the timer and the reviewers unknown, not none', async () => {
    const { outcome } = await judge({ wait_timer: undefined, required_reviewers: undefined })
    expect(lines(outcome)).toEqual([
      ['ENVIRONMENT_SETTING_UNKNOWN', 'missing', 11],
      ['ENVIRONMENT_SETTING_UNKNOWN', 'missing', 14],
    ])
  })

  it('all branches (a null policy) is not the patterns the matrix declares', async () => {
    const { outcome, calls } = await judge({ deployment_branch_policy: null })
    expect(lines(outcome)).toEqual([['ENVIRONMENT_SETTING_MISMATCH', 'fail', 9]])
    expect(outcome.findings[0].message).toContain('deployment branch policy is all')
    expect(calls).not.toContain('deploymentBranchPolicies production')
  })

  it('an environment GitHub does not have fails; no API is missing; an API failure is blocked', async () => {
    const { outcome } = await judge(null)
    expect(lines(outcome)).toEqual([['ENVIRONMENT_MISSING', 'fail', 9]])
    expect((await githubEnvironmentKind.evaluate({ wait_timer: 0 }, context(null))).findings.map((f) => f.code)).toEqual(['GITHUB_NOT_CONFIGURED'])
    const down = await judge({}, { fail: new GitHubUnavailableError('HTTP 403: Resource not accessible by integration', 'permission') })
    expect(lines(down.outcome)).toEqual([['GITHUB_UNAVAILABLE', 'blocked', 9]])
  })

  it('refuses an assertion that declares no setting', () => {
    expect(validateKind(githubEnvironmentKind, { name: 'production' }).map((p) => p.message)).toEqual([expect.stringContaining('declares no setting')])
  })
})
