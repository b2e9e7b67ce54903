import { describe, expect, it } from '@jest/globals'
import { GitHubUnavailableError } from '../../src/core/github-port.js'
import type { RunContext } from '../../src/core/run.js'
import { onBranchKind, type OnBranchOptions } from '../../src/gates/assertions/on-branch.js'
import type { AssertionContext } from '../../src/gates/kit.js'
import { RepoReader } from '../../src/repo/reader.js'
import { HEAD, OLD, type MemoryData, memoryState, parseMatrix, runOf } from '../support/gates.js'

const MATRIX = `version: 1
environments:
  production:
    branch: main
    promotion: { sha_input: source_sha }
  staging: {}
gates:
  - id: g
    family: source-promotion
    assert:
      - on_branch: {}
`

function context(o: { api?: MemoryData | null; run?: Partial<RunContext>; event?: string; env?: string } = {}): AssertionContext {
  const matrix = parseMatrix(MATRIX)
  const name = o.env ?? 'production'
  const declaredPath = ['gates', 0, 'assert', 0, 'on_branch']
  const run = runOf({
    root: '/nonexistent',
    matrixPath: matrix.path,
    api: o.api === null ? null : memoryState(o.api ?? {}),
    inputs: { source_sha: HEAD },
    ...o.run,
    github: { event_name: o.event ?? 'workflow_dispatch', sha: OLD, ref: 'refs/heads/main', repository: 'o/r' },
  })
  return { repo: new RepoReader(process.cwd()), matrix, run, environment: { ...matrix.spec.environments[name], name }, gateId: 'g', declaredAt: matrix.doc.locate(declaredPath).location, declaredPath }
}

const judge = (ctx: AssertionContext, o: OnBranchOptions = {}) => onBranchKind.evaluate(onBranchKind.options.parse(o), ctx)
const cmp = (status: string, ahead_by = 0, behind_by = 0) => ({ status, ahead_by, behind_by })

describe('on_branch', () => {
  it.each([['behind'], ['identical']])('passes when compare main...sha is %s, and records what compare said', async (status) => {
    const ctx = context({ api: { comparisons: { [`main...${HEAD}`]: cmp(status, 0, 3) } } })
    const o = await judge(ctx)
    expect(o.result).toBe('pass')
    // The promoted SHA comes from the environment's promotion.sha_input, not the run's commit.
    expect(o.observations).toEqual([{ source: 'compare', subject: `main...${HEAD}`, facts: { status, ahead_by: 0, behind_by: 3 } }])
  })

  it.each([['ahead'], ['diverged']])('fails when compare says %s, at the environment\'s branch line', async (status) => {
    const o = await judge(context({ api: { comparisons: { [`main...${HEAD}`]: cmp(status, 2, 1) } } }))
    expect(o.findings.map((f) => [f.code, f.status, f.location])).toEqual([['SHA_NOT_ON_BRANCH', 'fail', { path: 'gate-matrix.yml', line: 4, column: 13 }]])
    expect(o.findings[0].message).toContain(`is not on environment "production"'s branch main: compare says ${status}, 2 commits not merged there`)
  })

  it('judges the pushed commit on a push or a schedule: sha_input is a dispatch input, and they have none', async () => {
    for (const event of ['push', 'schedule']) {
      const o = await judge(context({ event, run: { inputs: {} }, api: { comparisons: { [`main...${OLD}`]: cmp('behind', 0, 1) } } }))
      expect([event, o.result, o.observations?.[0].subject]).toEqual([event, 'pass', `main...${OLD}`])
    }
  })

  it('takes the branch and sha options over the environment, and points at the branch option', async () => {
    const api = { comparisons: { [`release...${OLD}`]: cmp('ahead', 1) } }
    const o = await judge(context({ api }), { branch: 'release', sha: OLD })
    expect(o.findings.map((f) => [f.code, f.location.line])).toEqual([['SHA_NOT_ON_BRANCH', 11]])
  })

  it('is missing for a commit GitHub does not know, or a short SHA, and without a branch', async () => {
    const unknown = await judge(context({ api: { comparisons: {} } }))
    expect(unknown.findings.map((f) => [f.code, f.status, f.location.line])).toEqual([['SHA_UNKNOWN', 'missing', 5]])
    const short = await judge(context({ run: { inputs: { source_sha: 'abc123' } } }))
    expect(short.findings.map((f) => [f.code, f.status])).toEqual([['SHA_UNKNOWN', 'missing']])
    const noBranch = await judge(context({ env: 'staging' }))
    expect(noBranch.result).toBe('missing')
    expect(noBranch.reason).toContain('environment "staging" declares no branch')
  })

  it('is not applicable on a pull request; missing without the API; blocked on API failure and an unknown status', async () => {
    expect((await judge(context({ event: 'pull_request' }))).result).toBe('not_applicable')
    expect((await judge(context({ api: null }))).findings.map((f) => f.code)).toEqual(['GITHUB_NOT_CONFIGURED'])
    const down = await judge(context({ api: { fail: new GitHubUnavailableError('HTTP 503 after 3 retries', 'error') } }))
    expect(down.findings.map((f) => [f.code, f.status])).toEqual([['GITHUB_UNAVAILABLE', 'blocked']])
    const odd = await judge(context({ api: { comparisons: { [`main...${HEAD}`]: cmp('weird') } } }))
    expect(odd.result).toBe('blocked')
  })
})
