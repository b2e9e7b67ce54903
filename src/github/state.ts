// GitHubState (the engine's view of GitHub) over the REST client. Answers are memoized for
// the run, so gates in several environments asking about the same commit cost one set of
// requests; a `checks` wait asks with `fresh` and refreshes the memo. Errors arrive typed
// from the client (GitHubUnavailableError subclasses), so the gates become `blocked`.
import { type CheckRunInfo, type Clock, type FetchOptions, type GitHubState, GitHubUnavailableError, type PullRequestInfo, type ReviewInfo, type StatusInfo } from '../core/github-port.js'
import type { GitHubClient } from './client.js'
import { GitHubApiError, GitHubPermissionError } from './errors.js'
import type { RepoRef } from './repo-ref.js'

const PER_PAGE = 100

/** Team reads need org scope, which the workflow's GITHUB_TOKEN never has. */
export const TEAM_TOKEN_HINT =
  'the token must be able to read the organization\'s teams: a GitHub App installation token with "Members: read" organization permission, or a PAT with read:org; the workflow GITHUB_TOKEN cannot'

export function createGitHubState(client: GitHubClient, repo: RepoRef, o: { clock?: Clock } = {}): GitHubState {
  const { octokit } = client
  const memo = new Map<string, Promise<unknown>>()
  function cached<T>(key: string, fetch: () => Promise<T>, fresh = false): Promise<T> {
    if (fresh || !memo.has(key)) memo.set(key, fetch())
    return memo.get(key) as Promise<T>
  }
  // A commit the repository does not have (a mistyped validated SHA) has no checks:
  // GitHub answers 422 for it, which is `missing` evidence, not a broken API.
  async function unknownCommitIsEmpty<T>(fetch: Promise<T[]>): Promise<T[]> {
    try {
      return await fetch
    } catch (e) {
      if (e instanceof GitHubApiError && e.status === 422) return []
      throw e
    }
  }

  return {
    clock: o.clock,

    checkRuns(sha: string, f: FetchOptions = {}): Promise<CheckRunInfo[]> {
      return cached(
        `check-runs:${sha}`,
        async () => {
          const runs = await unknownCommitIsEmpty(
            octokit.paginate('GET /repos/{owner}/{repo}/commits/{ref}/check-runs', { ...repo, ref: sha, filter: 'all', per_page: PER_PAGE }),
          )
          return runs.map((r) => ({
            id: Number(r.id),
            name: r.name,
            status: r.status,
            conclusion: r.conclusion,
            started_at: r.started_at,
            completed_at: r.completed_at,
            app_slug: r.app?.slug ?? null,
          }))
        },
        f.fresh,
      )
    },

    statuses(sha: string, f: FetchOptions = {}): Promise<StatusInfo[]> {
      return cached(
        `statuses:${sha}`,
        async () => {
          const list = await unknownCommitIsEmpty(octokit.paginate('GET /repos/{owner}/{repo}/commits/{ref}/statuses', { ...repo, ref: sha, per_page: PER_PAGE }))
          return list.map((s) => ({ id: s.id, context: s.context, state: s.state, updated_at: s.updated_at }))
        },
        f.fresh,
      )
    },

    pullRequest(number: number): Promise<PullRequestInfo> {
      return cached(`pull:${number}`, async () => {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/pulls/{pull_number}', { ...repo, pull_number: number })
        // The client checked the types of what is there; here all of it must be.
        if (!data.user || !data.head || !data.base) throw new GitHubApiError(`unexpected response from GET /repos/{owner}/{repo}/pulls/${number}: expected a pull request with user, head and base`, null)
        return { number: data.number, author: data.user.login, head_sha: data.head.sha, base_sha: data.base.sha, base_ref: data.base.ref }
      })
    },

    reviews(number: number): Promise<ReviewInfo[]> {
      return cached(`reviews:${number}`, async () => {
        const list = await octokit.paginate('GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews', { ...repo, pull_number: number, per_page: PER_PAGE })
        // A deleted account's review has no user: it cannot count for anyone.
        return list.flatMap((r) =>
          r.user ? [{ id: Number(r.id), user: r.user.login, state: r.state, submitted_at: r.submitted_at ?? null, commit_id: r.commit_id ?? null }] : [],
        )
      })
    },

    teamMembers(org: string, teamSlug: string): Promise<string[]> {
      return cached(`team:${org}/${teamSlug}`.toLowerCase(), async () => {
        try {
          const list = await octokit.paginate('GET /orgs/{org}/teams/{team_slug}/members', { org, team_slug: teamSlug, per_page: PER_PAGE })
          return list.map((m) => m.login)
        } catch (e) {
          if (e instanceof GitHubPermissionError) {
            throw new GitHubUnavailableError(`cannot read the members of team ${org}/${teamSlug} (HTTP ${e.status}; or the team does not exist): ${TEAM_TOKEN_HINT}`, 'permission')
          }
          throw e
        }
      })
    },
  }
}
