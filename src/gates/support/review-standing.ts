// Who stands where on a PR: each reviewer's latest standing review, who approves, and
// which approvers belong to a group of logins and teams. Shared by `reviews` and the
// matrix-owner approval built-in.
import { type GitHubState, GitHubUnavailableError, type ReviewInfo } from '../../core/github-port.js'

/** States that set a reviewer's standing; COMMENTED and PENDING leave it unchanged. */
const STANDING = new Set(['APPROVED', 'CHANGES_REQUESTED', 'DISMISSED'])

/**
 * Each reviewer's standing review, keyed by lower-case login: their latest APPROVED or
 * CHANGES_REQUESTED review, dropped when that review was DISMISSED. The PR author's
 * reviews never count.
 */
export function standingReviews(reviews: ReviewInfo[], author: string): Map<string, ReviewInfo> {
  const ordered = [...reviews].sort((a, b) => {
    const d = Date.parse(a.submitted_at ?? '') - Date.parse(b.submitted_at ?? '')
    return Number.isNaN(d) || d === 0 ? a.id - b.id : d
  })
  const standing = new Map<string, ReviewInfo>()
  for (const r of ordered) {
    const login = r.user.toLowerCase()
    if (login === author.toLowerCase() || !STANDING.has(r.state)) continue
    if (r.state === 'DISMISSED') standing.delete(login)
    else standing.set(login, r)
  }
  return standing
}

/** Lower-case logins whose standing review approves (of `headSha` only, when given). */
export function approvers(standing: Map<string, ReviewInfo>, headSha?: string): string[] {
  return [...standing]
    .filter(([, r]) => r.state === 'APPROVED' && (headSha === undefined || r.commit_id === headSha))
    .map(([login]) => login)
    .sort()
}

export function isTeam(entry: string): boolean {
  return entry.includes('/')
}

export interface GroupMatch {
  /** Approvers that belong to the group (lower-case, sorted). */
  matched: string[]
  /** Team entries (by index) the token could not read. */
  unreadable: { index: number; error: GitHubUnavailableError }[]
}

/**
 * Which approvers belong to `entries` (logins or org/team). Teams are only looked up
 * when the logins alone give fewer than `enough` matches: it saves requests, and a token
 * that cannot read teams only blocks a gate whose outcome depends on a team.
 */
export async function approversIn(api: GitHubState, entries: string[], approvedBy: string[], enough: number): Promise<GroupMatch> {
  const logins = new Set(entries.filter((e) => !isTeam(e)).map((e) => e.toLowerCase()))
  const matched = new Set(approvedBy.filter((a) => logins.has(a)))
  const unreadable: GroupMatch['unreadable'] = []
  if (matched.size < enough) {
    for (const [index, entry] of entries.entries()) {
      if (!isTeam(entry)) continue
      const [org, slug] = entry.split('/', 2)
      try {
        const members = new Set((await api.teamMembers(org, slug)).map((m) => m.toLowerCase()))
        for (const a of approvedBy) if (members.has(a)) matched.add(a)
      } catch (e) {
        if (!(e instanceof GitHubUnavailableError)) throw e
        unreadable.push({ index, error: e })
      }
    }
  }
  return { matched: [...matched].sort(), unreadable }
}
