import { describe, expect, it } from '@jest/globals'
import { reviewsKind } from '../../src/gates/assertions/reviews.js'
import { standingReviews } from '../../src/gates/support/review-standing.js'
import type { ReviewInfo } from '../../src/core/github-port.js'
import { assertionContext, HEAD, parseMatrix as loadMatrix, type MemoryData, memoryState, OLD, review, runContext } from '../support/gates.js'

const MATRIX = `version: 1
environments:
  production: {}
gates:
  - id: g
    family: schema-seed
    assert:
      - reviews:
          approvals: 2
          groups:
            backend: [alice, dave]
            qa: [acme/qa]
`
// approvals: line 9 col 22; groups.backend: line 11 col 22; groups.qa: line 12, entry 0 col 18.
const matrix = loadMatrix(MATRIX)
const PR = { number: 7, author: 'dev', head_sha: HEAD, base_sha: OLD, base_ref: 'main' }

async function evaluate(reviews: ReviewInfo[], options: Record<string, unknown>, data: MemoryData = {}) {
  const api = memoryState({ pulls: { 7: PR }, reviews: { 7: reviews }, teams: { 'acme/qa': ['Carol'] }, ...data })
  const ctx = assertionContext(matrix, runContext({ api }), 'reviews')
  const outcome = await reviewsKind.evaluate(reviewsKind.options.parse(options), ctx)
  return { outcome, api }
}

describe('standingReviews', () => {
  it('the latest APPROVED/CHANGES_REQUESTED per reviewer stands; comments do not replace it; dismissal clears it', () => {
    const s = standingReviews(
      [
        review('alice', 'CHANGES_REQUESTED', '2026-11-01T10:00:00Z'),
        review('alice', 'APPROVED', '2026-11-01T11:00:00Z'),
        review('Alice', 'COMMENTED', '2026-11-01T12:00:00Z'),
        review('bob', 'APPROVED', '2026-11-01T10:00:00Z'),
        review('bob', 'DISMISSED', '2026-11-01T10:00:00Z'),
        review('dev', 'APPROVED', '2026-11-01T10:00:00Z'),
      ],
      'dev',
    )
    expect([...s.keys()]).toEqual(['alice'])
    expect(s.get('alice')!.state).toBe('APPROVED')
  })
})

describe('reviews', () => {
  it('passes with enough approvals overall and in every group (team members from the API)', async () => {
    const { outcome, api } = await evaluate(
      [review('alice', 'APPROVED', '2026-11-01T10:00:00Z'), review('carol', 'APPROVED', '2026-11-01T10:00:00Z')],
      { approvals: 2, groups: { backend: ['alice', 'dave'], qa: ['acme/qa'] } },
    )
    expect(outcome).toEqual({ result: 'pass', findings: [] })
    expect(api.calls).toContain('teamMembers acme/qa')
  })

  it("the author's own approval never counts", async () => {
    const { outcome } = await evaluate([review('dev', 'APPROVED', '2026-11-01T10:00:00Z'), review('alice', 'APPROVED', '2026-11-01T10:00:00Z')], { approvals: 2 })
    expect(outcome.result).toBe('fail')
    expect(outcome.findings).toEqual([
      {
        status: 'fail',
        code: 'APPROVALS_INSUFFICIENT',
        message: 'PR #7 needs 2 approvals, has 1 (alice)',
        location: { path: 'gate-matrix.yml', line: 9, column: 22 },
      },
    ])
  })

  it('a dismissed approval does not count', async () => {
    const { outcome } = await evaluate([review('alice', 'DISMISSED', '2026-11-01T10:00:00Z')], { groups: { backend: ['alice', 'dave'] } })
    expect(outcome.findings).toEqual([expect.objectContaining({ code: 'APPROVALS_INSUFFICIENT', location: { path: 'gate-matrix.yml', line: 11, column: 22 } })])
  })

  it('dismiss_stale: an approval of an older commit does not count, and the message says so', async () => {
    const reviews = [review('alice', 'APPROVED', '2026-11-01T10:00:00Z', OLD)]
    expect((await evaluate(reviews, { approvals: 1 })).outcome.result).toBe('pass')
    const { outcome } = await evaluate(reviews, { approvals: 1, dismiss_stale: true })
    expect(outcome.result).toBe('fail')
    expect(outcome.findings[0].message).toBe('PR #7 needs 1 approval, has 0 (none); not counted, approved an older commit than aaaaaaaaaaaa: alice')
  })

  it('an outstanding changes-requested review fails even with enough approvals', async () => {
    const { outcome } = await evaluate(
      [review('alice', 'APPROVED', '2026-11-01T10:00:00Z'), review('bob', 'CHANGES_REQUESTED', '2026-11-01T10:00:00Z'), review('bob', 'COMMENTED', '2026-11-01T11:00:00Z')],
      { approvals: 1 },
    )
    expect(outcome.result).toBe('fail')
    expect(outcome.findings).toEqual([expect.objectContaining({ code: 'CHANGES_REQUESTED', message: expect.stringMatching(/^bob requested changes/) })])
  })

  it('min_per_group counts distinct approvers of the group', async () => {
    const { outcome } = await evaluate([review('alice', 'APPROVED', '2026-11-01T10:00:00Z')], { groups: { backend: ['alice', 'dave'] }, min_per_group: 2 })
    expect(outcome.findings[0].message).toBe('group backend (alice, dave) needs 2 approvals on PR #7, has 1; approved by: alice')
  })

  it('team lookup denied: blocked at the team entry, with the reason', async () => {
    const { outcome } = await evaluate([review('carol', 'APPROVED', '2026-11-01T10:00:00Z')], { groups: { qa: ['acme/qa'] } }, { teams: { 'acme/qa': 'denied' } })
    expect(outcome.result).toBe('blocked')
    expect(outcome.findings).toEqual([
      { status: 'blocked', code: 'GITHUB_UNAVAILABLE', message: 'cannot read the members of team acme/qa', location: { path: 'gate-matrix.yml', line: 12, column: 18 } },
    ])
  })

  it('teams are not looked up when the logins of the group already suffice', async () => {
    const { outcome, api } = await evaluate([review('alice', 'APPROVED', '2026-11-01T10:00:00Z')], { groups: { g: ['alice', 'acme/qa'] } }, { teams: { 'acme/qa': 'denied' } })
    expect(outcome.result).toBe('pass')
    expect(api.calls.some((c) => c.startsWith('teamMembers'))).toBe(false)
  })

  it('without options one approval is needed', async () => {
    expect((await evaluate([], {})).outcome.findings[0].message).toBe('PR #7 needs 1 approval, has 0 (none)')
  })

  it('not a pull request: not_applicable; no API: missing', async () => {
    const push = assertionContext(matrix, runContext({ github: { pr_number: null } }), 'reviews')
    expect(await reviewsKind.evaluate({ approvals: 1 }, push)).toMatchObject({ result: 'not_applicable', reason: expect.stringContaining('not a pull request') })
    const noApi = assertionContext(matrix, runContext(), 'reviews')
    expect(await reviewsKind.evaluate({ approvals: 1 }, noApi)).toMatchObject({ result: 'missing', findings: [{ code: 'GITHUB_NOT_CONFIGURED' }] })
  })
})
