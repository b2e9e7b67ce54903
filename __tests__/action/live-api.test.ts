// The live gates on GitHub's deployment state, as a runner runs the action: dist/index.js in a
// child process against the loopback GitHub API, every request checked against GitHub's
// OpenAPI description. Everything on 127.0.0.1.
import { beforeAll, describe, expect, test } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { apiPerTest, type ApiHandler } from '../helpers/github-api-server.js'
import { ensureBuilt, examplePayload, runAction, workspace } from './harness.js'

const REPO = 'octo-org/octo-repo'
const SOURCE = '4f1c2d3e4f5a6b7c8d9e0f1a2b3c4d5e6f7a8b9c'
const CREATE = 'POST /repos/{owner}/{repo}/check-runs'
const DEPLOYMENTS = 'GET /repos/{owner}/{repo}/deployments'
const STATUSES = 'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses'

// `after: [staging]` is line 6; the entry starts at column 13.
const PROMOTION_MATRIX = `version: 1
owner: release-engineering
environments:
  staging: { branch: main }
  production:
    after: [staging]
    promotion: { sha_input: source_sha, task: deploy }
gates: []
`

function dispatch(): Record<string, unknown> {
  const payload = examplePayload('workflow_dispatch', (p) => p.ref === 'refs/heads/main')
  payload.inputs = { target_environment: 'production', source_sha: SOURCE }
  return payload
}

function deployment(id: number, sha: string, created_at = '2026-11-19T09:00:00Z') {
  return { url: `https://api.github.com/repos/${REPO}/deployments/${id}`, id, node_id: `D_${id}`, sha, ref: 'main', task: 'deploy', payload: {}, original_environment: 'staging', environment: 'staging', description: null, creator: null, created_at, updated_at: created_at, statuses_url: '', repository_url: '' }
}

function status(id: number, state: string, created_at: string) {
  return { url: '', id, node_id: `DS_${id}`, state, creator: null, description: '', environment: 'staging', target_url: '', created_at, updated_at: created_at, deployment_url: '', repository_url: '' }
}

interface Cell {
  gate_id: string
  result: string
  findings: Array<{ code: string; location: { path: string; line?: number; column?: number } }>
  observations?: Array<{ source: string; subject: string; facts: Record<string, unknown> }>
}

function promotionCell(evidencePath: string): Cell {
  const evidence = JSON.parse(readFileSync(evidencePath, 'utf8')) as { environments: Array<{ environment_profile: string; gates: Cell[] }> }
  const production = evidence.environments.find((e) => e.environment_profile === 'production')!
  return production.gates.find((g) => g.gate_id === 'gate-matrix/promotion-order')!
}

beforeAll(() => ensureBuilt(), 600_000)

const startApi = apiPerTest()

describe('promotion order (after:)', () => {
  async function promote(handlers: Record<string, ApiHandler>) {
    const api = await startApi({ handlers: { [CREATE]: () => ({ status: 201, body: { id: 5 } }), ...handlers } })
    const r = await runAction({ workspace: workspace({ 'gate-matrix.yml': PROMOTION_MATRIX }), eventName: 'workflow_dispatch', payload: dispatch(), repository: REPO, apiUrl: api.url })
    return { api, r }
  }

  test('a SHA that never succeeded in staging blocks the production promotion at the after: line', async () => {
    const { api, r } = await promote({
      [DEPLOYMENTS]: () => ({ body: [deployment(41, SOURCE)] }),
      [STATUSES]: () => ({ body: [status(2, 'failure', '2026-11-19T09:04:00Z'), status(1, 'in_progress', '2026-11-19T09:01:00Z')] }),
    })
    expect(r.code).toBe(1)
    expect(r.outputs.verdict).toBe('blocked')
    const cell = promotionCell(r.outputs['evidence-path'])
    expect(cell.result).toBe('fail')
    expect(cell.findings.map((f) => [f.code, f.location])).toEqual([['PROMOTION_PREREQUISITE_FAILED', { path: 'gate-matrix.yml', line: 6, column: 13 }]])
    expect(cell.observations).toEqual([{ source: 'deployments', subject: 'staging', facts: { sha: SOURCE, require: 'ever', task: 'deploy', deployment_ids: ['41'], states: ['failure'] } }])
    // The check run's annotation points at the `after:` line too.
    const check = api.requests.find((q) => q.route === CREATE)!.body as { output: { annotations: Array<{ path: string; start_line: number; annotation_level: string }> } }
    expect(check.output.annotations).toEqual([expect.objectContaining({ path: 'gate-matrix.yml', start_line: 6, annotation_level: 'failure' })])
    // The input's SHA, the environment and the task go to GitHub as filters.
    const list = api.requests.find((q) => q.route === DEPLOYMENTS)!
    expect(list.query).toMatchObject({ sha: SOURCE, environment: 'staging', task: 'deploy', per_page: '100', page: '1' })
  })

  test('none at all: missing at the same line, and it blocks', async () => {
    const { r } = await promote({ [DEPLOYMENTS]: () => ({ body: [] }) })
    expect(r.code).toBe(1)
    const cell = promotionCell(r.outputs['evidence-path'])
    expect(cell.findings.map((f) => [f.code, f.location.line])).toEqual([['PROMOTION_PREREQUISITE_MISSING', 6]])
  })

  test('a SHA that succeeded in staging passes, found on the second page of its deployments', async () => {
    const failed = Array.from({ length: 100 }, (_, i) => deployment(1000 + i, SOURCE))
    const { api, r } = await promote({
      [DEPLOYMENTS]: (q) =>
        q.query.page === '1'
          ? { body: failed, headers: { link: `<${'http://127.0.0.1'}/repositories/1/deployments?page=2>; rel="next"` } }
          : { body: [deployment(7, SOURCE, '2026-11-18T09:00:00Z')] },
      [STATUSES]: (q) => ({ body: q.params.deployment_id === '7' ? [status(70, 'success', '2026-11-18T09:05:00Z'), status(71, 'inactive', '2026-11-19T09:05:00Z')] : [status(1, 'error', '2026-11-19T09:05:00Z')] }),
    })
    expect(r.code).toBe(0)
    expect(r.outputs.verdict).toBe('clean')
    const cell = promotionCell(r.outputs['evidence-path'])
    expect(cell.result).toBe('pass')
    expect(cell.observations?.[0].facts).toMatchObject({ success_deployment: '7', success_at: '2026-11-18T09:05:00Z' })
    // Two pages, no third: the second had no next link.
    expect(api.requests.filter((q) => q.route === DEPLOYMENTS).map((q) => q.query.page)).toEqual(['1', '2'])
    expect(api.count(STATUSES)).toBe(101)
  })

  test('the Deployments API failing (503 after the retries) is blocked, never pass', async () => {
    const { r } = await promote({ [DEPLOYMENTS]: () => ({ status: 503, body: { message: 'Service Unavailable' } }) })
    expect(r.code).toBe(1)
    const cell = promotionCell(r.outputs['evidence-path'])
    expect(cell.result).toBe('blocked')
    expect(cell.findings.map((f) => f.code)).toEqual(['GITHUB_UNAVAILABLE'])
  })
})

describe('on_branch', () => {
  const COMPARE = 'GET /repos/{owner}/{repo}/compare/{basehead}'
  // The environment's `branch: main` is line 4, its value at column 13.
  const MATRIX = `version: 1
environments:
  production:
    branch: main
    promotion: { sha_input: source_sha }
gates:
  - id: merged-first
    family: source-promotion
    assert:
      - on_branch: {}
`

  async function promote(status: number, body: unknown) {
    const api = await startApi({ handlers: { [CREATE]: () => ({ status: 201, body: { id: 5 } }), [COMPARE]: () => ({ status, body }) } })
    const r = await runAction({ workspace: workspace({ 'gate-matrix.yml': MATRIX }), eventName: 'workflow_dispatch', payload: dispatch(), repository: REPO, apiUrl: api.url })
    const evidence = JSON.parse(readFileSync(r.outputs['evidence-path'], 'utf8')) as { environments: Array<{ gates: Cell[] }> }
    return { api, r, cell: evidence.environments[0].gates.find((g) => g.gate_id === 'merged-first')! }
  }

  test('an unmerged commit (compare: ahead) blocks at the environment\'s branch line', async () => {
    const { api, r, cell } = await promote(200, { status: 'ahead', ahead_by: 2, behind_by: 0, total_commits: 2, commits: [], files: [] })
    expect(r.code).toBe(1)
    expect(cell.findings.map((f) => [f.code, f.location])).toEqual([['SHA_NOT_ON_BRANCH', { path: 'gate-matrix.yml', line: 4, column: 13 }]])
    expect(cell.observations).toEqual([{ source: 'compare', subject: `main...${SOURCE}`, facts: { status: 'ahead', ahead_by: 2, behind_by: 0 } }])
    expect(api.requests.find((q) => q.route === COMPARE)!.params.basehead).toBe(`main...${SOURCE}`)
  })

  test('a merged commit (compare: behind) passes', async () => {
    const merged = await promote(200, { status: 'behind', ahead_by: 0, behind_by: 5, total_commits: 0, commits: [], files: [] })
    expect(merged.r.code).toBe(0)
    expect(merged.cell.result).toBe('pass')
  })

  // One loopback API per test: apiPerTest closes it and checks its requests afterwards.
  test('a commit GitHub does not know (compare: 404) is missing, and blocks', async () => {
    const unknown = await promote(404, { message: 'Not Found' })
    expect(unknown.r.code).toBe(1)
    expect(unknown.cell.findings.map((f) => [f.code, f.location.line])).toEqual([['SHA_UNKNOWN', 5]])
  })
})

describe('github_environment', () => {
  const ENV = 'GET /repos/{owner}/{repo}/environments/{environment_name}'
  const POLICIES = 'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies'
  const MATRIX = `version: 1
environments:
  production: { branch: main }
gates:
  - id: production-protected
    family: source-promotion
    assert:
      - github_environment:
          branch_policy: ["\${{ environment.branch }}"]
          admins_can_bypass: false
`
  const answer = (extra: Record<string, unknown>) => ({
    id: 1, node_id: 'EN_1', name: 'production', url: '', html_url: '', created_at: '2026-01-01T00:00:00Z', updated_at: '2026-01-01T00:00:00Z',
    protection_rules: [{ id: 3, node_id: 'GA_3', type: 'branch_policy' }],
    deployment_branch_policy: { protected_branches: false, custom_branch_policies: true },
    ...extra,
  })

  async function check(handlers: Record<string, ApiHandler>) {
    const api = await startApi({ handlers: { [CREATE]: () => ({ status: 201, body: { id: 5 } }), ...handlers } })
    const r = await runAction({ workspace: workspace({ 'gate-matrix.yml': MATRIX }), eventName: 'workflow_dispatch', payload: dispatch(), repository: REPO, apiUrl: api.url })
    const evidence = JSON.parse(readFileSync(r.outputs['evidence-path'], 'utf8')) as { environments: Array<{ gates: Cell[] }> }
    return { api, r, cell: evidence.environments[0].gates.find((g) => g.gate_id === 'production-protected')! }
  }

  test('matching settings pass; the branch patterns are read only because custom policies are on', async () => {
    const { api, r, cell } = await check({
      [ENV]: () => ({ body: answer({ can_admins_bypass: false }) }),
      [POLICIES]: () => ({ body: { total_count: 1, branch_policies: [{ id: 9, node_id: 'BP_9', name: 'main', type: 'branch' }] } }),
    })
    expect(r.code).toBe(0)
    expect(cell.result).toBe('pass')
    expect(api.requests.find((q) => q.route === ENV)!.params.environment_name).toBe('production')
  })

  test('an answer without can_admins_bypass is unknown, not off: missing, and it blocks', async () => {
    const { r, cell } = await check({
      [ENV]: () => ({ body: answer({}) }),
      [POLICIES]: () => ({ body: { total_count: 1, branch_policies: [{ id: 9, node_id: 'BP_9', name: 'main', type: 'branch' }] } }),
    })
    expect(r.code).toBe(1)
    expect(cell.findings.map((f) => [f.code, f.location.line])).toEqual([['ENVIRONMENT_SETTING_UNKNOWN', 10]])
  })

  test('no such environment on GitHub (404) fails', async () => {
    const { r, cell } = await check({ [ENV]: () => ({ status: 404, body: { message: 'Not Found' } }) })
    expect(r.code).toBe(1)
    expect(cell.findings.map((f) => f.code)).toEqual(['ENVIRONMENT_MISSING'])
  })
})

describe('code_scanning', () => {
  const ALERTS = 'GET /repos/{owner}/{repo}/code-scanning/alerts'
  const ANALYSES = 'GET /repos/{owner}/{repo}/code-scanning/analyses'
  const analysis = { id: 201, ref: 'refs/heads/main', commit_sha: SOURCE, tool: { name: 'CodeQL' }, created_at: '2026-11-19T09:00:00Z' }
  const MATRIX = `version: 1
environments:
  production: { branch: main }
gates:
  - id: no-high-alerts
    family: uat-security
    assert:
      - code_scanning: { severity: high, ref: "refs/heads/\${{ environment.branch }}" }
`
  const alert = (number: number, level: string) => ({ number, state: 'open', rule: { id: `js/r${number}`, security_severity_level: level }, tool: { name: 'CodeQL' } })

  async function check(handler: ApiHandler, analyses: ApiHandler = () => ({ body: [analysis] }), matrix = MATRIX) {
    const api = await startApi({ handlers: { [CREATE]: () => ({ status: 201, body: { id: 5 } }), [ANALYSES]: analyses, [ALERTS]: handler } })
    const r = await runAction({ workspace: workspace({ 'gate-matrix.yml': matrix }), eventName: 'workflow_dispatch', payload: dispatch(), repository: REPO, apiUrl: api.url })
    const evidence = JSON.parse(readFileSync(r.outputs['evidence-path'], 'utf8')) as { environments: Array<{ gates: Cell[] }> }
    return { api, r, cell: evidence.environments[0].gates.find((g) => g.gate_id === 'no-high-alerts')! }
  }

  test('a high alert on the second page fails; open alerts of the ref are asked for, every page', async () => {
    const { api, r, cell } = await check((q) =>
      q.query.page === '2' ? { body: [alert(101, 'high')] } : { body: Array.from({ length: 100 }, (_, i) => alert(i + 1, 'low')), headers: { link: `<http://${String(q.headers.host)}${q.path}?ref=refs%2Fheads%2Fmain&state=open&per_page=100&page=2>; rel="next"` } },
    )
    expect(r.code).toBe(1)
    expect(cell.findings.map((f) => f.code)).toEqual(['CODE_SCANNING_ALERTS_OPEN'])
    expect(cell.observations?.[0].facts).toMatchObject({ open: 101, low: 100, high: 1 })
    expect(api.requests.filter((q) => q.route === ALERTS).map((q) => [q.query.ref, q.query.state, q.query.page ?? '1'])).toEqual([['refs/heads/main', 'open', '1'], ['refs/heads/main', 'open', '2']])
  })

  test('403 without code security is blocked', async () => {
    const refuse = () => ({ status: 403, body: { message: 'Advanced Security must be enabled for this repository to use code scanning.' } })
    const forbidden = await check(refuse, refuse)
    expect(forbidden.r.code).toBe(1)
    expect(forbidden.cell.findings.map((f) => f.code)).toEqual(['CODE_SCANNING_FORBIDDEN'])
  })

  test('404 without analysis is missing', async () => {
    const notFound = () => ({ status: 404, body: { message: 'no analysis found' } })
    const none = await check(notFound, notFound)
    expect(none.r.code).toBe(1)
    expect(none.cell.findings.map((f) => f.code)).toEqual(['CODE_SCANNING_NO_ANALYSIS'])
  })

  test('a tool no analysis has (a typo: CodeQl) is missing, not passed on its empty alert list; one analyses request', async () => {
    const typo = MATRIX.replace('ref: "refs', 'tool: CodeQl, ref: "refs')
    const { api, r, cell } = await check(() => ({ body: [] }), (q) => ({ body: q.query.tool_name === 'CodeQL' ? [analysis] : [] }), typo)
    expect(r.code).toBe(1)
    expect(cell.findings.map((f) => f.code)).toEqual(['CODE_SCANNING_NO_ANALYSIS'])
    expect(api.requests.filter((q) => q.route === ANALYSES || q.route === ALERTS).map((q) => [q.route, q.query.ref, q.query.tool_name, q.query.per_page])).toEqual([[ANALYSES, 'refs/heads/main', 'CodeQl', '1']])
  })
})
