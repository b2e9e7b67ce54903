// `reviews`: approvals on the PR, overall and per group. Each reviewer's latest standing
// review counts (a comment does not replace it, a dismissal clears it); the author's
// own reviews never count; outstanding changes-requested blocks.
import * as z from 'zod'
import { sharedCodes } from '../../core/codes.js'
import { type AssertionContext, type AssertionKind, withGitHub } from '../kit.js'
import { type Finding, notApplicable, outcomeOf } from '../../core/outcome.js'
import { approvers, approversIn, standingReviews } from '../support/review-standing.js'

export const reviewsOptions = z
  .strictObject({
    approvals: z.number().int().min(0).optional().describe('Approvals needed in all (default 1 without groups, else 0)'),
    groups: z.record(z.string(), z.array(z.string().min(1)).min(1)).optional().describe('name: [login or org/team]'),
    min_per_group: z.number().int().min(1).optional().describe('Approvals needed from each group (default 1)'),
    dismiss_stale: z.boolean().optional().describe('Approvals of an older commit than the head do not count'),
  })
  .describe('PR approvals: count, per group, no outstanding changes requested')

export type ReviewsOptions = z.infer<typeof reviewsOptions>

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

function listed(logins: string[]): string {
  return logins.length ? logins.join(', ') : 'none'
}

export const reviewsKind: AssertionKind<ReviewsOptions> = {
  kind: 'reviews',
  description: 'PR approvals: a count, per group (logins or org/team), no outstanding changes requested.',
  options: reviewsOptions,
  needs: 'github',
  codes: {
    APPROVALS_INSUFFICIENT: { status: 'fail', meaning: 'Fewer approvals than required, overall or in a group.' },
    CHANGES_REQUESTED: { status: 'fail', meaning: 'A reviewer\'s latest review requests changes.' },
    ...sharedCodes('GITHUB_UNAVAILABLE', 'GITHUB_NOT_CONFIGURED'),
  },
  validate(o, at) {
    // A reviews assertion that needs no approval passes every PR without changes requested.
    const groups = Object.keys(o.groups ?? {}).length
    if (groups > 0 || (o.approvals ?? (o.groups ? 0 : 1)) > 0) return []
    const where = o.approvals === 0 ? at(['approvals']) : at(['groups'])
    return [{ location: where, message: `this reviews assertion requires no approval (${o.approvals === 0 ? 'approvals: 0' : 'groups: {}'}); require at least 1 approval, or name a group` }]
  },
  async evaluate(o, ctx: AssertionContext) {
    const n = ctx.run.github.pr_number
    if (n === null) return notApplicable('not a pull request: reviews apply to pull requests only')
    const at = (path: ReadonlyArray<string | number>) => ctx.matrix.doc.locate([...ctx.declaredPath, ...path]).location
    return withGitHub(ctx, ctx.declaredAt, async (api) => {
      const [pr, reviews] = await Promise.all([api.pullRequest(n), api.reviews(n)])
      const standing = standingReviews(reviews, pr.author)
      const approved = approvers(standing, o.dismiss_stale ? pr.head_sha : undefined)
      const stale = o.dismiss_stale ? approvers(standing).filter((a) => !approved.includes(a)) : []
      const staleNote = stale.length ? `; not counted, approved an older commit than ${pr.head_sha.slice(0, 12)}: ${stale.join(', ')}` : ''
      const findings: Finding[] = []

      for (const r of standing.values()) {
        if (r.state !== 'CHANGES_REQUESTED') continue
        findings.push({ status: 'fail', code: 'CHANGES_REQUESTED', message: `${r.user} requested changes on PR #${n} (review ${r.id}); it blocks until they approve or the review is dismissed`, location: ctx.declaredAt })
      }

      const needed = o.approvals ?? (o.groups ? 0 : 1)
      if (approved.length < needed) {
        findings.push({
          status: 'fail',
          code: 'APPROVALS_INSUFFICIENT',
          message: `PR #${n} needs ${plural(needed, 'approval')}, has ${approved.length} (${listed(approved)})${staleNote}`,
          location: o.approvals === undefined ? ctx.declaredAt : at(['approvals']),
        })
      }

      const min = o.min_per_group ?? 1
      for (const [group, entries] of Object.entries(o.groups ?? {})) {
        const { matched, unreadable } = await approversIn(api, entries, approved, min)
        if (matched.length >= min) continue
        if (unreadable.length) {
          for (const u of unreadable) findings.push({ status: 'blocked', code: 'GITHUB_UNAVAILABLE', message: u.error.message, location: at(['groups', group, u.index]) })
          continue
        }
        findings.push({
          status: 'fail',
          code: 'APPROVALS_INSUFFICIENT',
          message: `group ${group} (${entries.join(', ')}) needs ${plural(min, 'approval')} on PR #${n}, has ${matched.length}; approved by: ${listed(approved)}${staleNote}`,
          location: at(['groups', group]),
        })
      }
      return outcomeOf(findings)
    })
  },
}
