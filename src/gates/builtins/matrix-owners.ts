// Built-in: a PR that changes the matrix needs an approval from one of the matrix's
// `owners` (logins or org/team), so the source of truth cannot be rewritten unseen.
// A matrix without `owners` opts out (not_applicable): there is nobody to ask.
import { approvers, approversIn, standingReviews } from '../support/review-standing.js'
import { sharedCodes } from '../../core/codes.js'
import { type BuiltinGate, withGitHub } from '../kit.js'
import { notApplicable } from '../../core/outcome.js'

export const matrixOwnersGate: BuiltinGate = {
  id: 'gate-matrix/matrix-owners',
  family: 'matrix',
  description: 'A pull request that changes the matrix is approved by one of the matrix `owners`.',
  scope: 'repository',
  evidenceTypes: ['reviews'],
  codes: {
    MATRIX_OWNER_APPROVAL_MISSING: { status: 'fail', meaning: 'The PR changes the matrix and no owner listed under `owners:` approved it.' },
    ...sharedCodes('GITHUB_UNAVAILABLE', 'GITHUB_NOT_CONFIGURED'),
  },
  async evaluate(ctx) {
    const { matrix, run } = ctx
    const n = run.github.pr_number
    if (n === null) return notApplicable('not a pull request')
    if (run.changes.kind === 'none') return notApplicable(`no change set: ${run.changes.reason}`)
    if (run.changes.kind === 'unavailable') {
      const reason = `cannot tell whether PR #${n} changes ${matrix.path}: ${run.changes.reason}`
      return { result: 'blocked', reason, findings: [{ status: 'blocked', code: 'GITHUB_UNAVAILABLE', message: reason, location: { path: matrix.path } }] }
    }
    if (!run.changes.files.includes(matrix.path)) return notApplicable(`PR #${n} does not change ${matrix.path}`)
    const owners = matrix.spec.owners ?? []
    if (!owners.length) return notApplicable('the matrix declares no owners')

    const location = matrix.doc.locateKey(['owners'])
    return withGitHub(ctx, location, async (api) => {
      const [pr, reviews] = await Promise.all([api.pullRequest(n), api.reviews(n)])
      const approvedBy = approvers(standingReviews(reviews, pr.author))
      const { matched, unreadable } = await approversIn(api, owners, approvedBy, 1)
      if (matched.length) return { result: 'pass', findings: [] }
      if (unreadable.length) {
        const reason = unreadable.map((u) => u.error.message).join('; ')
        return { result: 'blocked', reason, findings: [{ status: 'blocked', code: 'GITHUB_UNAVAILABLE', message: reason, location }] }
      }
      return {
        result: 'fail',
        findings: [
          {
            status: 'fail',
            code: 'MATRIX_OWNER_APPROVAL_MISSING',
            message: `PR #${n} changes ${matrix.path} and needs an approval from one of its owners (${owners.join(', ')}); approved by: ${approvedBy.length ? approvedBy.join(', ') : 'nobody'}`,
            location,
          },
        ],
      }
    })
  },
}
