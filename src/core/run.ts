// Facts about the run being judged: the change set, the GitHub facts exposed to
// expressions, and everything the engine is told about the run.
import type { GitHubState } from './github-port.js'
import type { LivePort } from './live-port.js'

/** The PR / push diff, as far as it is known. `none`: this run has no diff (schedule,
 * a local check without --changed-files); `unavailable`: there is one but it could not
 * be read (API failure, the 3,000-file cap without history): change gates are blocked. */
export type ChangeSet =
  | { kind: 'files'; files: string[] }
  | { kind: 'none'; reason: string }
  | { kind: 'unavailable'; reason: string }

/** Facts about the run, exposed to expressions as the `github` context. */
export interface GithubFacts {
  event_name: string | null
  sha: string | null
  ref: string | null
  /** Branch name the ref points at (refs/heads/x → x). */
  ref_name: string | null
  repository: string | null
  pr_number: number | null
  base_ref: string | null
  head_ref: string | null
  base_sha: string | null
  head_sha: string | null
  actor: string | null
}

export interface RunContext {
  /** Repository root: every path in the matrix is relative to it. */
  root: string
  /** Matrix path relative to root (as written in evidence). */
  matrixPath: string
  github: GithubFacts
  /** workflow_dispatch inputs. */
  inputs: Record<string, unknown>
  changes: ChangeSet
  /** Release profile asked for (--profile / input), or null for the matrix default. */
  profile: string | null
  /** Environments to evaluate; empty = all. */
  environments: string[]
  /** Today's date YYYY-MM-DD, for graduation and waiver expiry. */
  today: string
  /** The run's moment (ISO 8601, UTC), for soak times; absent: the start of `today` (a `--now` day). */
  now?: string
  /** GitHub API access for checks / reviews / prior_validation / owner approval. */
  api: GitHubState | null
  /** Why `api` is null, said in the `missing` reason of gates that need it. */
  apiUnavailableReason: string
  /**
   * The run was asked to judge the repository's gates alone (`check --skip-github`): a cell
   * that is missing only for want of the API is recorded as not evaluated and does not block.
   */
  skipGitHub?: boolean
  /** The live hosts, when the run opted in (--live / input `live`); absent or null otherwise. */
  live?: LivePort | null
  /** The check run this tool itself reports as: never counted by `checks`. */
  selfCheckName: string | null
}

/** The events gate-matrix judges (a workflow may run it on no other). */
export const SUPPORTED_EVENTS = ['pull_request', 'pull_request_target', 'push', 'merge_group', 'workflow_dispatch', 'schedule'] as const

export function isSupportedEvent(name: string): boolean {
  return (SUPPORTED_EVENTS as readonly string[]).includes(name)
}

/** The GitHub facts of a run without an event (a local check). */
export function emptyFacts(): GithubFacts {
  return { event_name: null, sha: null, ref: null, ref_name: null, repository: null, pr_number: null, base_ref: null, head_ref: null, base_sha: null, head_sha: null, actor: null }
}
