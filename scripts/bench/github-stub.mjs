// A minimal loopback stand-in for the GitHub REST API, for counting the requests of one
// action run (the tests' OpenAPI-validating server lives in __tests__/helpers; this one
// only answers and counts). Binds 127.0.0.1 on a free port.
import { createServer } from 'node:http'

const ROUTES = [
  ['GET', '/repos/{owner}/{repo}/pulls/{pull_number}/files'],
  ['GET', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews'],
  ['GET', '/repos/{owner}/{repo}/pulls/{pull_number}'],
  ['GET', '/repos/{owner}/{repo}/contents/{path}'],
  ['GET', '/repos/{owner}/{repo}/compare/{basehead}'],
  ['GET', '/repos/{owner}/{repo}/commits/{ref}/check-runs'],
  ['GET', '/repos/{owner}/{repo}/commits/{ref}/statuses'],
  ['POST', '/repos/{owner}/{repo}/check-runs'],
  ['PATCH', '/repos/{owner}/{repo}/check-runs/{check_run_id}'],
  ['GET', '/orgs/{org}/teams/{team_slug}/members'],
].map(([method, route]) => ({
  method,
  route,
  // {path} may hold slashes (contents of a nested file); the others are one segment.
  matcher: new RegExp(`^${route.replace(/\{path\}/, '(.+)').replace(/\{[a-z_]+\}/g, '([^/]+)')}$`),
}))

/**
 * @param {{ prFiles: number, matrixText: string, headSha: string, baseSha: string }} o
 * @returns {Promise<{ url: string, counts: Record<string, number>, total: () => number, annotations: () => number, close: () => Promise<void> }>}
 */
export async function startGitHubStub(o) {
  const counts = {}
  let annotations = 0
  let url = ''
  const server = createServer((req, res) => {
    const chunks = []
    req.on('data', (c) => chunks.push(c))
    req.on('end', () => {
      const u = new URL(req.url, 'http://127.0.0.1')
      const hit = ROUTES.find((r) => r.method === req.method && r.matcher.test(u.pathname))
      const key = hit ? `${hit.method} ${hit.route}` : `${req.method} ${u.pathname} (unanswered)`
      counts[key] = (counts[key] ?? 0) + 1
      let body = null
      if (chunks.length) {
        try {
          body = JSON.parse(Buffer.concat(chunks).toString('utf8'))
        } catch {
          body = null
        }
      }
      const send = (status, data, headers = {}) => {
        const text = typeof data === 'string' ? data : JSON.stringify(data)
        res.writeHead(status, { 'content-type': typeof data === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8', ...headers })
        res.end(text)
      }
      if (!hit) return send(404, { message: 'Not Found' })
      switch (hit.route) {
        case '/repos/{owner}/{repo}/pulls/{pull_number}/files': {
          const perPage = Math.min(100, Number(u.searchParams.get('per_page') ?? 30))
          const page = Math.max(1, Number(u.searchParams.get('page') ?? 1))
          // GitHub lists at most 3,000 files of a pull request.
          const total = Math.min(o.prFiles, 3000)
          const last = Math.max(1, Math.ceil(total / perPage))
          const files = []
          for (let i = (page - 1) * perPage; i < Math.min(total, page * perPage); i++) {
            files.push({ sha: 'a'.repeat(40), filename: `src/module-${String(i).padStart(4, '0')}.ts`, status: 'modified', additions: 3, deletions: 1, changes: 4 })
          }
          const link = (p) => `<${url}${u.pathname}?per_page=${perPage}&page=${p}>`
          const headers = page < last ? { link: `${link(page + 1)}; rel="next", ${link(last)}; rel="last"` } : {}
          return send(200, files, headers)
        }
        case '/repos/{owner}/{repo}/pulls/{pull_number}':
          return send(200, { number: 42, user: { login: 'octo' }, head: { sha: o.headSha, ref: 'feature' }, base: { sha: o.baseSha, ref: 'main' } })
        case '/repos/{owner}/{repo}/contents/{path}':
          // Asked with the raw media type: the file's text.
          return send(200, o.matrixText)
        case '/repos/{owner}/{repo}/compare/{basehead}':
          return send(200, { files: [] })
        case '/repos/{owner}/{repo}/commits/{ref}/check-runs':
          return send(200, { total_count: 0, check_runs: [] })
        case '/repos/{owner}/{repo}/commits/{ref}/statuses':
        case '/repos/{owner}/{repo}/pulls/{pull_number}/reviews':
        case '/orgs/{org}/teams/{team_slug}/members':
          return send(200, [])
        case '/repos/{owner}/{repo}/check-runs':
          annotations += body?.output?.annotations?.length ?? 0
          return send(201, { id: 7, html_url: 'https://github.com/bench/synthetic/runs/7' })
        case '/repos/{owner}/{repo}/check-runs/{check_run_id}':
          annotations += body?.output?.annotations?.length ?? 0
          return send(200, { id: 7, html_url: 'https://github.com/bench/synthetic/runs/7' })
      }
    })
  })
  await new Promise((resolve, reject) => {
    server.once('error', reject)
    server.listen(0, '127.0.0.1', resolve)
  })
  url = `http://127.0.0.1:${server.address().port}`
  return {
    url,
    counts,
    total: () => Object.values(counts).reduce((a, b) => a + b, 0),
    annotations: () => annotations,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  }
}
