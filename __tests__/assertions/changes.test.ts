import { describe, expect, it } from '@jest/globals'
import { changesKind, type ChangesOptions } from '../../src/gates/assertions/changes.js'
import type { AssertionOutcome } from '../../src/core/outcome.js'
import type { ChangeSet } from '../../src/core/run.js'
import { fixtureContext as makeContext } from '../support/gates.js'

// gates[1].assert[0].changes in the fixture matrix: require_changed [migrations/**, fixtures/golden/**]
// (line 40) and forbid_changed [secrets/**] (line 41).
const DECLARED = ['gates', 1, 'assert', 0, 'changes']
const OPTIONS: ChangesOptions = { require_changed: ['migrations/**', 'fixtures/golden/**'], forbid_changed: ['secrets/**'] }

async function run(changes: ChangeSet, options: ChangesOptions = OPTIONS): Promise<AssertionOutcome> {
  return changesKind.evaluate(options, makeContext({ changes, declaredPath: DECLARED }))
}

const files = (...f: string[]): ChangeSet => ({ kind: 'files', files: f })

describe('changes kind', () => {
  it.each<[string, ChangeSet, Array<[string, string, number | undefined, number | undefined]>]>([
    ['every co-change present', files('apps/api/prisma/schema.prisma', 'migrations/001.sql', 'fixtures/golden/a.json'), []],
    ['one co-change missing → at that glob', files('migrations/001.sql'), [['CO_CHANGE_MISSING', 'gate-matrix.yml', 40, 44]]],
    ['both missing', files('README.md'), [['CO_CHANGE_MISSING', 'gate-matrix.yml', 40, 29], ['CO_CHANGE_MISSING', 'gate-matrix.yml', 40, 44]]],
    [
      'forbidden change → at the changed file',
      files('migrations/1.sql', 'fixtures/golden/x', 'secrets/prod.env', 'secrets/.hidden'),
      [['CHANGE_FORBIDDEN', 'secrets/prod.env', undefined, undefined], ['CHANGE_FORBIDDEN', 'secrets/.hidden', undefined, undefined]],
    ],
    ['no changed files at all', files(), [['CO_CHANGE_MISSING', 'gate-matrix.yml', 40, 29], ['CO_CHANGE_MISSING', 'gate-matrix.yml', 40, 44]]],
  ])('%s', async (_name, changes, expected) => {
    const o = await run(changes)
    expect(o.findings.map((f) => [f.code, f.location.path, f.location.line, f.location.column])).toEqual(expected)
    expect(o.result).toBe(expected.length ? 'fail' : 'pass')
  })

  it('only forbid_changed: a diff that avoids the globs passes', async () => {
    expect((await run(files('src/a.ts', 'secretsx/a'), { forbid_changed: ['secrets/**'] })).result).toBe('pass')
  })

  it('no diff in this run → not_applicable with its reason', async () => {
    expect(await run({ kind: 'none', reason: 'a scheduled run has no diff' })).toEqual({ result: 'not_applicable', findings: [], reason: 'a scheduled run has no diff' })
  })

  it('diff unavailable → blocked, CHANGES_UNAVAILABLE', async () => {
    const ctx = makeContext({ changes: { kind: 'unavailable', reason: 'the files API failed (502)' }, declaredPath: DECLARED })
    const o = await changesKind.evaluate(OPTIONS, ctx)
    expect(o.result).toBe('blocked')
    expect(o.findings).toEqual([expect.objectContaining({ status: 'blocked', code: 'CHANGES_UNAVAILABLE', message: expect.stringContaining('502') })])
    expect(o.findings[0].location).toEqual(ctx.declaredAt)
  })

  it('the options schema needs one of the two', () => {
    expect(changesKind.options.safeParse({}).success).toBe(false)
  })
})
