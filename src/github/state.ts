// GitHubState (the engine's view of GitHub) over the REST client. Answers are memoized for
// the run, so gates in several environments asking about the same commit cost one set of
// requests; a `checks` wait asks with `fresh` and refreshes the memo. Errors arrive typed
// from the client (GitHubUnavailableError subclasses), so the gates become `blocked`.
import { type CheckRunInfo, type Clock, type CodeScanningAnswer, type ComparisonInfo, type DeploymentPage, type DeploymentQuery, type DeploymentStatusInfo, type EnvironmentSettings, type FetchOptions, type GitHubState, GitHubUnavailableError, type PullRequestInfo, type ReviewInfo, type StatusInfo } from '../core/github-port.js'
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

    deployments(q: DeploymentQuery, page = 1): Promise<DeploymentPage> {
      return cached(`deployments:${q.environment}:${q.sha ?? ''}:${q.task ?? ''}:${page}`, async () => {
        const { data, headers } = await octokit.request('GET /repos/{owner}/{repo}/deployments', {
          ...repo,
          environment: q.environment,
          ...(q.sha ? { sha: q.sha } : {}),
          ...(q.task ? { task: q.task } : {}),
          per_page: PER_PAGE,
          page,
        })
        const deployments = data.map((d) => ({ id: Number(d.id), sha: d.sha, ref: d.ref, task: d.task, environment: d.environment, created_at: d.created_at }))
        // GitHub's Link header says whether a next page exists: no request past the last one.
        return { deployments, more: /rel="next"/.test(headers.link ?? '') }
      })
    },

    deploymentStatuses(deploymentId: number): Promise<DeploymentStatusInfo[]> {
      return cached(`deployment-statuses:${deploymentId}`, async () => {
        const list = await octokit.paginate('GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses', { ...repo, deployment_id: deploymentId, per_page: PER_PAGE })
        return list.map((s) => ({ id: Number(s.id), state: s.state, created_at: s.created_at }))
      })
    },

    compare(base: string, head: string): Promise<ComparisonInfo | null> {
      return cached(`compare:${base}...${head}`, async () => {
        let data
        try {
          // per_page 1: the verdict is in the header fields; the commit list is not read.
          ;({ data } = await octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', { ...repo, basehead: `${base}...${head}`, per_page: 1 }))
        } catch (e) {
          if (e instanceof GitHubPermissionError && e.status === 404) return null
          throw e
        }
        // The changed-files reader of the same route reads only `files`: the verdict fields are checked here.
        if (typeof data.status !== 'string' || typeof data.ahead_by !== 'number' || typeof data.behind_by !== 'number') {
          throw new GitHubApiError(`unexpected response from GET /repos/{owner}/{repo}/compare/${base}...${head}: expected a comparison with status, ahead_by and behind_by`, null)
        }
        return { status: data.status, ahead_by: data.ahead_by, behind_by: data.behind_by }
      })
    },

    environment(name: string): Promise<EnvironmentSettings | null> {
      return cached(`environment:${name.toLowerCase()}`, async () => {
        let data
        try {
          ;({ data } = await octokit.request('GET /repos/{owner}/{repo}/environments/{environment_name}', { ...repo, environment_name: name }))
        } catch (e) {
          if (e instanceof GitHubPermissionError && e.status === 404) return null
          throw e
        }
        return environmentSettings(data as unknown as Record<string, unknown>)
      })
    },

    deploymentBranchPolicies(name: string): Promise<string[]> {
      return cached(`branch-policies:${name.toLowerCase()}`, async () => {
        const list = await octokit.paginate('GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies', { ...repo, environment_name: name, per_page: PER_PAGE })
        return list.map((p) => (p.type === 'tag' ? `tag:${String(p.name)}` : String(p.name)))
      })
    },

    customProtectionRules(name: string): Promise<string[]> {
      return cached(`protection-rules:${name.toLowerCase()}`, async () => {
        const { data } = await octokit.request('GET /repos/{owner}/{repo}/environments/{environment_name}/deployment_protection_rules', { ...repo, environment_name: name })
        return (data.custom_deployment_protection_rules ?? []).filter((r) => r.enabled).map((r) => r.app.slug)
      })
    },

    codeScanningAlerts(ref: string, tool?: string): Promise<CodeScanningAnswer> {
      return cached(`code-scanning:${ref}:${tool ?? ''}`, async () => {
        try {
          // An empty alert list proves nothing when no analysis of the ref (by that tool: a
          // misspelt tool name matches none) ran: one analysis on record is asked for first.
          const { data: analyses } = await octokit.request('GET /repos/{owner}/{repo}/code-scanning/analyses', { ...repo, ref, per_page: 1, ...(tool ? { tool_name: tool } : {}) })
          if (!analyses.length) return { kind: 'no-analysis' as const, message: 'GitHub lists no analysis' }
          const list = await octokit.paginate('GET /repos/{owner}/{repo}/code-scanning/alerts', { ...repo, ref, state: 'open', per_page: PER_PAGE, ...(tool ? { tool_name: tool } : {}) })
          return {
            kind: 'alerts' as const,
            alerts: list.map((a) => ({ number: a.number, rule: a.rule?.id ?? a.rule?.name ?? 'unknown rule', security_severity: a.rule?.security_severity_level ?? null, tool: a.tool?.name ?? null })),
          }
        } catch (e) {
          // 403: Advanced Security / code security is off, or no security-events: read; 404: no analysis.
          if (e instanceof GitHubPermissionError) return { kind: e.status === 404 ? ('no-analysis' as const) : ('forbidden' as const), message: e.message }
          throw e
        }
      })
    },
  }
}

/** The protections read from an environment answer; what it lacks stays undefined (unknown). */
function environmentSettings(d: Record<string, unknown>): EnvironmentSettings {
  // Without protection_rules nothing is known of the timer or the reviewers: not "none".
  const known = Array.isArray(d.protection_rules)
  const rules = known ? (d.protection_rules as Array<Record<string, unknown>>) : []
  const timer = rules.find((r) => r.type === 'wait_timer')
  const reviewers = rules.find((r) => r.type === 'required_reviewers')
  const policy = d.deployment_branch_policy as EnvironmentSettings['deployment_branch_policy']
  return {
    wait_timer: !known ? undefined : typeof timer?.wait_timer === 'number' ? timer.wait_timer : 0,
    required_reviewers: !known
      ? undefined
      : reviewers
      ? {
          prevent_self_review: typeof reviewers.prevent_self_review === 'boolean' ? reviewers.prevent_self_review : undefined,
          reviewers: (Array.isArray(reviewers.reviewers) ? (reviewers.reviewers as Array<{ type?: string; reviewer?: { login?: string; slug?: string } }>) : []).flatMap((r) =>
            r.reviewer?.login ? [r.reviewer.login] : r.reviewer?.slug ? [`team:${r.reviewer.slug}`] : [],
          ),
        }
      : null,
    can_admins_bypass: typeof d.can_admins_bypass === 'boolean' ? d.can_admins_bypass : undefined,
    deployment_branch_policy: policy === null || (policy && typeof policy === 'object') ? policy : undefined,
  }
}
