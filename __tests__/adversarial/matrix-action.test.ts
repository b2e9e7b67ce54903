// The matrix checks of __tests__/adversarial/matrix.test.ts as a runner meets them:
// dist/index.js as a subprocess on a real pull_request payload, the loopback API stand-in.
import { beforeAll, describe, expect, test } from '@jest/globals'
import { type GitHubApi, apiPerTest } from '../helpers/github-api-server.js'
import { ensureBuilt, examplePayload, runAction, workspace } from '../action/harness.js'

const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e'
const REPO = 'Codertocat/Hello-World'
const FILES = 'GET /repos/{owner}/{repo}/pulls/{pull_number}/files'
const CONTENTS = 'GET /repos/{owner}/{repo}/contents/{path}'
const CREATE = 'POST /repos/{owner}/{repo}/check-runs'
const PATCH = 'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}'

type Annotation = { annotation_level: string; start_line: number; start_column?: number; path: string; message: string }

let api: GitHubApi | null = null
beforeAll(() => ensureBuilt(), 600_000)
const startApi = apiPerTest()

function handlers(baseMatrix: string, files: string[]) {
  return {
    [CONTENTS]: (q: { query: Record<string, unknown>; params: Record<string, string> }) =>
      q.query.ref === BASE && q.params.path === 'gate-matrix.yml' ? { body: baseMatrix } : { status: 404, body: { message: 'Not Found' } },
    [FILES]: () => ({ body: files.map((filename) => ({ sha: 'a'.repeat(40), filename, status: 'modified', additions: 1, deletions: 0, changes: 1 })) }),
    [CREATE]: () => ({ status: 201, body: { id: 77, html_url: `https://github.com/${REPO}/runs/77` } }),
    [PATCH]: () => ({ body: { id: 77 } }),
  }
}

describe('action: matrix checks that used to switch rules off silently', () => {
  test('a tracked glob that matches nothing blocks the PR with an annotation on its line', async () => {
    const matrix = `version: 1
tracked: [.github/workflow/*.yml]
environments: { staging: {} }
gates: []
`
    api = await startApi({ handlers: handlers(matrix, ['.github/workflows/deploy.yml']) })
    const ws = workspace({ 'gate-matrix.yml': matrix, '.github/workflows/deploy.yml': 'on: push\n' })
    const r = await runAction({ workspace: ws, eventName: 'pull_request', payload: examplePayload('pull_request', (p) => p.action === 'opened'), repository: REPO, apiUrl: api.url })
    expect(r.code).toBe(1)
    expect(r.outputs.verdict).toBe('blocked')
    expect(JSON.parse(r.outputs['blockers-json'])).toEqual([
      expect.objectContaining({ gate_id: 'gate-matrix/matrix-valid', code: 'GLOB_MATCHES_NOTHING', location: { path: 'gate-matrix.yml', line: 2, column: 11 } }),
    ])
    const annotations = (api.requests.find((q) => q.route === CREATE)!.body as { output: { annotations: Annotation[] } }).output.annotations
    expect(annotations).toEqual([
      expect.objectContaining({ annotation_level: 'failure', path: 'gate-matrix.yml', start_line: 2, message: expect.stringContaining('tracked glob ".github/workflow/*.yml" matches no file') }),
    ])
  })

  test('a misspelt environment fact in the trusted matrix is exit 2 with an error on its line', async () => {
    const matrix = `version: 1
environments: { staging: { hosts: { portal: s.example.com } } }
gates:
  - id: smoke
    family: f
    assert:
      - file: { path: "\${{ environment.hosts.portl }}.txt", exists: true }
`
    api = await startApi({ handlers: handlers(matrix, ['a.txt']) })
    const ws = workspace({ 'gate-matrix.yml': matrix, 'a.txt': '' })
    const r = await runAction({ workspace: ws, eventName: 'pull_request', payload: examplePayload('pull_request', (p) => p.action === 'opened'), repository: REPO, apiUrl: api.url })
    expect(r.code).toBe(2)
    expect(r.outputs.verdict).toBe('blocked')
    expect(r.stdout).toContain('::error title=gate-matrix%3A unusable input,file=gate-matrix.yml,line=7,col=23::environment.hosts.portl is not declared by environment "staging" (did you mean "portal"?)')
  })
})
