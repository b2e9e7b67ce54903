import { describe, expect, it } from '@jest/globals'
import { GitHubUnavailableError, type DeploymentInfo, type DeploymentStatusInfo } from '../../src/core/github-port.js'
import type { RunContext } from '../../src/core/run.js'
import type { AssertionContext } from '../../src/gates/kit.js'
import { promotionOrderGate } from '../../src/gates/builtins/promotion-order.js'
import { RepoReader } from '../../src/repo/reader.js'
import { HEAD, OLD, type MemoryData, memoryState, parseMatrix, runOf } from '../support/gates.js'

const MATRIX = (promotion = '') => `version: 1
environments:
  staging: { branch: main }
  production:
    branch: main
    after: [Staging]
${promotion}gates: []
`

function context(o: { promotion?: string; run?: Partial<RunContext>; api?: MemoryData | null; event?: string | null; env?: string } = {}): AssertionContext {
  const matrix = parseMatrix(MATRIX(o.promotion))
  const name = o.env ?? 'production'
  const run = runOf({
    root: '/nonexistent',
    matrixPath: matrix.path,
    today: '2026-11-20',
    now: '2026-11-20T12:00:00Z',
    api: o.api === null ? null : memoryState(o.api ?? {}),
    ...o.run,
    github: { event_name: o.event === undefined ? 'workflow_dispatch' : o.event, sha: HEAD, ref: 'refs/heads/main', repository: 'o/r' },
  })
  return { repo: new RepoReader(process.cwd()), matrix, run, environment: { ...matrix.spec.environments[name], name }, gateId: promotionOrderGate.id, declaredAt: matrix.doc.locate([]).location, declaredPath: [] }
}

let id = 100
function deployment(sha: string, states: Array<[string, string]>, o: Partial<DeploymentInfo> = {}): DeploymentInfo & { statuses: DeploymentStatusInfo[] } {
  const d = { id: id++, sha, ref: 'main', task: 'deploy', environment: 'staging', created_at: states[0]?.[1] ?? '2026-11-19T00:00:00Z', ...o }
  return { ...d, statuses: states.map(([state, created_at], i) => ({ id: d.id * 10 + i, state, created_at })) }
}

// `after: [Staging]` is on line 6, its entry at column 13.
const AFTER = { path: 'gate-matrix.yml', line: 6, column: 13 }

describe('built-in promotion-order', () => {
  it('passes when the SHA ever succeeded in staging, even if a newer deploy made it inactive, and keeps the proof', async () => {
    const ctx = context({ api: { deployments: [deployment(HEAD, [['in_progress', '2026-11-19T09:00:00Z'], ['success', '2026-11-19T09:05:00Z'], ['inactive', '2026-11-19T10:00:00Z']], { id: 7 })] } })
    const o = await promotionOrderGate.evaluate(ctx)
    expect(o.result).toBe('pass')
    expect(o.observations).toEqual([
      {
        source: 'deployments',
        subject: 'staging',
        facts: { sha: HEAD, require: 'ever', task: null, deployment_ids: ['7'], states: ['inactive'], success_deployment: '7', success_at: '2026-11-19T09:05:00Z' },
      },
    ])
    // One list by sha+environment (the declared spelling, not the `after` entry's), one statuses read.
    expect((ctx.run.api as ReturnType<typeof memoryState>).calls).toEqual([`deployments staging ${HEAD} - 1`, 'deploymentStatuses 7'])
  })

  it('is missing at the `after:` line when the SHA never reached staging', async () => {
    const o = await promotionOrderGate.evaluate(context({ api: { deployments: [deployment(OLD, [['success', '2026-11-19T09:05:00Z']])] } }))
    expect(o.result).toBe('missing')
    expect(o.findings.map((f) => [f.code, f.status, f.location])).toEqual([['PROMOTION_PREREQUISITE_MISSING', 'missing', AFTER]])
    expect(o.findings[0].message).toContain('was never deployed to staging')
  })

  it('fails on a failed staging deployment, waits on a running one, and is missing with only inactive left', async () => {
    const failed = await promotionOrderGate.evaluate(context({ api: { deployments: [deployment(HEAD, [['in_progress', '2026-11-19T09:00:00Z'], ['failure', '2026-11-19T09:05:00Z']])] } }))
    expect(failed.findings.map((f) => [f.code, f.status])).toEqual([['PROMOTION_PREREQUISITE_FAILED', 'fail']])
    const running = await promotionOrderGate.evaluate(context({ api: { deployments: [deployment(HEAD, [['queued', '2026-11-19T09:00:00Z'], ['in_progress', '2026-11-19T09:01:00Z']])] } }))
    expect(running.findings.map((f) => [f.code, f.status])).toEqual([['PROMOTION_PREREQUISITE_PENDING', 'missing']])
    const aged = await promotionOrderGate.evaluate(context({ api: { deployments: [deployment(HEAD, [['inactive', '2026-08-01T09:00:00Z']])] } }))
    expect(aged.findings.map((f) => [f.code, f.status])).toEqual([['PROMOTION_PREREQUISITE_MISSING', 'missing']])
    expect(aged.findings[0].message).toContain('no success status on record')
  })

  it('require: current passes only for the newest successful staging deployment, paging no further than needed', async () => {
    const promotion = '    promotion: { require: current }\n'
    const deployments = [
      deployment(OLD, [['success', '2026-11-18T09:00:00Z'], ['inactive', '2026-11-19T09:05:00Z']], { id: 1, created_at: '2026-11-18T09:00:00Z' }),
      deployment(HEAD, [['success', '2026-11-19T09:05:00Z']], { id: 2, created_at: '2026-11-19T09:00:00Z' }),
      deployment('c'.repeat(40), [['failure', '2026-11-19T11:00:00Z']], { id: 3, created_at: '2026-11-19T11:00:00Z' }),
    ]
    const ctx = context({ promotion, api: { deployments } })
    const ok = await promotionOrderGate.evaluate(ctx)
    expect(ok.result).toBe('pass')
    expect(ok.observations?.[0].facts).toMatchObject({ require: 'current', current_deployment: '2', deployment_ids: ['3', '2'], states: ['failure', 'success'] })
    expect((ctx.run.api as ReturnType<typeof memoryState>).calls).toEqual(['deployments staging - - 1', 'deploymentStatuses 3', 'deploymentStatuses 2'])

    const older = await promotionOrderGate.evaluate(context({ promotion, api: { deployments: [...deployments, deployment('d'.repeat(40), [['success', '2026-11-20T08:00:00Z']], { id: 4, created_at: '2026-11-20T08:00:00Z' })] } }))
    expect(older.findings.map((f) => [f.code, f.status, f.location])).toEqual([['PROMOTION_NOT_CURRENT', 'fail', AFTER]])
    expect(older.findings[0].message).toContain(`staging now runs ${'d'.repeat(12)} (deployment 4), not ${HEAD.slice(0, 12)}`)
  })

  it('soak: measured against the run\'s time, from the first success, at the soak line', async () => {
    const promotion = '    promotion: { soak: 4h, task: deploy }\n'
    const api = { deployments: [deployment(HEAD, [['success', '2026-11-20T09:00:00Z']])] }
    const young = await promotionOrderGate.evaluate(context({ promotion, api }))
    expect(young.findings.map((f) => [f.code, f.status, f.location])).toEqual([['PROMOTION_SOAKING', 'missing', { path: 'gate-matrix.yml', line: 7, column: 24 }]])
    expect(young.findings[0].message).toBe(`${HEAD.slice(0, 12)} succeeded in staging at 2026-11-20T09:00:00Z (deployment ${young.observations![0].facts.success_deployment}); the soak of 4h ends at 2026-11-20T13:00:00.000Z: promote it to production after that`)
    // The run's clock is no fact of the evidence: a later run still soaking says the same bytes.
    const later = await promotionOrderGate.evaluate(context({ promotion, api, run: { now: '2026-11-20T12:30:00Z' } }))
    expect(JSON.stringify([later.findings, later.observations])).toBe(JSON.stringify([young.findings, young.observations]))
    expect((await promotionOrderGate.evaluate(context({ promotion, api, run: { now: '2026-11-20T13:00:00Z' } }))).result).toBe('pass')
    // Without a moment (--now names a day) the day's start is the clock: earlier, never later.
    expect((await promotionOrderGate.evaluate(context({ promotion, api: { deployments: [deployment(HEAD, [['success', '2026-11-19T21:00:00Z']])] }, run: { now: undefined } }))).result).toBe('missing')
  })

  it('takes the promoted SHA from the dispatch input sha_input names, and refuses a short one at that line', async () => {
    const promotion = '    promotion: { sha_input: source_sha }\n'
    const api = { deployments: [deployment(OLD, [['success', '2026-11-19T09:05:00Z']])] }
    expect((await promotionOrderGate.evaluate(context({ promotion, api, run: { inputs: { source_sha: OLD } } }))).result).toBe('pass')
    const bad = await promotionOrderGate.evaluate(context({ promotion, api, run: { inputs: { source_sha: 'bbbb' } } }))
    expect(bad.findings.map((f) => [f.code, f.status, f.location])).toEqual([['PROMOTION_SHA_INVALID', 'fail', { path: 'gate-matrix.yml', line: 7, column: 29 }]])
  })

  it('promotes the pushed commit on a push: sha_input is a dispatch input, and a push has none', async () => {
    const promotion = '    promotion: { sha_input: source_sha }\n'
    const api = { deployments: [deployment(HEAD, [['success', '2026-11-19T09:05:00Z']])] }
    const push = await promotionOrderGate.evaluate(context({ promotion, api, event: 'push' }))
    expect(push.result).toBe('pass')
    expect(push.observations?.[0].facts.sha).toBe(HEAD)
  })

  it('is not applicable without `after:` or on a run that promotes nothing; missing without the API; blocked when it fails', async () => {
    expect((await promotionOrderGate.evaluate(context({ env: 'staging' }))).result).toBe('not_applicable')
    expect((await promotionOrderGate.evaluate(context({ event: 'pull_request' }))).reason).toContain("this run's event is pull_request")
    expect((await promotionOrderGate.evaluate(context({ event: null }))).result).toBe('not_applicable')
    const none = await promotionOrderGate.evaluate(context({ api: null }))
    expect(none.findings.map((f) => [f.code, f.status, f.location])).toEqual([['GITHUB_NOT_CONFIGURED', 'missing', AFTER]])
    const down = await promotionOrderGate.evaluate(context({ api: { fail: new GitHubUnavailableError('GET deployments: HTTP 503 after 3 retries', 'error') } }))
    expect(down.findings.map((f) => [f.code, f.status])).toEqual([['GITHUB_UNAVAILABLE', 'blocked']])
  })
})
