import { describe, expect, it } from '@jest/globals'
import { matrixUpdatedGate } from '../../src/gates/builtins/matrix-updated.js'
import type { AssertionOutcome } from '../../src/core/outcome.js'
import type { ChangeSet } from '../../src/core/run.js'
import { fixtureRepo, fixtureContext as makeContext } from '../support/gates.js'

async function run(changes: ChangeSet, root?: string): Promise<AssertionOutcome> {
  return matrixUpdatedGate.evaluate(makeContext({ changes, root }))
}
const files = (...f: string[]): ChangeSet => ({ kind: 'files', files: f })

describe('built-in matrix-updated', () => {
  it.each<[string, ChangeSet, string]>([
    ['untracked files only', files('src/a.ts', 'README.md'), 'pass'],
    ['tracked files with the matrix', files('.github/workflows/ci.yml', 'gate-matrix.yml'), 'pass'],
    ['tracked files without the matrix', files('.github/workflows/ci.yml', 'src/a.ts', 'docs/runbooks/X.md'), 'fail'],
  ])('%s → %s', async (_name, changes, result) => {
    const o = await run(changes)
    expect(o.result).toBe(result)
    if (result === 'fail') {
      expect(o.findings).toEqual([{
        status: 'fail',
        code: 'MATRIX_NOT_UPDATED',
        message: expect.stringContaining('.github/workflows/ci.yml, docs/runbooks/X.md'),
        location: { path: 'gate-matrix.yml', line: 4, column: 1 },
      }])
      expect(o.findings[0].message).not.toContain('src/a.ts')
    }
  })

  it('lists at most 10 files, then how many more', async () => {
    const many = Array.from({ length: 13 }, (_, i) => `.github/workflows/w${String(i).padStart(2, '0')}.yml`)
    const message = (await run(files(...many))).findings[0].message
    expect(message).toContain('w09.yml and 3 more')
    expect(message).not.toContain('w10.yml')
  })

  it('no diff → not_applicable; unavailable → blocked with the reason', async () => {
    expect(await run({ kind: 'none', reason: 'no --changed-files given' })).toEqual({ result: 'not_applicable', findings: [], reason: 'no --changed-files given' })
    const blocked = await run({ kind: 'unavailable', reason: 'over the 3,000-file cap' })
    expect(blocked.result).toBe('blocked')
    expect(blocked.reason).toContain('3,000-file cap')
    expect(blocked.findings[0]).toMatchObject({ status: 'blocked', code: 'CHANGES_UNAVAILABLE' })
  })

  it('a matrix without tracked: → not_applicable', async () => {
    const root = fixtureRepo({ 'gate-matrix.yml': 'version: 1\nenvironments: { staging: {} }\ngates: []\n' })
    expect((await run(files('.github/workflows/ci.yml'), root)).result).toBe('not_applicable')
  })
})
