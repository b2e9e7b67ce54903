import { describe, expect, it } from '@jest/globals'
import { matrixOwnersGate } from '../../src/gates/builtins/matrix-owners.js'
import type { AssertionContext } from '../../src/gates/kit.js'
import type { ChangeSet, RunContext } from '../../src/core/run.js'
import { RepoReader } from '../../src/repo/reader.js'
import { HEAD, parseMatrix as loadMatrix, type MemoryData, memoryState, OLD, review, runContext } from '../support/gates.js'

const WITH_OWNERS = `version: 1
owners:
  - alice
  - acme/release
environments: { s: {} }
gates: []
`
const OWNERS_AT = { path: 'gate-matrix.yml', line: 2, column: 1 }
const CHANGED: ChangeSet = { kind: 'files', files: ['src/a.ts', 'gate-matrix.yml'] }
const PR = { number: 7, author: 'dev', head_sha: HEAD, base_sha: OLD, base_ref: 'main' }

function ctx(run: RunContext, text = WITH_OWNERS): AssertionContext {
  const matrix = loadMatrix(text)
  return { repo: new RepoReader(process.cwd()), matrix, run, environment: null, gateId: matrixOwnersGate.id, declaredAt: { path: matrix.path }, declaredPath: [] }
}

async function evaluate(data: MemoryData, changes: ChangeSet = CHANGED) {
  const api = memoryState({ pulls: { 7: PR }, teams: { 'acme/release': ['Bob'] }, ...data })
  return { outcome: await matrixOwnersGate.evaluate(ctx(runContext({ api, changes }))), api }
}

describe('gate-matrix/matrix-owners', () => {
  it('matrix changed without an owner approval: fails at the owners: line', async () => {
    const { outcome } = await evaluate({ reviews: { 7: [review('carol', 'APPROVED', '2026-11-01T10:00:00Z')] } })
    expect(outcome).toEqual({
      result: 'fail',
      findings: [
        {
          status: 'fail',
          code: 'MATRIX_OWNER_APPROVAL_MISSING',
          message: 'PR #7 changes gate-matrix.yml and needs an approval from one of its owners (alice, acme/release); approved by: carol',
          location: OWNERS_AT,
        },
      ],
    })
  })

  it.each([
    ['a login owner', 'alice'],
    ['a member of an owner team (case-insensitive)', 'bob'],
  ])('matrix changed with the approval of %s: pass', async (_label, login) => {
    const { outcome } = await evaluate({ reviews: { 7: [review(login, 'APPROVED', '2026-11-01T10:00:00Z')] } })
    expect(outcome).toEqual({ result: 'pass', findings: [] })
  })

  it('the author approving their own matrix change, or a dismissed owner approval, does not count', async () => {
    const self = await matrixOwnersGate.evaluate(
      ctx(runContext({ api: memoryState({ pulls: { 7: { ...PR, author: 'alice' } }, reviews: { 7: [review('alice', 'APPROVED', '2026-11-01T10:00:00Z')] }, teams: { 'acme/release': [] } }), changes: CHANGED })),
    )
    expect(self.result).toBe('fail')
    const { outcome } = await evaluate({ reviews: { 7: [review('alice', 'APPROVED', '2026-11-01T10:00:00Z'), review('alice', 'DISMISSED', '2026-11-01T10:00:00Z')] } })
    expect(outcome.result).toBe('fail')
  })

  it('an owner team the token cannot read: blocked with the reason', async () => {
    const { outcome } = await evaluate({ reviews: { 7: [] }, teams: { 'acme/release': 'denied' } })
    expect(outcome).toMatchObject({ result: 'blocked', findings: [{ status: 'blocked', code: 'GITHUB_UNAVAILABLE', location: OWNERS_AT }] })
  })

  it.each([
    ['not a pull request', runContext({ changes: CHANGED, github: { pr_number: null } }), WITH_OWNERS, 'not a pull request'],
    ['the matrix did not change', runContext({ changes: { kind: 'files', files: ['src/a.ts'] } }), WITH_OWNERS, 'does not change gate-matrix.yml'],
    ['no owners declared', runContext({ changes: CHANGED }), 'version: 1\nenvironments: { s: {} }\ngates: []\n', 'declares no owners'],
    ['no diff', runContext({ changes: { kind: 'none', reason: 'schedule' } }), WITH_OWNERS, 'no change set'],
  ])('not_applicable: %s', async (_label, run, text, reason) => {
    expect(await matrixOwnersGate.evaluate(ctx(run, text))).toMatchObject({ result: 'not_applicable', reason: expect.stringContaining(reason) })
  })

  it('no API: missing with the reason; unreadable diff: blocked', async () => {
    expect(await matrixOwnersGate.evaluate(ctx(runContext({ changes: CHANGED })))).toMatchObject({ result: 'missing', findings: [{ code: 'GITHUB_NOT_CONFIGURED', location: OWNERS_AT }] })
    expect(await matrixOwnersGate.evaluate(ctx(runContext({ changes: { kind: 'unavailable', reason: 'HTTP 502' } })))).toMatchObject({ result: 'blocked' })
  })
})
