// GitHubState over the real client, against the loopback GitHub API stand-in: the
// assertion kinds and the owners built-in evaluated end to end through HTTP.
import { describe, expect, it } from '@jest/globals'
import { checksKind } from '../../src/gates/assertions/checks.js'
import { codeScanningKind } from '../../src/gates/assertions/code-scanning.js'
import { pollDelays } from '../../src/gates/support/check-state.js'
import { priorValidationKind } from '../../src/gates/assertions/prior-validation.js'
import { reviewsKind } from '../../src/gates/assertions/reviews.js'
import { matrixOwnersGate } from '../../src/gates/builtins/matrix-owners.js'
import type { GitHubState } from '../../src/core/github-port.js'
import { createGitHubClient } from '../../src/github/client.js'
import { createGitHubState, TEAM_TOKEN_HINT } from '../../src/github/state.js'
import { type ApiHandler, type GitHubApi, apiPerTest } from '../helpers/github-api-server.js'
import { checkRun, commitStatus, paged, pull, pullReview, user } from '../fixtures/github-state/api.js'
import { assertionContext, HEAD, parseMatrix as loadMatrix, OLD, runContext } from '../support/gates.js'

const RUNS = 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs'
const STATUSES = 'GET /repos/{owner}/{repo}/commits/{ref}/statuses'
const PULL = 'GET /repos/{owner}/{repo}/pulls/{pull_number}'
const REVIEWS = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews'
const TEAM = 'GET /orgs/{org}/teams/{team_slug}/members'
const VALIDATED = 'd'.repeat(40)
const ANALYSES = 'GET /repos/{owner}/{repo}/code-scanning/analyses'
const ALERTS = 'GET /repos/{owner}/{repo}/code-scanning/alerts'

const MATRIX = loadMatrix(`version: 1
owners: [alice, acme/release]
environments:
  production: {}
gates:
  - id: g
    family: ci
    assert:
      - checks: { names: [build, ci/lint] }
      - reviews: { approvals: 1, groups: { release: [acme/release] } }
      - prior_validation: { check: full-validation }
`)

let api: GitHubApi | null = null
const startApi = apiPerTest()

async function serve(handlers: Record<string, ApiHandler>, o: { maxRequests?: number } = {}) {
  api = await startApi({ handlers })
  const client = createGitHubClient({ token: 't0k', baseUrl: api.url, retries: 1, retryBaseMs: 1, retryMaxMs: 5, maxRequests: o.maxRequests })
  const sleeps: number[] = []
  const state = createGitHubState(client, { owner: 'o', repo: 'r' }, { clock: { sleep: async (ms) => void sleeps.push(ms), now: () => 0 } })
  return { state, client, sleeps, server: api }
}
const url = () => api!.url

function ctx(state: GitHubState, kind: string, index: number, extra: Parameters<typeof runContext>[0] = {}) {
  const c = assertionContext(MATRIX, runContext({ api: state, ...extra }), kind)
  const declaredPath = ['gates', 0, 'assert', index, kind]
  return { ...c, declaredPath, declaredAt: MATRIX.doc.locate(declaredPath).location }
}

describe('checks through the API', () => {
  it('paginates check runs and statuses; a re-run on a later page supersedes a failure', async () => {
    const runs = [checkRun('build', 'failure', '2026-11-01T09:00:00Z'), ...Array.from({ length: 230 }, (_, i) => checkRun(`other-${i}`, 'success')), checkRun('build', 'success', '2026-11-01T11:00:00Z')]
    const statuses = [...Array.from({ length: 140 }, (_, i) => commitStatus(`ctx-${i}`, 'success')), commitStatus('ci/lint', 'success', '2026-11-01T12:00:00Z'), commitStatus('ci/lint', 'failure', '2026-11-01T10:00:00Z')]
    const { state } = await serve({ [RUNS]: paged(url, runs, 'check_runs'), [STATUSES]: paged(url, statuses) })
    const outcome = await checksKind.evaluate({ names: ['build', 'ci/lint'] }, ctx(state, 'checks', 0))
    expect(outcome).toEqual({ result: 'pass', findings: [] })
    expect(api!.count(RUNS)).toBe(3)
    expect(api!.count(STATUSES)).toBe(2)
    expect(api!.requests[0]).toMatchObject({ params: { ref: HEAD }, query: { filter: 'all', per_page: '100' } })
  })

  it('a check that never ran is missing at its name in the matrix', async () => {
    const { state } = await serve({ [RUNS]: paged(url, [checkRun('build', 'success')], 'check_runs'), [STATUSES]: paged(url, []) })
    const outcome = await checksKind.evaluate({ names: ['build', 'ci/lint'] }, ctx(state, 'checks', 0))
    expect(outcome.result).toBe('missing')
    expect(outcome.findings).toEqual([
      { status: 'missing', code: 'CHECK_MISSING', message: 'check "ci/lint" never reported on aaaaaaaaaaaa', location: { path: 'gate-matrix.yml', line: 9, column: 34 } },
    ])
  })

  it('a wait that times out costs exactly its stated number of requests', async () => {
    const { state, sleeps } = await serve({ [RUNS]: paged(url, [checkRun('build', null)], 'check_runs'), [STATUSES]: paged(url, [commitStatus('ci/lint', 'pending')]) })
    const outcome = await checksKind.evaluate({ names: ['build', 'ci/lint'], wait: '10m' }, ctx(state, 'checks', 0))
    expect(outcome.result).toBe('missing')
    expect(outcome.findings.map((f) => f.message)).toEqual([
      'check "build" is still running (in_progress) on aaaaaaaaaaaa (waited 10m)',
      'check "ci/lint" is still running (pending) on aaaaaaaaaaaa (waited 10m)',
    ])
    const polls = pollDelays(600_000).length + 1
    expect(polls).toBe(13)
    expect(sleeps).toEqual(pollDelays(600_000))
    expect(api!.requests).toHaveLength(2 * polls) // one page of check runs + one of statuses per poll
  })

  it('a wait that runs out of the request budget is blocked, not passed', async () => {
    const { state, client } = await serve({ [RUNS]: paged(url, [checkRun('build', null)], 'check_runs'), [STATUSES]: paged(url, []) }, { maxRequests: 7 })
    const outcome = await checksKind.evaluate({ names: ['build'], wait: '10m' }, ctx(state, 'checks', 0))
    expect(outcome).toMatchObject({ result: 'blocked', findings: [{ status: 'blocked', code: 'GITHUB_UNAVAILABLE', message: expect.stringContaining('budget of 7 requests') }] })
    expect(client.requestCount).toBe(7)
  })

  it('answers are shared across evaluations of the same commit (one set of requests per run)', async () => {
    const { state } = await serve({ [RUNS]: paged(url, [checkRun('build', 'success')], 'check_runs'), [STATUSES]: paged(url, [commitStatus('ci/lint', 'success')]) })
    for (let i = 0; i < 3; i++) expect((await checksKind.evaluate({ names: ['build', 'ci/lint'] }, ctx(state, 'checks', 0))).result).toBe('pass')
    expect(api!.requests).toHaveLength(2)
  })
})

describe('reviews through the API', () => {
  const team: ApiHandler = () => ({ body: [user('bob'), user('erin')] })

  it('paginates reviews: a later approval on page 2 counts; dismissed and stale approvals do not', async () => {
    const reviews = [
      pullReview('bob', 'DISMISSED', HEAD),
      ...Array.from({ length: 105 }, (_, i) => pullReview(`commenter${i}`, 'COMMENTED', HEAD)),
      pullReview('erin', 'APPROVED', OLD, '2026-11-01T11:00:00Z'),
    ]
    const { state } = await serve({ [PULL]: () => ({ body: pull(7, 'dev', HEAD, OLD) }), [REVIEWS]: paged(url, reviews), [TEAM]: team })
    const options = { approvals: 1, groups: { release: ['acme/release'] } }
    expect(await reviewsKind.evaluate(options, ctx(state, 'reviews', 1))).toEqual({ result: 'pass', findings: [] })
    const stale = await reviewsKind.evaluate({ ...options, dismiss_stale: true }, ctx(state, 'reviews', 1))
    expect(stale.result).toBe('fail')
    expect(stale.findings.map((f) => f.location.line)).toEqual([10, 10])
    expect(stale.findings[1].message).toBe('group release (acme/release) needs 1 approval on PR #7, has 0; approved by: none; not counted, approved an older commit than aaaaaaaaaaaa: erin')
    expect(api!.count(REVIEWS)).toBe(2) // two pages, fetched once for both evaluations
  })

  it("the author's own approval does not count", async () => {
    const { state } = await serve({ [PULL]: () => ({ body: pull(7, 'bob', HEAD, OLD) }), [REVIEWS]: paged(url, [pullReview('bob', 'APPROVED', HEAD)]), [TEAM]: team })
    const outcome = await reviewsKind.evaluate({ approvals: 1 }, ctx(state, 'reviews', 1))
    expect(outcome.findings[0].message).toBe('PR #7 needs 1 approval, has 0 (none)')
  })

  it('team lookup denied (403): blocked, naming the token that can read teams', async () => {
    const { state } = await serve({
      [PULL]: () => ({ body: pull(7, 'dev', HEAD, OLD) }),
      [REVIEWS]: paged(url, [pullReview('bob', 'APPROVED', HEAD)]),
      [TEAM]: () => ({ status: 403, body: { message: 'Resource not accessible by integration' } }),
    })
    const outcome = await reviewsKind.evaluate({ groups: { release: ['acme/release'] } }, ctx(state, 'reviews', 1))
    expect(outcome.result).toBe('blocked')
    expect(outcome.findings[0]).toMatchObject({ status: 'blocked', code: 'GITHUB_UNAVAILABLE', message: expect.stringContaining(TEAM_TOKEN_HINT) })
    expect(outcome.findings[0].message).toMatch(/^cannot read the members of team acme\/release \(HTTP 403/)
  })
})

describe('prior_validation through the API', () => {
  const inputs = { validated_against_source_sha: VALIDATED }

  it('found: the check succeeded on the validated SHA', async () => {
    const { state } = await serve({ [RUNS]: paged(url, [checkRun('full-validation', 'success')], 'check_runs'), [STATUSES]: paged(url, []) })
    expect(await priorValidationKind.evaluate({ check: 'full-validation' }, ctx(state, 'prior_validation', 2, { inputs }))).toEqual({ result: 'pass', findings: [] })
    expect(api!.requests[0].params.ref).toBe(VALIDATED)
  })

  it('not found: a commit GitHub does not know (422) is missing, not blocked', async () => {
    const { state } = await serve({ [RUNS]: () => ({ status: 422, body: { message: `No commit found for SHA: ${VALIDATED}` } }), [STATUSES]: paged(url, []) })
    const outcome = await priorValidationKind.evaluate({ check: 'full-validation' }, ctx(state, 'prior_validation', 2, { inputs }))
    expect(outcome).toMatchObject({ result: 'missing', findings: [{ code: 'PRIOR_VALIDATION_MISSING', message: `"full-validation" never ran on the validated source ${VALIDATED}` }] })
  })
})

describe('code_scanning through the API', () => {
  const analysis = { id: 201, ref: 'refs/heads/main', commit_sha: HEAD, tool: { name: 'CodeQL' }, created_at: '2026-11-19T09:00:00Z' }
  const judge = (state: GitHubState, tool?: string) =>
    codeScanningKind.evaluate(codeScanningKind.options.parse({ severity: 'high', ...(tool ? { tool } : {}) }), { ...ctx(state, 'checks', 0), run: runContext({ api: state, github: { event_name: 'push', ref: 'refs/heads/main' } }) })

  it('a tool name no analysis has (a typo) is missing, not a pass on an empty alert list; alerts are not read', async () => {
    const { state } = await serve({ [ANALYSES]: (q) => ({ body: q.query.tool_name === 'CodeQL' ? [analysis] : [] }), [ALERTS]: () => ({ body: [] }) })
    const o = await judge(state, 'CodeQl')
    expect(o.findings.map((f) => [f.code, f.status])).toEqual([['CODE_SCANNING_NO_ANALYSIS', 'missing']])
    expect(api!.requests.map((q) => [q.route, q.query.ref, q.query.tool_name, q.query.per_page])).toEqual([[ANALYSES, 'refs/heads/main', 'CodeQl', '1']])
  })

  it('a ref with no analysis (200, empty list) is missing too', async () => {
    const { state } = await serve({ [ANALYSES]: () => ({ body: [] }), [ALERTS]: () => ({ body: [] }) })
    expect((await judge(state)).findings.map((f) => f.code)).toEqual(['CODE_SCANNING_NO_ANALYSIS'])
  })

  it('with an analysis on record, the alerts decide; one analyses request per ref and tool in a run', async () => {
    const { state } = await serve({ [ANALYSES]: () => ({ body: [analysis] }), [ALERTS]: () => ({ body: [] }) })
    expect((await judge(state, 'CodeQL')).result).toBe('pass')
    expect((await judge(state, 'CodeQL')).result).toBe('pass')
    expect(api!.requests.map((q) => q.route)).toEqual([ANALYSES, ALERTS])
  })

  it.each([
    [403, 'CODE_SCANNING_FORBIDDEN', 'blocked', 'Advanced Security must be enabled for this repository to use code scanning.'],
    [404, 'CODE_SCANNING_NO_ANALYSIS', 'missing', 'no analysis found'],
  ])('%i on the analyses is %s, %s', async (status, code, result, message) => {
    const { state } = await serve({ [ANALYSES]: () => ({ status, body: { message } }) })
    expect((await judge(state)).findings.map((f) => [f.code, f.status])).toEqual([[code, result]])
  })
})

describe('matrix owners through the API', () => {
  const changes = { kind: 'files' as const, files: ['gate-matrix.yml'] }
  const ownersCtx = (state: GitHubState) => ({ ...ctx(state, 'checks', 0, { changes }), environment: null, gateId: matrixOwnersGate.id })

  it('matrix changed without an owner approval: blocker at owners:', async () => {
    const { state } = await serve({ [PULL]: () => ({ body: pull(7, 'dev', HEAD, OLD) }), [REVIEWS]: paged(url, [pullReview('carol', 'APPROVED', HEAD)]), [TEAM]: () => ({ body: [user('bob')] }) })
    expect(await matrixOwnersGate.evaluate(ownersCtx(state))).toMatchObject({
      result: 'fail',
      findings: [{ code: 'MATRIX_OWNER_APPROVAL_MISSING', location: { path: 'gate-matrix.yml', line: 2, column: 1 } }],
    })
  })

  it('matrix changed with an owner approval (through the team): pass', async () => {
    const { state } = await serve({ [PULL]: () => ({ body: pull(7, 'dev', HEAD, OLD) }), [REVIEWS]: paged(url, [pullReview('bob', 'APPROVED', HEAD)]), [TEAM]: () => ({ body: [user('bob')] }) })
    expect(await matrixOwnersGate.evaluate(ownersCtx(state))).toEqual({ result: 'pass', findings: [] })
  })
})

describe('environment settings through the API', () => {
  const ENVIRONMENT = 'GET /repos/{owner}/{repo}/environments/{environment_name}'
  const base = { id: 1, node_id: 'EN_1', name: 'production', url: '', html_url: '', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z' }

  it('an answer without protection_rules leaves the timer and the reviewers unknown; an empty list means none', async () => {
    const { state } = await serve({ [ENVIRONMENT]: (q) => ({ body: q.params.environment_name === 'bare' ? base : { ...base, protection_rules: [] } }) })
    expect(await state.environment('bare')).toMatchObject({ wait_timer: undefined, required_reviewers: undefined })
    expect(await state.environment('listed')).toMatchObject({ wait_timer: 0, required_reviewers: null })
  })
})
