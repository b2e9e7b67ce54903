// The action as a runner runs it (dist/index.js in a child process, a real pull_request
// payload, the loopback API stand-in) when the API or the workspace works against it:
// the base matrix unreadable in every way, hangs, refused connections, malformed answers,
// a pagination link to another origin, a head matrix that is a symlink to a device or to
// /etc/passwd. Whatever happens the run ends blocked (never clean), with its evidence on
// disk, its outputs and a reason; short timeouts come from the environment.
import { afterEach, beforeAll, describe, expect, test } from '@jest/globals'
import { existsSync, readFileSync, symlinkSync } from 'node:fs'
import { createServer } from 'node:net'
import { join } from 'node:path'
import { type ApiHandler, type ApiReply, type GitHubApi, startGitHubApi } from '../helpers/github-api-server.js'
import { type ActionRun, ensureBuilt, examplePayload, runAction, workspace } from '../action/harness.js'

const HEAD = 'ec26c3e57ca3a959ca5aad62de7213c562f8c821'
const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e'
const REPO = 'Codertocat/Hello-World'

const FILES = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files'
const CONTENTS = 'GET /repos/{owner}/{repo}/contents/{path}'
const CREATE = 'POST /repos/{owner}/{repo}/check-runs'
const RUNS = 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs'
const STATUSES = 'GET /repos/{owner}/{repo}/commits/{ref}/statuses'

const MATRIX = `version: 1
owner: release-engineering
environments:
  staging: { branch: main }
gates:
  - id: no-todo
    family: source-promotion
    artifact: config/app.txt
    assert:
      - file: { path: config/app.txt, not_contains: 'TODO' }
`
// The PR's own version lowers its gate to report: judged by it, the PR would be clean.
const LOWERED = MATRIX.replace("    family: source-promotion\n", "    family: source-promotion\n    mode: report\n")
const TODO_FILE = 'TODO: ship it\n'
// With `tracked:`, the built-in matrix-updated gate needs the change set: unknown → blocked.
const TRACKED = `${MATRIX}tracked: [config/**]\n`

/** Short timeouts: a hang costs a fraction of a second per attempt. */
const FAST = { GATE_MATRIX_REQUEST_TIMEOUT_MS: '300', GATE_MATRIX_API_DEADLINE_MS: '20000' }

const fileEntry = (filename: string, status = 'modified') => ({ sha: 'a'.repeat(40), filename, status, additions: 1, deletions: 0, changes: 1 })
const prPayload = () => examplePayload('pull_request', (p) => p.action === 'opened')

let apis: GitHubApi[] = []
beforeAll(() => ensureBuilt(), 600_000)
afterEach(async () => {
  for (const a of apis) {
    expect(a.violations).toEqual([])
    await a.close()
  }
  apis = []
})

async function serve(handlers: Record<string, ApiHandler>): Promise<GitHubApi> {
  const api = await startGitHubApi({
    handlers: { [CREATE]: () => ({ status: 201, body: { id: 91, html_url: `https://github.com/${REPO}/runs/91` } }), ...handlers },
  })
  apis.push(api)
  return api
}

function contents(reply: (q: { params: Record<string, string>; query: Record<string, string> }) => ApiReply): ApiHandler {
  return (q) => reply(q)
}

async function pr(api: GitHubApi, files: Record<string, string> = { 'gate-matrix.yml': LOWERED, 'config/app.txt': TODO_FILE }, env: Record<string, string> = FAST) {
  return runAction({ workspace: workspace(files), eventName: 'pull_request', payload: prPayload(), repository: REPO, apiUrl: api.url, env })
}

interface EvidenceDoc {
  verdict: string
  digest: string
  repository: { gates: Array<{ gate_id: string; result: string; findings: Array<{ code: string; message: string }> }> }
  blockers: Array<{ gate_id: string; code: string; message: string; result: string }>
}

/** The run ended blocked with evidence in RUNNER_TEMP whose digest the outputs carry. */
function blockedWithEvidence(r: ActionRun): EvidenceDoc {
  expect(r.outputs.verdict).toBe('blocked')
  expect(r.outputs['evidence-path']).toContain(join(r.runnerTemp, 'gate-matrix'))
  expect(existsSync(r.outputs['evidence-path'])).toBe(true)
  const doc = JSON.parse(readFileSync(r.outputs['evidence-path'], 'utf8')) as EvidenceDoc
  expect(doc.verdict).toBe('blocked')
  expect(doc.digest).toBe(r.outputs['evidence-digest'])
  expect(r.stdout).not.toMatch(/unexpected error|internal error|bug in gate-matrix/i)
  expect(r.stderr).toBe('')
  return doc
}

/** The run's one blocker is the unjudged run with this code, and the check run says failure. */
function unjudged(r: ActionRun, api: GitHubApi, code: string, message: RegExp): void {
  const doc = blockedWithEvidence(r)
  expect(r.code).toBe(1)
  expect(doc.blockers).toEqual([expect.objectContaining({ gate_id: 'gate-matrix/run', code, result: 'blocked', message: expect.stringMatching(message) })])
  const create = api.requests.find((q) => q.route === CREATE)
  expect((create?.body as { conclusion?: string } | undefined)?.conclusion).toBe('failure')
  expect(r.summary).toContain('Nothing was judged')
}

describe('item 1: a PR is never judged by its own matrix because the base could not be read', () => {
  test('404 for the base matrix while the PR files do not add it: blocked, not clean', async () => {
    const api = await serve({
      [CONTENTS]: contents(() => ({ status: 404, body: { message: 'Not Found' } })),
      [FILES]: () => ({ body: [fileEntry('gate-matrix.yml', 'modified'), fileEntry('config/app.txt')] }),
    })
    const r = await pr(api)
    unjudged(r, api, 'MATRIX_NOT_ON_BASE', /gate-matrix\.yml at the base commit f95f852b\S* was not found, and this change does not add gate-matrix\.yml/)
    expect(r.outputs['check-run-id']).toBe('91')
  })

  test('404 while the PR files show the matrix added: the PR introduces it and its own gates apply', async () => {
    const api = await serve({
      [CONTENTS]: contents(() => ({ status: 404, body: { message: 'Not Found' } })),
      [FILES]: () => ({ body: [fileEntry('gate-matrix.yml', 'added'), fileEntry('config/app.txt')] }),
    })
    const r = await pr(api, { 'gate-matrix.yml': MATRIX, 'config/app.txt': TODO_FILE })
    // Judged by the added matrix: its enforce gate finds the TODO.
    expect(r.code).toBe(1)
    const doc = blockedWithEvidence(r)
    expect(doc.blockers.map((b) => `${b.gate_id}:${b.code}`)).toEqual(['no-todo:PATTERN_FORBIDDEN'])
    expect(r.summary).toContain('this change adds it, so it is judged by its own gates')
  })

  test('404 while the PR files cannot be listed: blocked, the head is not trusted', async () => {
    const api = await serve({
      [CONTENTS]: contents(() => ({ status: 404, body: { message: 'Not Found' } })),
      [FILES]: () => ({ status: 500, body: { message: 'boom' } }),
    })
    unjudged(await pr(api), api, 'MATRIX_NOT_ON_BASE', /was not found, and the changed files are unknown/)
  })

  test.each<[string, ApiReply, RegExp]>([
    ['401', { status: 401, body: { message: 'Bad credentials' } }, /failed with HTTP 401: Bad credentials/],
    ['403', { status: 403, body: { message: 'Resource not accessible by integration' } }, /failed with HTTP 403/],
    ['500', { status: 500, body: { message: 'Server Error' } }, /failed with HTTP 500: Server Error \(after 4 attempts\)/],
    ['a hang', { hang: 'no-answer' }, /no complete answer within 300 ms \(after 4 attempts\)/],
    ['a JSON object instead of the raw file', { body: { type: 'dir' } }, /unexpected response from GET .*contents.*expected the raw file/],
  ])('contents API %s for the base matrix: blocked with the reason, evidence on disk (item 11)', async (_what, reply, message) => {
    const api = await serve({ [CONTENTS]: contents(() => reply), [FILES]: () => ({ body: [fileEntry('config/app.txt')] }) })
    const r = await pr(api)
    unjudged(r, api, 'GITHUB_UNAVAILABLE', message)
  })

  test('an oversized base matrix (6 MiB) is unreadable like a file over the limit: blocked', async () => {
    const big = `${MATRIX}#${'x'.repeat(6 * 1024 * 1024)}\n`
    const api = await serve({ [CONTENTS]: contents(() => ({ body: big })), [FILES]: () => ({ body: [fileEntry('config/app.txt')] }) })
    // A timeout long enough for 6 MiB to arrive on a loaded machine: the size limit decides, not the clock.
    unjudged(await pr(api, undefined, { GATE_MATRIX_REQUEST_TIMEOUT_MS: '20000' }), api, 'FILE_UNREADABLE', /over the 5242880-byte limit/)
  })

  test('a base matrix past the response bound (40 MB) is not accepted', async () => {
    const big = `${MATRIX}#${'x'.repeat(40 * 1000 * 1000)}\n`
    const api = await serve({ [CONTENTS]: contents(() => ({ body: big })), [FILES]: () => ({ body: [fileEntry('config/app.txt')] }) })
    // A timeout long enough for 16 MiB to arrive: the size stops it, not the clock.
    unjudged(await pr(api, undefined, { GATE_MATRIX_REQUEST_TIMEOUT_MS: '20000' }), api, 'GITHUB_UNAVAILABLE', /larger than 16777216 bytes/)
  })
})

describe('item 6: the token goes to the API origin only', () => {
  test('a files page linking to another origin is not followed; change gates are blocked', async () => {
    const other = await serve({ [FILES]: () => ({ body: [fileEntry('x.md')] }) })
    const api = await serve({
      [CONTENTS]: contents(() => ({ body: TRACKED })),
      [FILES]: (q) => ({ headers: { link: `<${other.url}${q.path}?per_page=100&page=2>; rel="next"` }, body: [fileEntry('config/app.txt')] }),
    })
    const r = await pr(api, { 'gate-matrix.yml': TRACKED, 'config/app.txt': 'fine\n' })
    expect(other.requests).toHaveLength(0)
    const doc = blockedWithEvidence(r)
    expect(doc.blockers.some((b) => b.code === 'CHANGES_UNAVAILABLE' && /another origin/.test(b.message))).toBe(true)
    expect(r.summary).toMatch(/The changed files are unknown: .*another origin/)
  })
})

describe('item 7: hangs, refused connections and malformed answers', () => {
  test('a hung files API ends at the timeout, not after minutes: change gates blocked with that reason', async () => {
    const api = await serve({ [CONTENTS]: contents(() => ({ body: TRACKED })), [FILES]: () => ({ hang: 'mid-body', body: [fileEntry('config/app.txt')] }) })
    const started = Date.now()
    const r = await pr(api, { 'gate-matrix.yml': TRACKED, 'config/app.txt': 'fine\n' })
    expect(Date.now() - started).toBeLessThan(15_000)
    const doc = blockedWithEvidence(r)
    expect(doc.blockers.map((b) => b.message)).toContainEqual(expect.stringMatching(/no complete answer within 300 ms/))
  })

  test('the API deadline ends a run of hung requests: every later request is refused without waiting', async () => {
    const api = await serve({ [CONTENTS]: contents(() => ({ hang: 'no-answer' })), [FILES]: () => ({ hang: 'no-answer' }), [CREATE]: () => ({ hang: 'no-answer' }) })
    const started = Date.now()
    const r = await pr(api, undefined, { GATE_MATRIX_REQUEST_TIMEOUT_MS: '400', GATE_MATRIX_API_DEADLINE_MS: '1000' })
    expect(Date.now() - started).toBeLessThan(10_000)
    const doc = blockedWithEvidence(r)
    expect(doc.blockers[0].message).toMatch(/deadline of 1000 ms/)
    // No check run could be made after the deadline: the findings are annotated on the step instead.
    expect(r.outputs['check-run-id']).toBe('')
    expect(r.summary).toMatch(/No check run was created/)
  })

  test('a refused connection is a network error (not HTTP 500), and the run still leaves evidence', async () => {
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port
        s.close(() => resolve(p))
      })
    })
    const r = await runAction({
      workspace: workspace({ 'gate-matrix.yml': MATRIX, 'config/app.txt': 'fine\n' }),
      eventName: 'pull_request',
      payload: prPayload(),
      repository: REPO,
      apiUrl: `http://127.0.0.1:${port}`,
      env: FAST,
    })
    const doc = blockedWithEvidence(r)
    expect(r.code).toBe(1)
    expect(doc.blockers[0]).toMatchObject({ gate_id: 'gate-matrix/run', code: 'GITHUB_UNAVAILABLE' })
    expect(doc.blockers[0].message).toMatch(/network error: ECONNREFUSED/)
    expect(JSON.stringify(doc)).not.toMatch(/HTTP 500/)
  })

  test.each<[string, ApiReply]>([
    ['an object instead of a list', { body: { total: 1 } }],
    ['text that is not JSON', { body: 'upstream connect error', contentType: 'application/json' }],
  ])('a malformed files answer (%s) is GITHUB_UNAVAILABLE-style "unexpected response", with evidence (item 11)', async (_what, reply) => {
    const api = await serve({ [CONTENTS]: contents(() => ({ body: TRACKED })), [FILES]: () => reply })
    const r = await pr(api, { 'gate-matrix.yml': TRACKED, 'config/app.txt': 'fine\n' })
    const doc = blockedWithEvidence(r)
    expect(r.code).toBe(1)
    expect(doc.blockers.some((b) => b.code === 'CHANGES_UNAVAILABLE' && /unexpected response from GET \/repos\/Codertocat\/Hello-World\/pulls\/\d+\/files/.test(b.message))).toBe(true)
  })

  test('malformed check runs make the checks gate blocked with GITHUB_UNAVAILABLE, not an internal error', async () => {
    const matrix = `${MATRIX}  - id: ci-green
    family: source-promotion
    assert:
      - checks: { names: [ci/build] }
`
    const api = await serve({
      [CONTENTS]: contents(() => ({ body: matrix })),
      [FILES]: () => ({ body: [fileEntry('config/app.txt')] }),
      [RUNS]: () => ({ body: { check_runs: 'none' } }),
      [STATUSES]: () => ({ body: [] }),
    })
    const r = await pr(api, { 'gate-matrix.yml': matrix, 'config/app.txt': 'fine\n' })
    const doc = blockedWithEvidence(r)
    expect(doc.blockers).toEqual([expect.objectContaining({ gate_id: 'ci-green', code: 'GITHUB_UNAVAILABLE', result: 'blocked', message: expect.stringMatching(/unexpected response from GET .*check-runs/) })])
  })
})

describe('item 8: the head matrix is read through the repository reader', () => {
  test('a head matrix that is a symlink to /dev/zero: the run ends with a verdict and evidence', async () => {
    const api = await serve({ [CONTENTS]: contents(() => ({ body: MATRIX })), [FILES]: () => ({ body: [fileEntry('gate-matrix.yml'), fileEntry('config/app.txt')] }) })
    const ws = workspace({ 'config/app.txt': 'fine\n' })
    symlinkSync('/dev/zero', join(ws, 'gate-matrix.yml'))
    const started = Date.now()
    const r = await runAction({ workspace: ws, eventName: 'pull_request', payload: prPayload(), repository: REPO, apiUrl: api.url, env: FAST })
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(r.code).toBe(0)
    expect(r.outputs.verdict).toBe('clean')
    expect(existsSync(r.outputs['evidence-path'])).toBe(true)
    expect(r.summary).not.toContain('This pull request changes')
  })

  test('a head matrix that is a symlink to /etc/passwd is not read, so not diffed into the summary', async () => {
    const api = await serve({ [CONTENTS]: contents(() => ({ body: MATRIX })), [FILES]: () => ({ body: [fileEntry('gate-matrix.yml'), fileEntry('config/app.txt')] }) })
    const ws = workspace({ 'config/app.txt': 'fine\n' })
    symlinkSync('/etc/passwd', join(ws, 'gate-matrix.yml'))
    const r = await runAction({ workspace: ws, eventName: 'pull_request', payload: prPayload(), repository: REPO, apiUrl: api.url, env: FAST })
    expect(r.code).toBe(0)
    expect(r.summary).not.toContain('This pull request changes')
    expect(r.summary).not.toMatch(/root:|\/bin\/(ba)?sh|nologin/)
    expect(`${r.stdout}${JSON.stringify(api.requests.map((q) => q.body))}`).not.toMatch(/root:x:0/)
  })

  test('matrix-source head with a FIFO matrix: unusable input (exit 2) at once, with evidence', async () => {
    const api = await serve({ [FILES]: () => ({ body: [fileEntry('config/app.txt')] }) })
    const ws = workspace({ 'config/app.txt': 'fine\n' })
    const { execFileSync } = await import('node:child_process')
    execFileSync('mkfifo', [join(ws, 'gate-matrix.yml')])
    const started = Date.now()
    const r = await runAction({
      workspace: ws,
      eventName: 'pull_request',
      payload: prPayload(),
      repository: REPO,
      apiUrl: api.url,
      inputs: { 'matrix-source': 'head' },
      env: FAST,
    })
    expect(Date.now() - started).toBeLessThan(15_000)
    expect(r.code).toBe(2)
    expect(r.stdout).toContain('is a FIFO (named pipe), not a regular file')
    const doc = JSON.parse(readFileSync(r.outputs['evidence-path'], 'utf8')) as EvidenceDoc
    expect(doc.blockers).toEqual([expect.objectContaining({ gate_id: 'gate-matrix/run', code: 'INPUT_UNUSABLE' })])
    // Unusable input is annotated on the step; no check run is made for it.
    expect(api.count(CREATE)).toBe(0)
  })
})

describe('item 11: every path that ends the run leaves evidence', () => {
  test('an unsupported event still writes blocked evidence and the outputs', async () => {
    const api = await serve({})
    const r = await runAction({ workspace: workspace({}), eventName: 'issues', payload: {}, repository: REPO, apiUrl: api.url })
    expect(r.code).toBe(2)
    const doc = JSON.parse(readFileSync(r.outputs['evidence-path'], 'utf8')) as EvidenceDoc
    expect(doc.verdict).toBe('blocked')
    expect(doc.blockers[0]).toMatchObject({ code: 'INPUT_UNUSABLE', message: expect.stringContaining('the "issues" event is not supported') })
    expect(api.requests).toHaveLength(0)
  })
})

// Keep HEAD/BASE referenced: they document the payload the example carries.
test('the example payload is the one these tests assume', () => {
  const p = prPayload() as { pull_request: { head: { sha: string }; base: { sha: string } } }
  expect([p.pull_request.head.sha, p.pull_request.base.sha]).toEqual([HEAD, BASE])
})
