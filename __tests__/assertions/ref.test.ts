import { describe, expect, it } from '@jest/globals'
import { refKind, type RefOptions } from '../../src/gates/assertions/ref.js'
import type { AssertionOutcome } from '../../src/core/outcome.js'
import type { GithubFacts } from '../../src/core/run.js'
import { fixtureContext as makeContext } from '../support/gates.js'

// gates[2].assert: `- ref: {}` (line 45) and `- ref: { branch: [main, 'release/*'] }` (line 46).
const DEFAULT = ['gates', 2, 'assert', 0, 'ref']
const GIVEN = ['gates', 2, 'assert', 1, 'ref']

async function run(options: RefOptions, environment: string | null, github: Partial<GithubFacts>, declaredPath = DEFAULT): Promise<AssertionOutcome> {
  return refKind.evaluate(options, makeContext({ environment, github, declaredPath }))
}

const push = (ref_name: string | null): Partial<GithubFacts> => ({ event_name: 'push', ref_name, ref: ref_name && `refs/heads/${ref_name}` })
const pr = (base_ref: string | null, ref_name = '12/merge'): Partial<GithubFacts> => ({ event_name: 'pull_request', base_ref, ref_name, head_ref: 'feature' })

describe('ref kind', () => {
  it.each<[string, RefOptions, string | null, Partial<GithubFacts>, string, [number, number] | null]>([
    ['push to the environment branch', {}, 'production', push('main'), 'pass', null],
    ['push elsewhere → at environments.production.branch', {}, 'production', push('dev'), 'fail', [13, 13]],
    ['PR judged by its base branch', {}, 'production', pr('main'), 'pass', null],
    ['PR into another base', {}, 'staging', pr('dev'), 'fail', [9, 13]],
    ['pull_request_target uses the base too', {}, 'staging', { event_name: 'pull_request_target', base_ref: 'main', ref_name: 'main' }, 'pass', null],
    ['merge_group uses its target branch', {}, 'staging', { event_name: 'merge_group', base_ref: 'refs/heads/main', ref_name: 'gh-readonly-queue/main/pr-1-abc' }, 'pass', null],
    ['environment branch as a glob', {}, 'sandbox', push('release/1.2'), 'pass', null],
    ['ref without ref_name: refs/heads/ stripped', {}, 'production', { event_name: 'workflow_dispatch', ref_name: null, ref: 'refs/heads/main' }, 'pass', null],
  ])('%s', async (_name, options, env, github, result, at) => {
    const o = await run(options, env, github)
    expect(o.result).toBe(result)
    if (at) expect(o.findings).toEqual([expect.objectContaining({ code: 'REF_NOT_ALLOWED', location: { path: 'gate-matrix.yml', line: at[0], column: at[1] } })])
    else expect(o.findings).toEqual([])
  })

  it.each<[string, RefOptions, Partial<GithubFacts>, string]>([
    ['a list with a glob: match', { branch: ['main', 'release/*'] }, push('release/2'), 'pass'],
    ['a list: no match → at the option', { branch: ['main', 'release/*'] }, push('hotfix/1'), 'fail'],
    ['a single name', { branch: 'hotfix/1' }, push('hotfix/1'), 'pass'],
  ])('branch option: %s', async (_name, options, github, result) => {
    const o = await run(options, 'production', github, GIVEN)
    expect(o.result).toBe(result)
    if (result === 'fail') {
      expect(o.findings[0]).toMatchObject({ code: 'REF_NOT_ALLOWED', location: { line: 46, column: 24 } })
      expect(o.findings[0].message).toContain('"hotfix/1"')
    }
  })

  it('no ref known → REF_UNKNOWN, missing', async () => {
    const o = await run({}, 'production', pr(null))
    expect(o.result).toBe('missing')
    expect(o.findings).toEqual([expect.objectContaining({ code: 'REF_UNKNOWN', status: 'missing' })])
    expect((await run({}, 'production', { event_name: 'schedule', ref_name: null, ref: null })).result).toBe('missing')
  })

  it('an environment without a branch → missing, with the matrix fix in the reason', async () => {
    const ctx = makeContext({ environment: 'production', github: push('main'), declaredPath: DEFAULT })
    delete ctx.environment!.branch
    const o = await refKind.evaluate({}, ctx)
    expect(o).toEqual({ result: 'missing', findings: [], reason: expect.stringContaining('environment "production" declares no branch') })
  })
})
