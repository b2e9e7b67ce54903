import { describe, expect, it } from '@jest/globals'
import { checksKind } from '../../src/gates/assertions/checks.js'
import { latestCheckState, pollDelays } from '../../src/gates/support/check-state.js'
import { GitHubUnavailableError } from '../../src/core/github-port.js'
import { assertionContext, HEAD, parseMatrix as loadMatrix, type MemoryData, memoryState, checkRun as run, runContext } from '../support/gates.js'

const MATRIX = `version: 1
environments:
  production: {}
gates:
  - id: g
    family: ci
    assert:
      - checks:
          names:
            - build
            - test
`
// names[0] is on line 10, names[1] on line 11, at column 15.
const matrix = loadMatrix(MATRIX)

async function evaluate(data: MemoryData, options: Record<string, unknown> = {}, runOverrides = {}) {
  const api = memoryState(data)
  const ctx = assertionContext(matrix, runContext({ api, ...runOverrides }), 'checks')
  const outcome = await checksKind.evaluate(checksKind.options.parse({ names: ['build', 'test'], ...options }), ctx)
  return { outcome, api }
}

describe('latestCheckState', () => {
  it('a re-run supersedes an older failure, whatever the order GitHub lists them in', () => {
    const runs = [run('build', 'success', '2026-11-01T11:00:00Z', 20), run('build', 'failure', '2026-11-01T10:00:00Z', 10)]
    expect(latestCheckState(runs, [], 'build')).toEqual({ state: 'concluded', conclusion: 'success', source: 'check run' })
    expect(latestCheckState([...runs].reverse(), [], 'build')).toMatchObject({ conclusion: 'success' })
  })
  it('a queued re-run (not started) is the newest: pending', () => {
    const runs = [run('build', 'failure', '2026-11-01T10:00:00Z'), { ...run('build', null, null), status: 'queued' }]
    expect(latestCheckState(runs, [], 'build')).toEqual({ state: 'pending', status: 'queued' })
  })
  it('equal start times: the larger id wins', () => {
    const t = '2026-11-01T10:00:00Z'
    expect(latestCheckState([run('b', 'success', t, 5), run('b', 'failure', t, 6)], [], 'b')).toMatchObject({ conclusion: 'failure' })
  })
  it('statuses: the latest update of a context wins; pending is still running', () => {
    const statuses = [
      { id: 1, context: 'ci/lint', state: 'failure', updated_at: '2026-11-01T10:00:00Z' },
      { id: 2, context: 'ci/lint', state: 'success', updated_at: '2026-11-01T10:05:00Z' },
      { id: 3, context: 'ci/e2e', state: 'pending', updated_at: '2026-11-01T10:05:00Z' },
    ]
    expect(latestCheckState([], statuses, 'ci/lint')).toEqual({ state: 'concluded', conclusion: 'success', source: 'status' })
    expect(latestCheckState([], statuses, 'ci/e2e')).toEqual({ state: 'pending', status: 'pending' })
    expect(latestCheckState([], statuses, 'nope')).toEqual({ state: 'absent' })
  })
})

describe('pollDelays', () => {
  it.each([
    ['0s', 0, []],
    ['30s', 30_000, [10_000, 20_000]],
    ['1m', 60_000, [10_000, 20_000, 30_000]],
    ['10m', 600_000, [10_000, 20_000, 40_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000, 60_000, 50_000]],
  ])('%s', (_label, ms, delays) => {
    expect(pollDelays(ms)).toEqual(delays)
    expect(delays.reduce((a, b) => a + b, 0)).toBe(ms)
  })
})

describe('checks', () => {
  it('passes when every named check concluded success, neutral or skipped (runs or statuses)', async () => {
    const { outcome } = await evaluate({
      checkRuns: { [HEAD]: [run('build', 'neutral')] },
      statuses: { [HEAD]: [{ context: 'test', state: 'success', updated_at: '2026-11-01T10:00:00Z' }] },
    })
    expect(outcome).toEqual({ result: 'pass', findings: [] })
  })

  it('a failure fails at the check name in the matrix; a re-run that succeeded supersedes it', async () => {
    const failed = await evaluate({ checkRuns: { [HEAD]: [run('build', 'success'), run('test', 'failure')] } })
    expect(failed.outcome.result).toBe('fail')
    expect(failed.outcome.findings).toEqual([
      expect.objectContaining({ status: 'fail', code: 'CHECK_NOT_PASSED', location: { path: 'gate-matrix.yml', line: 11, column: 15 } }),
    ])
    expect(failed.outcome.findings[0].message).toContain('"test" concluded failure')
    const rerun = await evaluate({
      checkRuns: { [HEAD]: [run('build', 'success'), run('test', 'failure', '2026-11-01T10:00:00Z'), run('test', 'success', '2026-11-01T10:30:00Z')] },
    })
    expect(rerun.outcome.result).toBe('pass')
  })

  it('a check that never reported is missing, never pass', async () => {
    const { outcome } = await evaluate({ checkRuns: { [HEAD]: [run('build', 'success')] } })
    expect(outcome.result).toBe('missing')
    expect(outcome.findings).toEqual([expect.objectContaining({ status: 'missing', code: 'CHECK_MISSING', location: { path: 'gate-matrix.yml', line: 11, column: 15 } })])
    expect(outcome.reason).toMatch(/"test" never reported on aaaaaaaaaaaa/)
  })

  it('a check still running without a wait is missing with "still running"', async () => {
    const { outcome } = await evaluate({ checkRuns: { [HEAD]: [run('build', 'success'), run('test', null)] } })
    expect(outcome.result).toBe('missing')
    expect(outcome.findings[0]).toMatchObject({ code: 'CHECK_PENDING', message: expect.stringContaining('still running') })
  })

  it('`accept` narrows the accepted conclusions', async () => {
    const data = { checkRuns: { [HEAD]: [run('build', 'skipped'), run('test', 'success')] } }
    expect((await evaluate(data)).outcome.result).toBe('pass')
    const strict = await evaluate(data, { accept: ['success'] })
    expect(strict.outcome.findings[0]).toMatchObject({ code: 'CHECK_NOT_PASSED', message: expect.stringContaining('skipped') })
  })

  it("the gate's own check run never counts, even when it succeeded", async () => {
    const { outcome } = await evaluate(
      { checkRuns: { [HEAD]: [run('gate-matrix', 'success'), run('test', 'success')] } },
      { names: ['gate-matrix', 'test'] },
    )
    expect(outcome.result).toBe('missing')
    expect(outcome.findings[0]).toMatchObject({ code: 'CHECK_MISSING', message: expect.stringContaining("this gate's own check run") })
  })

  it('reads the PR head, not the merge commit; fetches the PR when the head is unknown', async () => {
    const { outcome, api } = await evaluate(
      { checkRuns: { [HEAD]: [run('build', 'success'), run('test', 'success')] }, pulls: { 7: { number: 7, author: 'dev', head_sha: HEAD, base_sha: 'x', base_ref: 'main' } } },
      {},
      { github: { head_sha: null } },
    )
    expect(outcome.result).toBe('pass')
    expect(api.calls).toEqual(['pullRequest 7', `checkRuns ${HEAD}`, `statuses ${HEAD}`])
  })

  it('no API: missing with the reason; API failure: blocked', async () => {
    const ctx = assertionContext(matrix, runContext(), 'checks')
    const none = await checksKind.evaluate({ names: ['build'] }, ctx)
    expect(none).toMatchObject({ result: 'missing', reason: expect.stringContaining('no GITHUB_TOKEN') })
    expect(none.findings[0]).toMatchObject({ status: 'missing', code: 'GITHUB_NOT_CONFIGURED' })
    const { outcome } = await evaluate({ fail: new GitHubUnavailableError('HTTP 502 after 4 attempts', 'error') })
    expect(outcome).toMatchObject({ result: 'blocked', reason: 'HTTP 502 after 4 attempts' })
    expect(outcome.findings[0]).toMatchObject({ status: 'blocked', code: 'GITHUB_UNAVAILABLE' })
  })

  describe('wait', () => {
    it('polls with backoff until the checks conclude', async () => {
      const { outcome, api } = await evaluate(
        { checkRuns: { [HEAD]: (call) => (call < 2 ? [run('build', null), run('test', 'success')] : [run('build', 'success'), run('test', 'success')]) } },
        { wait: '10m' },
      )
      expect(outcome.result).toBe('pass')
      expect(api.sleeps).toEqual([10_000, 20_000])
      expect(api.calls.filter((c) => c.startsWith('checkRuns'))).toHaveLength(3)
    })

    it('times out within its budget: at most pollDelays + 1 polls, then missing', async () => {
      const { outcome, api } = await evaluate({ checkRuns: { [HEAD]: () => [run('build', null)] } }, { wait: '10m' })
      expect(outcome.result).toBe('missing')
      expect(api.sleeps).toEqual(pollDelays(600_000))
      expect(api.calls).toHaveLength(2 * (pollDelays(600_000).length + 1)) // 26 calls: check runs + statuses per poll
      expect(outcome.findings.map((f) => f.code)).toEqual(['CHECK_PENDING', 'CHECK_MISSING'])
      expect(outcome.findings[1].message).toContain('(waited 10m)')
    })

    it('a second wait on the same commit in the same run only waits out the rest', async () => {
      expect(pollDelays(600_000, 65_000).slice(0, 3)).toEqual([5_000, 60_000, 60_000])
      expect(pollDelays(600_000, 65_000).reduce((a, b) => a + b, 0)).toBe(535_000)
      expect(pollDelays(60_000, 600_000)).toEqual([])
      const api = memoryState({ checkRuns: { [HEAD]: () => [run('build', null)] } })
      const ctx = assertionContext(matrix, runContext({ api }), 'checks')
      await checksKind.evaluate({ names: ['build'], wait: '10m' }, ctx)
      const sleeps = api.sleeps.length
      const again = await checksKind.evaluate({ names: ['build'], wait: '10m' }, ctx)
      expect(again.result).toBe('missing')
      expect(api.sleeps).toHaveLength(sleeps)
    })

    it('stops waiting at a definite failure', async () => {
      const { outcome, api } = await evaluate({ checkRuns: { [HEAD]: () => [run('build', 'failure'), run('test', null)] } }, { wait: '10m' })
      expect(outcome.result).toBe('fail')
      expect(api.sleeps).toEqual([])
    })
  })
})
