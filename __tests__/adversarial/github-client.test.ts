// The REST client under a hostile or broken API (loopback stand-in): hangs end at the
// request timeout and the run's API deadline, a refused connection is a network error,
// malformed or oversized answers are "unexpected response", and the token never follows
// a pagination link to another origin.
import { afterEach, describe, expect, test } from '@jest/globals'
import { createServer } from 'node:net'
import { type ApiHandler, type GitHubApi, startGitHubApi } from '../helpers/github-api-server.js'
import { createGitHubClient, GitHubApiError } from '../../src/github/client.js'
import { GitHubUnavailableError } from '../../src/core/github-port.js'
import { pullRequestChanges } from '../../src/github/changed-files.js'
import { createGitHubState } from '../../src/github/state.js'
import { fileAtCommit } from '../../src/github/base-content.js'

const repo = { owner: 'octo', repo: 'site' }
const FILES = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files'
const PULL = 'GET /repos/{owner}/{repo}/pulls/{pull_number}'
const RUNS = 'GET /repos/{owner}/{repo}/commits/{ref}/check-runs'
const apis: GitHubApi[] = []

afterEach(async () => {
  for (const a of apis.splice(0)) {
    expect(a.violations).toEqual([])
    await a.close()
  }
})

async function serve(handlers: Record<string, ApiHandler>) {
  const a = await startGitHubApi({ handlers })
  apis.push(a)
  return a
}

function client(url: string, extra: Partial<Parameters<typeof createGitHubClient>[0]> = {}) {
  return createGitHubClient({ token: 'ghs_secret_token', baseUrl: url, retryBaseMs: 1, retryMaxMs: 5, ...extra })
}

const pull = { number: 7, user: { login: 'octocat' }, head: { sha: 'a'.repeat(40) }, base: { sha: 'b'.repeat(40), ref: 'main' } }
const fileEntry = (name: string) => ({ sha: 'a'.repeat(40), filename: name, status: 'modified', additions: 1, deletions: 0, changes: 1 })

async function failure(p: Promise<unknown>): Promise<Error> {
  try {
    await p
  } catch (e) {
    return e as Error
  }
  throw new Error('expected a failure')
}

describe('timeouts', () => {
  test.each(['no-answer', 'mid-body'] as const)('a request that hangs (%s) fails at the request timeout, retried, as GitHub unavailable', async (hang) => {
    const api = await serve({ [PULL]: () => ({ body: pull, hang }) })
    const c = client(api.url, { requestTimeoutMs: 200, retries: 1 })
    const started = Date.now()
    const e = await failure(c.octokit.request(PULL, { ...repo, pull_number: 7 }))
    expect(Date.now() - started).toBeLessThan(3000)
    expect(e).toBeInstanceOf(GitHubApiError)
    expect(e.message).toMatch(/no complete answer within 200 ms \(after 2 attempts\)/)
    expect(e.message).not.toMatch(/HTTP 500/)
    expect(api.count(PULL)).toBe(2)
  })

  test('the deadline bounds all of a run\'s requests: after it, nothing more is sent', async () => {
    const api = await serve({ [PULL]: () => ({ hang: 'no-answer' }) })
    const c = client(api.url, { requestTimeoutMs: 150, deadlineMs: 400, retries: 10 })
    const started = Date.now()
    const first = await failure(c.octokit.request(PULL, { ...repo, pull_number: 7 }))
    expect(Date.now() - started).toBeLessThan(2000)
    expect(first.message).toMatch(/deadline of 400 ms/)
    const sent = api.count(PULL)
    expect(sent).toBeLessThanOrEqual(3)
    const second = await failure(c.octokit.request(PULL, { ...repo, pull_number: 7 }))
    expect(second.message).toMatch(/not sent: .*deadline of 400 ms \(GATE_MATRIX_API_DEADLINE_MS\)/)
    expect(api.count(PULL)).toBe(sent)
  })

  test('a hang in a gate\'s request makes a typed error the gates turn into blocked', async () => {
    const api = await serve({ [RUNS]: () => ({ hang: 'no-answer' }) })
    const state = createGitHubState(client(api.url, { requestTimeoutMs: 100, retries: 0 }), repo)
    const e = await failure(state.checkRuns('a'.repeat(40)))
    expect(e).toBeInstanceOf(GitHubUnavailableError)
    expect(e.message).toMatch(/no complete answer within 100 ms/)
  })
})

describe('network errors', () => {
  test('a refused connection is a network error, not "HTTP 500"', async () => {
    // A port that was free a moment ago and has no listener now.
    const port = await new Promise<number>((resolve) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port
        s.close(() => resolve(p))
      })
    })
    const e = await failure(client(`http://127.0.0.1:${port}`, { retries: 1 }).octokit.request(PULL, { ...repo, pull_number: 7 }))
    expect(e).toBeInstanceOf(GitHubApiError)
    expect(e.message).toMatch(/network error: ECONNREFUSED \(after 2 attempts\)/)
    expect(e.message).not.toMatch(/HTTP 500/)
    expect((e as GitHubApiError).status).toBeNull()
  })
})

describe('malformed answers', () => {
  test.each([
    ['an object instead of a list', { body: { files: [] } }],
    ['text that is not JSON, labelled JSON', { body: '<html>proxy error</html>', contentType: 'application/json; charset=utf-8' }],
    ['entries without a file name', { body: [{ sha: 'a'.repeat(40), status: 'modified' }] }],
  ])('PR files: %s makes the change set unavailable with "unexpected response from GET …"', async (_what, reply) => {
    const api = await serve({ [FILES]: () => reply })
    const r = await pullRequestChanges(client(api.url), { repo, number: 7, baseSha: 'b'.repeat(40), headSha: 'a'.repeat(40), root: '/nonexistent' })
    expect(r.changes).toEqual({ kind: 'unavailable', reason: expect.stringMatching(/unexpected response from GET \S+\/pulls\/7\/files: expected a list of files/) })
  })

  test('check runs as text: a typed error (the gate is blocked), not a TypeError', async () => {
    const api = await serve({ [RUNS]: () => ({ body: 'oops', contentType: 'application/json' }) })
    const e = await failure(createGitHubState(client(api.url), repo).checkRuns('a'.repeat(40)))
    expect(e).toBeInstanceOf(GitHubUnavailableError)
    expect(e.message).toMatch(/unexpected response from GET .*check-runs.*: expected a list of check runs, got text that is not JSON/)
  })

  test('a pull request without head and base is unexpected, not a TypeError', async () => {
    const api = await serve({ [PULL]: () => ({ body: { number: 7 } }) })
    const e = await failure(createGitHubState(client(api.url), repo).pullRequest(7))
    expect(e).toBeInstanceOf(GitHubUnavailableError)
    expect(e.message).toMatch(/unexpected response/)
  })

  test('the contents API answering JSON where the raw file belongs is unexpected', async () => {
    const api = await serve({ 'GET /repos/{owner}/{repo}/contents/{path}': () => ({ body: { type: 'dir', entries: [] } }) })
    const e = await failure(fileAtCommit(client(api.url), { repo, sha: 'b'.repeat(40), path: 'gate-matrix.yml', root: '/nonexistent' }))
    expect(e).toBeInstanceOf(GitHubUnavailableError)
    expect(e.message).toMatch(/unexpected response from GET .*contents.*expected the raw file/)
  })

  test('an answer over 16 MiB is refused while it streams', async () => {
    const big = 'x'.repeat(17 * 1024 * 1024)
    const api = await serve({ 'GET /repos/{owner}/{repo}/contents/{path}': () => ({ body: big }) })
    const e = await failure(fileAtCommit(client(api.url), { repo, sha: 'b'.repeat(40), path: 'gate-matrix.yml', root: '/nonexistent' }))
    expect(e).toBeInstanceOf(GitHubUnavailableError)
    expect(e.message).toMatch(/larger than 16777216 bytes/)
  })
})

describe('the token stays with the API origin', () => {
  test('a pagination link to another origin is not followed: the other server gets nothing, the change set is unavailable', async () => {
    const other = await serve({ [FILES]: () => ({ body: [fileEntry('stolen.md')] }) })
    const api = await serve({
      [FILES]: (q) => ({ headers: { link: `<${other.url}${q.path}?per_page=100&page=2>; rel="next"` }, body: [fileEntry('a.md')] }),
    })
    const r = await pullRequestChanges(client(api.url), { repo, number: 7, baseSha: 'b'.repeat(40), headSha: 'a'.repeat(40), root: '/nonexistent' })
    expect(other.requests).toHaveLength(0)
    expect(api.requests[0].headers.authorization).toBe('token ghs_secret_token')
    expect(r.changes).toEqual({ kind: 'unavailable', reason: expect.stringMatching(/link to another origin \(http:\/\/127\.0\.0\.1:\d+\); it is not followed/) })
  })

  test('a same-origin next page is followed', async () => {
    let api: GitHubApi | null = null
    api = await serve({
      [FILES]: (q) =>
        q.query.page === '2' ? { body: [fileEntry('b.md')] } : { headers: { link: `<${api!.url}${q.path}?per_page=100&page=2>; rel="next"` }, body: [fileEntry('a.md')] },
    })
    const r = await pullRequestChanges(client(api.url), { repo, number: 7, baseSha: 'b'.repeat(40), headSha: 'a'.repeat(40), root: '/nonexistent' })
    expect(r.changes).toEqual({ kind: 'files', files: ['a.md', 'b.md'] })
  })
})
