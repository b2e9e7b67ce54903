import { describe, expect, test } from '@jest/globals'
import { type GitHubApi, apiPerTest } from '../helpers/github-api-server.js'
import { createGitHubClient, GitHubApiError, GitHubBudgetError, GitHubPermissionError } from '../../src/github/client.js'
import { GitHubUnavailableError } from '../../src/core/github-port.js'
import { publishCheckRun } from '../../src/github/check-run.js'
import type { Annotation } from '../../src/core/github-port.js'
import { pullRequestChanges, pushChanges } from '../../src/github/changed-files.js'
import { fileAtCommit } from '../../src/github/base-content.js'

const repo = { owner: 'octo', repo: 'site' }
const FILES = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files'
let api: GitHubApi | null = null

const startApi = apiPerTest()

function client(url: string, extra: Partial<Parameters<typeof createGitHubClient>[0]> = {}) {
  const log: string[] = []
  return { log, c: createGitHubClient({ token: 't0k', baseUrl: url, retryBaseMs: 1, retryMaxMs: 20, log: (l) => log.push(l), ...extra }) }
}

const fileEntry = (n: number) => ({ sha: 'a'.repeat(40), filename: `src/f${n}.ts`, status: 'modified', additions: 1, deletions: 0, changes: 1 })

function filesHandler(total: number) {
  return ({ query }: { query: Record<string, string> }) => {
    const per = Number(query.per_page ?? 30)
    const page = Number(query.page ?? 1)
    const from = (page - 1) * per
    const shown = Math.min(total, 3000)
    const items = Array.from({ length: Math.max(0, Math.min(per, shown - from)) }, (_, i) => fileEntry(from + i))
    const last = Math.ceil(shown / per)
    const headers: Record<string, string> = page < last ? { link: `<${api!.url}/repos/octo/site/pulls/7/files?per_page=${per}&page=${page + 1}>; rel="next"` } : {}
    return { headers, body: items }
  }
}

describe('createGitHubClient', () => {
  test('retries a 5xx, then succeeds, counting every attempt', async () => {
    let n = 0
    api = await startApi({
      handlers: { 'GET /repos/{owner}/{repo}/pulls/{pull_number}': () => (++n === 1 ? { status: 502, body: { message: 'Bad gateway' } } : { body: { number: 7 } }) },
    })
    const { c, log } = client(api.url)
    const res = await c.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: 7 })
    expect(res.data.number).toBe(7)
    expect(c.requestCount).toBe(2)
    expect(log.join('\n')).toMatch(/HTTP 502; waiting \d+ ms before retry 1 of 3/)
    expect(api.requests[0].headers.authorization).toBe('token t0k')
  })

  test('persistent 5xx gives a typed error after the retries', async () => {
    api = await startApi({ handlers: { 'GET /repos/{owner}/{repo}/pulls/{pull_number}': () => ({ status: 503, body: { message: 'down' } }) } })
    const { c } = client(api.url, { retries: 2 })
    const err = await c.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: 7 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(GitHubApiError)
    expect(err).toBeInstanceOf(GitHubUnavailableError)
    expect((err as GitHubApiError).cause_kind).toBe('error')
    expect((err as Error).message).toMatch(/HTTP 503: down \(after 3 attempts\)/)
    expect(api.requests).toHaveLength(3)
  })

  test.each([403, 404])('%d is a permission error, not retried', async (status) => {
    api = await startApi({ handlers: { 'GET /repos/{owner}/{repo}/pulls/{pull_number}': () => ({ status, body: { message: 'Resource not accessible by integration' } }) } })
    const { c } = client(api.url)
    const err = await c.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: 7 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(GitHubPermissionError)
    expect((err as GitHubPermissionError).status).toBe(status)
    expect((err as GitHubPermissionError).cause_kind).toBe('permission')
    expect(api.requests).toHaveLength(1)
  })

  test('a secondary rate limit (403 + Retry-After) is waited out, capped', async () => {
    let n = 0
    api = await startApi({
      handlers: {
        'GET /repos/{owner}/{repo}/pulls/{pull_number}': () =>
          ++n === 1 ? { status: 403, headers: { 'retry-after': '60' }, body: { message: 'You have exceeded a secondary rate limit.' } } : { body: { number: 7 } },
      },
    })
    const { c, log } = client(api.url)
    const t0 = Date.now()
    await c.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: 7 })
    expect(Date.now() - t0).toBeLessThan(5000)
    expect(log.join('\n')).toMatch(/rate limited; waiting 20 ms/)
  })

  test('the request budget stops further requests with a typed error', async () => {
    api = await startApi({ handlers: { 'GET /repos/{owner}/{repo}/pulls/{pull_number}': () => ({ body: { number: 7 } }) } })
    const { c } = client(api.url, { maxRequests: 2 })
    for (let i = 0; i < 2; i++) await c.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: 7 })
    const err = await c.octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: 7 }).catch((e: unknown) => e)
    expect(err).toBeInstanceOf(GitHubBudgetError)
    expect((err as GitHubBudgetError).cause_kind).toBe('budget')
    expect(api.requests).toHaveLength(2)
  })
})

describe('pullRequestChanges', () => {
  test('pages at 100 and lists every file', async () => {
    api = await startApi({ handlers: { [FILES]: filesHandler(250) } })
    const { c } = client(api.url)
    const r = await pullRequestChanges(c, { repo, number: 7, baseSha: 'b', headSha: 'h', changedFiles: 250, root: '/nonexistent' })
    expect(r.changes.kind).toBe('files')
    expect(r.changes.kind === 'files' && r.changes.files.length).toBe(250)
    expect(api.count(FILES)).toBe(3)
    expect(api.requests.every((q) => q.query.per_page === '100')).toBe(true)
  })

  test('the 3,000-file cap without history makes the change set unavailable', async () => {
    api = await startApi({ handlers: { [FILES]: filesHandler(3500) } })
    const { c } = client(api.url)
    const r = await pullRequestChanges(c, { repo, number: 7, baseSha: 'b'.repeat(40), headSha: 'c'.repeat(40), changedFiles: 3500, root: process.cwd() })
    expect(r.changes).toEqual({ kind: 'unavailable', reason: expect.stringMatching(/more than the 3000 files.*fetch-depth: 0/) })
    expect(api.count(FILES)).toBe(30)
  })

  test('an API failure makes the change set unavailable, never empty', async () => {
    api = await startApi({ handlers: { [FILES]: () => ({ status: 500, body: { message: 'boom' } }) } })
    const { c } = client(api.url, { retries: 1 })
    const r = await pullRequestChanges(c, { repo, number: 7, baseSha: 'b', headSha: 'h', root: '/nonexistent' })
    expect(r.changes.kind).toBe('unavailable')
  })
})

describe('pushChanges', () => {
  test('compare API when the history is not in the checkout', async () => {
    api = await startApi({
      handlers: { 'GET /repos/{owner}/{repo}/compare/{basehead}': () => ({ body: { files: [{ filename: 'b.md' }, { filename: 'a.md', previous_filename: 'old.md' }] } }) },
    })
    const { c } = client(api.url)
    const r = await pushChanges(c, { repo, before: '1'.repeat(40), after: '2'.repeat(40), root: '/nonexistent' })
    expect(r.changes).toEqual({ kind: 'files', files: ['a.md', 'b.md', 'old.md'] })
    expect(api.requests[0].params.basehead).toBe(`${'1'.repeat(40)}...${'2'.repeat(40)}`)
  })

  test('a push that creates the ref has no range', async () => {
    const r = await pushChanges(null, { repo, before: '0'.repeat(40), after: '2'.repeat(40), root: '/nonexistent' })
    expect(r.changes.kind).toBe('unavailable')
  })
})

describe('fileAtCommit', () => {
  test('reads the raw file at the sha from the contents API; 404 is "absent"', async () => {
    api = await startApi({
      handlers: {
        'GET /repos/{owner}/{repo}/contents/{path}': (q) =>
          q.params.path === 'gate-matrix.yml' ? { body: 'version: 1\n' } : { status: 404, body: { message: 'Not Found' } },
      },
    })
    const { c } = client(api.url)
    const hit = await fileAtCommit(c, { repo, sha: 'f'.repeat(40), path: 'gate-matrix.yml', root: '/nonexistent' })
    expect(hit).toEqual({ text: 'version: 1\n', source: 'api' })
    expect(api.requests[0].query.ref).toBe('f'.repeat(40))
    expect(api.requests[0].headers.accept).toMatch(/raw/)
    expect(await fileAtCommit(c, { repo, sha: 'f'.repeat(40), path: 'conf/x.yml', root: '/nonexistent' })).toEqual({ text: null, source: 'api' })
  })
})

describe('publishCheckRun', () => {
  test('120 annotations: one create and two PATCHes of 50, 50 and 20', async () => {
    api = await startApi({
      handlers: {
        'POST /repos/{owner}/{repo}/check-runs': () => ({ status: 201, body: { id: 42, html_url: 'https://github.com/octo/site/runs/42' } }),
        'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': () => ({ body: { id: 42 } }),
      },
    })
    const { c } = client(api.url)
    const annotations: Annotation[] = Array.from({ length: 120 }, (_, i) => ({
      path: 'gate-matrix.yml', start_line: i + 1, end_line: i + 1, start_column: 3, end_column: 3, annotation_level: 'failure', message: `m${i}`, title: 't',
    }))
    const r = await publishCheckRun(c, { repo, name: 'Deployment gates', headSha: 'a'.repeat(40), conclusion: 'failure', title: 'blocked', summary: 'x'.repeat(70_000), annotations })
    expect(r).toEqual({ id: 42, url: 'https://github.com/octo/site/runs/42', requests: 3 })
    const sizes = api.requests.map((q) => ((q.body as { output: { annotations: unknown[] } }).output.annotations).length)
    expect(sizes).toEqual([50, 50, 20])
    expect(api.requests[1].params.check_run_id).toBe('42')
    expect(((api.requests[0].body as { output: { summary: string } }).output.summary).length).toBeLessThanOrEqual(65_535)
  })

  test('the server rejects a field GitHub does not know', async () => {
    api = await startApi({ handlers: { 'POST /repos/{owner}/{repo}/check-runs': () => ({ status: 201, body: { id: 1 } }) } })
    const { c } = client(api.url)
    await expect(
      c.octokit.request('POST /repos/{owner}/{repo}/check-runs', { ...repo, name: 'x', head_sha: 'a', output: { title: 't', summary: 's', annotations: [{ path: 'p', start_line: 1, end_line: 1, annotation_level: 'error', message: 'm' }] }, colour: 'red' } as never),
    ).rejects.toThrow(/422/)
    expect(api.violations.join('\n')).toMatch(/annotation_level.*|unknown field colour/)
    api.violations.length = 0
  })
})
