// The action as a runner runs it: dist/index.js in a child process, real webhook payloads,
// a loopback GitHub API that checks every request against GitHub's OpenAPI description,
// and (for uploads) Azurite behind a stand-in results service. Everything on 127.0.0.1.
// dist/ is rebuilt first when src/ is newer (see harness.ts).
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { apiPerTest, type ApiHandler, type GitHubApi } from '../helpers/github-api-server.js'
import { ensureBuilt, examplePayload, runAction, workspace } from './harness.js'
import { runtimeToken, startAzurite, startResultsService, unzip, type Azurite } from './artifact-service.js'

const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821'
const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e'
const REPO = 'Codertocat/Hello-World'

const CLEAN_MATRIX = `version: 1
owner: release-engineering
environments:
  staging: { branch: main }
  production: { branch: main }
gates:
  - id: config-present
    family: source-promotion
    artifact: config/app.txt
    assert:
      - file: { path: config/app.txt }
`

const LINT_MATRIX = `version: 1
owner: release-engineering
environments:
  staging: { branch: main }
  production: { branch: main }
gates:
  - id: no-todo
    family: source-promotion
    artifact: config/app.txt
    environments: [staging]
    assert:
      - file: { path: config/app.txt, not_contains: 'TODO' }
  - id: no-fixme
    family: source-promotion
    mode: warn
    artifact: config/app.txt
    environments: [production]
    assert:
      - file: { path: config/app.txt, not_contains: 'FIXME' }
`

// 100 lines for the enforce gate (failure), 20 for the warn gate (warning).
const LINT_FILE = Array.from({ length: 120 }, (_, i) => (i < 100 ? `TODO ${i + 1}` : `FIXME ${i + 1}`)).join('\n') + '\n'

const FILES = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files'
const CONTENTS = 'GET /repos/{owner}/{repo}/contents/{path}'
const CREATE = 'POST /repos/{owner}/{repo}/check-runs'
const PATCH = 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}'

function prPayload(action = 'opened'): Record<string, unknown> {
  return examplePayload('pull_request', (p) => p.action === action)
}

function prHandlers(baseMatrix: string, files: string[], extra: Record<string, ApiHandler> = {}): Record<string, ApiHandler> {
  return {
    [CONTENTS]: (q) => (q.query.ref === BASE && q.params.path === 'gate-matrix.yml' ? { body: baseMatrix } : { status: 404, body: { message: 'Not Found' } }),
    [FILES]: () => ({ body: files.map((filename) => ({ sha: 'a'.repeat(40), filename, status: 'modified', additions: 1, deletions: 0, changes: 1 })) }),
    [CREATE]: () => ({ status: 201, body: { id: 77, html_url: `https://github.com/${REPO}/runs/77` } }),
    [PATCH]: () => ({ body: { id: 77 } }),
    ...extra,
  }
}

type Body = { output?: { annotations?: Array<{ annotation_level: string; start_line: number; path: string }>; summary?: string }; head_sha?: string; conclusion?: string; name?: string }

let api: GitHubApi | null = null

beforeAll(() => ensureBuilt(), 600_000)

const startApi = apiPerTest()

describe('pull_request', () => {
  test('clean PR: base matrix from the API, files listed, one check run on the head SHA', async () => {
    api = await startApi({ handlers: prHandlers(CLEAN_MATRIX, ['config/app.txt']) })
    const ws = workspace({ 'gate-matrix.yml': CLEAN_MATRIX, 'config/app.txt': 'ok\n' })
    const r = await runAction({ workspace: ws, eventName: 'pull_request', payload: prPayload('opened'), repository: REPO, apiUrl: api.url })
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
    expect(r.outputs.verdict).toBe('clean')
    expect(r.outputs.blockers).toBe('0')
    expect(r.outputs['blockers-json']).toBe('[]')
    expect(r.outputs['check-run-id']).toBe('77')
    const evidenceText = readFileSync(r.outputs['evidence-path'], 'utf8')
    expect(JSON.parse(evidenceText).digest).toBe(r.outputs['evidence-digest'])
    expect(r.outputs['evidence-path']).toContain(r.runnerTemp)
    const envelope = JSON.parse(readFileSync(r.outputs['evidence-path'].replace('gate-matrix-evidence.json', 'gate-matrix-run.json'), 'utf8'))
    expect(envelope).toMatchObject({ schema: 'gate-matrix/run@1', evidence_digest: r.outputs['evidence-digest'], run_id: '9001', run_attempt: '2', surface: 'action' })
    // contents (trusted matrix) + files + check run: nothing else.
    expect(api.requests.map((q) => q.route)).toEqual([CONTENTS, FILES, CREATE])
    const create = api.requests[2].body as Body
    expect(create).toMatchObject({ name: 'Deployment gates', head_sha: HEAD, conclusion: 'success' })
    expect(create.output?.annotations).toBeUndefined()
    expect(r.summary).toContain('config-present')
    expect(r.summary).toContain('gate-matrix-evidence')
    expect(r.stdout).toContain('::group::')
  })

  test('blocked PR with 120 findings: exactly 3 annotation requests, levels by mode, lines of the file', async () => {
    // The PR also tries to lower its own gate: it is judged by the base matrix anyway.
    const headMatrix = LINT_MATRIX.replace("  - id: no-todo\n    family: source-promotion\n", '  - id: no-todo\n    family: source-promotion\n    mode: report\n')
    api = await startApi({ handlers: prHandlers(LINT_MATRIX, ['config/app.txt', 'gate-matrix.yml']) })
    const ws = workspace({ 'gate-matrix.yml': headMatrix, 'config/app.txt': LINT_FILE })
    const r = await runAction({ workspace: ws, eventName: 'pull_request', payload: prPayload('synchronize'), repository: REPO, apiUrl: api.url })
    expect(r.code).toBe(1)
    expect(r.outputs.verdict).toBe('blocked')
    expect(r.outputs.blockers).toBe('100')
    expect(JSON.parse(r.outputs['blockers-json'])).toHaveLength(100)
    expect(api.count(CREATE)).toBe(1)
    expect(api.count(PATCH)).toBe(2)
    const batches = api.requests.filter((q) => q.route === CREATE || q.route === PATCH).map((q) => (q.body as Body).output!.annotations!)
    expect(batches.map((b) => b.length)).toEqual([50, 50, 20])
    const all = batches.flat()
    expect(all.filter((a) => a.annotation_level === 'failure').map((a) => a.start_line)).toEqual(Array.from({ length: 100 }, (_, i) => i + 1))
    expect(all.filter((a) => a.annotation_level === 'warning').map((a) => a.start_line)).toEqual(Array.from({ length: 20 }, (_, i) => i + 101))
    expect(all.every((a) => a.path === 'config/app.txt')).toBe(true)
    expect((api.requests.find((q) => q.route === CREATE)!.body as Body).conclusion).toBe('failure')
    expect(r.summary).toMatch(/gate loosened.*no-todo.*mode lowered from enforce to report/)
    expect(r.stdout).toMatch(/::error::gate-matrix: blocked by 100 blockers/)
  })

  test('fork token (403 on check runs): workflow-command annotations, summary, exit code', async () => {
    api = await startApi({
      handlers: prHandlers(LINT_MATRIX, ['config/app.txt'], { [CREATE]: () => ({ status: 403, body: { message: 'Resource not accessible by integration' } }) }),
    })
    const ws = workspace({ 'gate-matrix.yml': LINT_MATRIX, 'config/app.txt': LINT_FILE })
    const r = await runAction({ workspace: ws, eventName: 'pull_request', payload: prPayload('opened'), repository: REPO, apiUrl: api.url })
    expect(r.code).toBe(1)
    expect(r.outputs.verdict).toBe('blocked')
    expect(r.outputs['check-run-id']).toBe('')
    expect(api.count(CREATE)).toBe(1)
    const errors = r.stdout.split('\n').filter((l) => /^::error title=.*file=config\/app\.txt,line=\d+/.test(l))
    const warnings = r.stdout.split('\n').filter((l) => /^::warning title=.*file=config\/app\.txt,line=\d+/.test(l))
    expect(errors).toHaveLength(10)
    expect(warnings).toHaveLength(10)
    expect(errors[0]).toMatch(/line=1,/)
    expect(r.summary).toMatch(/No check run was created: the token may not create check runs \(HTTP 403/)
    expect(r.stderr).toBe('')
  })

  test('a 5xx from the files API is retried, then the run succeeds', async () => {
    let calls = 0
    const handlers = prHandlers(CLEAN_MATRIX, ['config/app.txt'])
    const files = handlers[FILES]
    handlers[FILES] = (q) => (++calls === 1 ? { status: 502, body: { message: 'Server Error' } } : files(q))
    api = await startApi({ handlers })
    const ws = workspace({ 'gate-matrix.yml': CLEAN_MATRIX, 'config/app.txt': 'ok\n' })
    const r = await runAction({ workspace: ws, eventName: 'pull_request', payload: prPayload('opened'), repository: REPO, apiUrl: api.url })
    expect(r.code).toBe(0)
    expect(r.outputs.verdict).toBe('clean')
    expect(api.count(FILES)).toBe(2)
    expect(r.stdout).toMatch(/HTTP 502; waiting \d+ ms before retry 1 of 3/)
    expect(r.stdout).toMatch(/GitHub API requests: 4 of a budget of/)
  })

  test('persistent API failures make the gates that need the API blocked, never pass', async () => {
    const matrix = `${CLEAN_MATRIX}  - id: ci-green
    family: source-promotion
    assert:
      - checks: { names: [ci/build] }
`
    const down: ApiHandler = () => ({ status: 503, body: { message: 'Service Unavailable' } })
    api = await startApi({
      handlers: prHandlers(matrix, ['config/app.txt'], {
        'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': down,
        'GET /repos/{owner}/{repo}/commits/{ref}/statuses': down,
        'GET /repos/{owner}/{repo}/commits/{ref}/status': down,
      }),
    })
    const ws = workspace({ 'gate-matrix.yml': matrix, 'config/app.txt': 'ok\n' })
    const r = await runAction({ workspace: ws, eventName: 'pull_request', payload: prPayload('opened'), repository: REPO, apiUrl: api.url })
    expect(r.code).toBe(1)
    expect(r.outputs.verdict).toBe('blocked')
    const blockers = JSON.parse(r.outputs['blockers-json']) as Array<{ gate_id: string; result: string }>
    expect(blockers.length).toBeGreaterThan(0)
    expect(blockers.every((b) => b.gate_id === 'ci-green' && b.result === 'blocked')).toBe(true)
    expect(api.requests.some((q) => q.route.includes('/commits/{ref}/'))).toBe(true)
  })

  test('the changed-files API failing makes the change set unavailable and says so', async () => {
    api = await startApi({ handlers: prHandlers(CLEAN_MATRIX, [], { [FILES]: () => ({ status: 500, body: { message: 'boom' } }) }) })
    const ws = workspace({ 'gate-matrix.yml': CLEAN_MATRIX, 'config/app.txt': 'ok\n' })
    const r = await runAction({ workspace: ws, eventName: 'pull_request', payload: prPayload('opened'), repository: REPO, apiUrl: api.url })
    expect(r.summary).toMatch(/The changed files are unknown/)
    expect(api.count(FILES)).toBe(4)
  })
})

describe('request budget', () => {
  test('a 3,000-file PR with 500 findings takes at most files/100 + findings/50 + 6 requests', async () => {
    const payload = prPayload('opened')
    ;(payload.pull_request as Record<string, unknown>).changed_files = 3000
    const matrix = LINT_MATRIX.replace('mode: warn', 'mode: enforce')
    const text = Array.from({ length: 500 }, (_, i) => (i % 2 ? `FIXME ${i}` : `TODO ${i}`)).join('\n') + '\n'
    const entry = (n: number) => ({ sha: 'a'.repeat(40), filename: `src/f${n}.ts`, status: 'modified', additions: 1, deletions: 0, changes: 1 })
    api = await startApi({
      handlers: prHandlers(matrix, [], {
        [FILES]: (q) => {
          const page = Number(q.query.page ?? 1)
          const next = page < 30 ? { link: `<${api!.url}${q.path}?per_page=100&page=${page + 1}>; rel="next"` } : undefined
          return { headers: next, body: Array.from({ length: 100 }, (_, i) => entry((page - 1) * 100 + i)) }
        },
      }),
    })
    const ws = workspace({ 'gate-matrix.yml': matrix, 'config/app.txt': text })
    const r = await runAction({ workspace: ws, eventName: 'pull_request', payload, repository: REPO, apiUrl: api.url })
    const blockers = JSON.parse(r.outputs['blockers-json']) as Array<{ gate_id: string; result: string; code: string }>
    // The capped diff cannot say whether the matrix changed: that built-in fails closed.
    expect(blockers.filter((b) => b.gate_id !== 'no-todo' && b.gate_id !== 'no-fixme')).toEqual([
      expect.objectContaining({ gate_id: 'gate-matrix/matrix-owners', result: 'blocked' }),
    ])
    expect(blockers.filter((b) => b.gate_id === 'no-todo' || b.gate_id === 'no-fixme')).toHaveLength(500)
    expect(api.count(FILES)).toBe(30)
    expect(api.count(CREATE) + api.count(PATCH)).toBe(Math.ceil(blockers.length / 50))
    expect(api.requests.length).toBeLessThanOrEqual(3000 / 100 + 500 / 50 + 6)
    // The cap is hit and the workspace has no history: change gates would be blocked, and the summary says why.
    expect(r.summary).toMatch(/more than the 3000 files/)
  })
})

describe('merge mode', () => {
  test('one job per environment, then one merged document and verdict', async () => {
    api = await startApi({ handlers: prHandlers(LINT_MATRIX, ['config/app.txt']) })
    const files = { 'gate-matrix.yml': LINT_MATRIX, 'config/app.txt': LINT_FILE }
    const jobs = []
    for (const env of ['staging', 'production']) {
      const r = await runAction({ workspace: workspace(files), eventName: 'pull_request', payload: prPayload('opened'), repository: REPO, apiUrl: api.url, inputs: { environments: env, 'check-name': `Deployment gates (${env})` } })
      expect(r.outputs['evidence-path']).toContain(`gate-matrix-evidence-${env}-attempt-2`)
      jobs.push(r)
    }
    const merged = workspace({
      ...files,
      'evidence/staging/gate-matrix-evidence.json': readFileSync(jobs[0].outputs['evidence-path'], 'utf8'),
      'evidence/production/gate-matrix-evidence.json': readFileSync(jobs[1].outputs['evidence-path'], 'utf8'),
      'evidence/production/gate-matrix-run.json': '{}',
    })
    const before = api.requests.length
    const r = await runAction({ workspace: merged, eventName: 'pull_request', payload: prPayload('opened'), repository: REPO, apiUrl: api.url, inputs: { mode: 'merge', 'evidence-files': 'evidence/**/*.json' } })
    expect(r.code).toBe(1)
    const evidence = JSON.parse(readFileSync(r.outputs['evidence-path'], 'utf8'))
    expect(evidence.environments.map((e: { environment_profile: string }) => e.environment_profile).sort()).toEqual(['production', 'staging'])
    expect(r.outputs.blockers).toBe('100')
    expect(r.outputs['evidence-path']).toContain('gate-matrix-evidence-merged-attempt-2')
    expect(r.summary).toContain('This verdict combines 2 evidence files')
    // Merging reads no GitHub state: only the check run (create + 2 PATCHes for 120 annotations).
    expect(api.requests.slice(before).map((q) => q.route)).toEqual([CREATE, PATCH, PATCH])
  })

  test('merge mode without evidence files is a precise input error', async () => {
    api = await startApi()
    const r = await runAction({ workspace: workspace({}), eventName: 'pull_request', payload: prPayload('opened'), repository: REPO, apiUrl: api.url, inputs: { mode: 'merge', 'evidence-files': 'evidence/*.json' } })
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('input "evidence-files": "evidence/*.json" matches no file')
  })
})

describe('other events', () => {
  test('workflow_dispatch promotion to production with a forbidden override', async () => {
    const matrix = `version: 1
owner: release-engineering
environments:
  staging:
    branch: main
    overrides:
      skip_parity: { acknowledgement: I_ACCEPT_PARITY_SKIP }
  production: { branch: main }
gates:
  - id: parity-override-acknowledged
    family: reconciliation
    assert:
      - override: { input: skip_parity, ack_input: parity_ack }
`
    const payload = examplePayload('workflow_dispatch', (p) => p.ref === 'refs/heads/main')
    payload.inputs = { target_environment: 'production', skip_parity: 'true', parity_ack: 'I_ACCEPT_PARITY_SKIP' }
    api = await startApi({ handlers: { [CREATE]: () => ({ status: 201, body: { id: 5 } }) } })
    const ws = workspace({ 'gate-matrix.yml': matrix })
    const r = await runAction({ workspace: ws, eventName: 'workflow_dispatch', payload, repository: 'octo-org/octo-repo', apiUrl: api.url })
    expect(r.code).toBe(1)
    const evidence = JSON.parse(readFileSync(r.outputs['evidence-path'], 'utf8'))
    expect(evidence.environments.map((e: { environment_profile: string }) => e.environment_profile)).toEqual(['production'])
    const blockers = JSON.parse(r.outputs['blockers-json']) as Array<{ environment: string; code: string }>
    expect(blockers).toEqual([expect.objectContaining({ environment: 'production', code: 'OVERRIDE_NOT_ALLOWED' })])
    // No trusted base on dispatch: the checkout's matrix is read, so no contents request.
    expect(api.requests.map((q) => q.route)).toEqual([CREATE])
    expect((api.requests[0].body as Body).head_sha).toBe('f'.repeat(40))
    expect(r.outputs['evidence-path']).toContain('gate-matrix-evidence-production-attempt-2')
  })

  test('push: the compare API gives the change set', async () => {
    const payload = examplePayload('push', (p) => p.ref === 'refs/heads/master')
    payload.before = BASE
    api = await startApi({
      handlers: {
        'GET /repos/{owner}/{repo}/compare/{basehead}': () => ({ body: { files: [{ filename: 'config/app.txt' }] } }),
        [CREATE]: () => ({ status: 201, body: { id: 6 } }),
      },
    })
    const ws = workspace({ 'gate-matrix.yml': CLEAN_MATRIX, 'config/app.txt': 'ok\n' })
    const r = await runAction({ workspace: ws, eventName: 'push', payload, repository: REPO, apiUrl: api.url })
    expect(r.code).toBe(0)
    expect(api.requests[0].params.basehead).toBe(`${BASE}...${payload.after as string}`)
    expect((api.requests[1].body as Body).head_sha).toBe(payload.after)
  })

  // src/action/step-summary.ts writes the summary itself (core's writer is not bundled).
  test('the job summary is appended to GITHUB_STEP_SUMMARY; without one the run warns and the verdict stands', async () => {
    api = await startApi()
    const ws = workspace({ 'gate-matrix.yml': CLEAN_MATRIX, 'config/app.txt': 'ok\n' })
    // Appended: what an earlier step of the job wrote stays.
    const summaryFile = join(mkdtempSync(join(tmpdir(), 'gm-summary-')), 'summary')
    writeFileSync(summaryFile, '## An earlier step\n')
    const r = await runAction({ workspace: ws, eventName: 'schedule', payload: {}, repository: REPO, apiUrl: api.url, inputs: { token: '' }, env: { GITHUB_STEP_SUMMARY: summaryFile } })
    expect(r.code).toBe(0)
    const summary = readFileSync(summaryFile, 'utf8')
    expect(summary.startsWith('## An earlier step\n')).toBe(true)
    expect(summary).toContain('### Evidence')
    const none = await runAction({ workspace: ws, eventName: 'schedule', payload: {}, repository: REPO, apiUrl: api.url, inputs: { token: '' }, env: { GITHUB_STEP_SUMMARY: '' } })
    expect(none.code).toBe(0)
    expect(none.stdout).toContain('::warning::The job summary could not be written: GITHUB_STEP_SUMMARY is not set')
    expect(none.outputs.verdict).toBe('clean')
    expect(none.summary).toBe('')
  })

  test('an unsupported event is a clear error, exit 2, without touching the API', async () => {
    api = await startApi()
    const r = await runAction({ workspace: workspace({}), eventName: 'issues', payload: {}, repository: REPO, apiUrl: api.url })
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('::error::gate-matrix: the "issues" event is not supported: run gate-matrix on pull_request, pull_request_target, push, merge_group, workflow_dispatch, schedule')
    expect(r.outputs.verdict).toBe('blocked')
    expect(api.requests).toHaveLength(0)
  })

  test('an invalid input names the input and what it accepts', async () => {
    api = await startApi()
    const r = await runAction({ workspace: workspace({}), eventName: 'schedule', payload: {}, repository: REPO, apiUrl: api.url, inputs: { 'upload-evidence': 'maybe' } })
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('::error::gate-matrix: input "upload-evidence" is "maybe": use true or false')
  })
})

describe('evidence artifact', () => {
  let azurite: Azurite
  beforeAll(async () => {
    azurite = await startAzurite()
  }, 60_000)
  afterAll(async () => {
    await azurite?.stop()
  })

  test('the uploaded evidence is byte-identical to the file on disk; the name carries the attempt', async () => {
    const results = await startResultsService(azurite)
    try {
      api = await startApi({ handlers: prHandlers(CLEAN_MATRIX, ['config/app.txt']) })
      const ws = workspace({ 'gate-matrix.yml': CLEAN_MATRIX, 'config/app.txt': 'ok\n' })
      const r = await runAction({
        workspace: ws,
        eventName: 'pull_request',
        payload: prPayload('opened'),
        repository: REPO,
        apiUrl: api.url,
        inputs: { 'upload-evidence': 'true' },
        env: { ACTIONS_RUNTIME_TOKEN: runtimeToken(), ACTIONS_RESULTS_URL: results.url },
      })
      expect(r.code).toBe(0)
      expect(r.outputs['artifact-id']).toBe('1000')
      expect(r.outputs['artifact-error']).toBe('')
      const name = 'gate-matrix-evidence-attempt-2'
      expect(results.calls.map((c) => c.method)).toEqual(['CreateArtifact', 'FinalizeArtifact'])
      expect(results.calls[0].body).toMatchObject({ name, workflow_run_backend_id: 'run-backend-1', workflow_job_run_backend_id: 'job-backend-1' })
      const zip = await azurite.download(results.blobs.get(name)!)
      const entries = unzip(zip)
      const onDisk = readFileSync(r.outputs['evidence-path'])
      expect(entries.get('gate-matrix-evidence.json')!.equals(onDisk)).toBe(true)
      expect(JSON.parse(onDisk.toString('utf8')).digest).toBe(r.outputs['evidence-digest'])
      expect(entries.has('gate-matrix-run.json')).toBe(true)
      expect(r.summary).toContain(`https://github.com/${REPO}/actions/runs/9001/artifacts/1000`)
    } finally {
      await results.close()
    }
  })

  test('an upload failure is reported in the log, the summary and the outputs; the verdict stands', async () => {
    const results = await startResultsService(azurite, { failCreate: true })
    try {
      api = await startApi({ handlers: prHandlers(CLEAN_MATRIX, ['config/app.txt']) })
      const ws = workspace({ 'gate-matrix.yml': CLEAN_MATRIX, 'config/app.txt': 'ok\n' })
      const r = await runAction({
        workspace: ws,
        eventName: 'pull_request',
        payload: prPayload('opened'),
        repository: REPO,
        apiUrl: api.url,
        inputs: { 'upload-evidence': 'true' },
        env: { ACTIONS_RUNTIME_TOKEN: runtimeToken(), ACTIONS_RESULTS_URL: results.url },
      })
      expect(r.code).toBe(0)
      expect(r.outputs.verdict).toBe('clean')
      expect(r.outputs['artifact-id']).toBe('')
      expect(r.outputs['artifact-error']).not.toBe('')
      expect(r.stdout).toMatch(/::warning::The evidence artifact .* could not be uploaded/)
      expect(r.summary).toMatch(/the upload of artifact .* failed/)
      expect(readFileSync(r.outputs['evidence-path'], 'utf8')).toContain(r.outputs['evidence-digest'])
    } finally {
      await results.close()
    }
  })
})
