// The engine's view of GitHub state (a port). src/github implements it with Octokit; the
// engine and the gates only see this interface, so they never import Octokit.

/** Thrown by a GitHubState method when the answer could not be had: the gates that
 * needed it are `blocked` with this message (never `pass`). */
export class GitHubUnavailableError extends Error {
  constructor(
    message: string,
    /** `permission`: the token may not read this (403/404 on a fork, no teams scope). */
    readonly cause_kind: 'permission' | 'error' | 'budget',
  ) {
    super(message)
    this.name = 'GitHubUnavailableError'
  }
}

export interface CheckRunInfo {
  id: number
  name: string
  status: string
  conclusion: string | null
  started_at: string | null
  completed_at: string | null
  app_slug: string | null
}

export interface StatusInfo {
  /** Larger is newer (GitHub's status ids grow); used to break updated_at ties. */
  id?: number
  context: string
  state: string
  updated_at: string
}

export interface PullRequestInfo {
  number: number
  author: string
  head_sha: string
  base_sha: string
  base_ref: string
}

export interface ReviewInfo {
  id: number
  user: string
  state: string
  submitted_at: string | null
  commit_id: string | null
}

/** A deployment as the Deployments API lists it (filed by a workflow job's `environment:` or a tool). */
export interface DeploymentInfo {
  id: number
  sha: string
  ref: string
  task: string
  environment: string
  created_at: string
}

export interface DeploymentStatusInfo {
  id: number
  /** error, failure, inactive, pending, success, queued, in_progress */
  state: string
  created_at: string
}

/** One page (100 at most) of an environment's deployments, and whether another may follow. */
export interface DeploymentPage {
  deployments: DeploymentInfo[]
  more: boolean
}

export interface DeploymentQuery {
  environment: string
  /** Only this commit's deployments. */
  sha?: string
  task?: string
}

/** What the compare API says of `base...head`: `behind`/`identical` means head is on base. */
export interface ComparisonInfo {
  status: string
  ahead_by: number
  behind_by: number
}

/** A GitHub environment's protections as `GET …/environments/{name}` answers them. A field
 * the answer lacks is `undefined`: unknown, never read as "off". */
export interface EnvironmentSettings {
  /** Minutes; 0 when the answer lists no wait timer rule; undefined when it has no protection_rules. */
  wait_timer: number | undefined
  /** null: no required reviewers rule; undefined: the answer has no protection_rules. */
  required_reviewers: { prevent_self_review: boolean | undefined; reviewers: string[] } | null | undefined
  can_admins_bypass: boolean | undefined
  /** null: every branch may deploy; undefined: the answer lacks the field. */
  deployment_branch_policy: { protected_branches: boolean; custom_branch_policies: boolean } | null | undefined
}

/** One open code scanning alert: its number, its rule, and the rule's security severity
 * (low, medium, high, critical; null for a rule that is not a security rule). */
export interface CodeScanningAlertInfo {
  number: number
  rule: string
  security_severity: string | null
  tool: string | null
}

/** The open alerts on a ref, or why there are none to read: `forbidden` (403: code security
 * is not enabled, or the token lacks security-events: read), `no-analysis` (404, or no
 * analysis of the ref by the tool asked for: an empty alert list would prove nothing). */
export type CodeScanningAnswer =
  | { kind: 'alerts'; alerts: CodeScanningAlertInfo[] }
  | { kind: 'forbidden' | 'no-analysis'; message: string }

/** Time as the `checks` wait sees it: injectable so tests never really sleep. */
export interface Clock {
  sleep(ms: number): Promise<void>
  /** Milliseconds from an arbitrary start: how long something took, never a date. */
  now(): number
}

export const realClock: Clock = {
  sleep: (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  now: () => performance.now(),
}

/** `fresh`: bypass the per-run memo (polling needs new answers; everything else may share one). */
export interface FetchOptions {
  fresh?: boolean
}

export interface GitHubState {
  /** Every check run on the commit (all attempts, not only the latest per name). */
  checkRuns(sha: string, o?: FetchOptions): Promise<CheckRunInfo[]>
  /** Every commit status on the commit (all updates, newest first or not). */
  statuses(sha: string, o?: FetchOptions): Promise<StatusInfo[]>
  pullRequest(number: number): Promise<PullRequestInfo>
  /** In submission order. */
  reviews(number: number): Promise<ReviewInfo[]>
  /** Logins of the team's members (child teams included, as GitHub lists them). */
  teamMembers(org: string, teamSlug: string): Promise<string[]>
  /** Page `page` (from 1) of the deployments matching the query, as GitHub orders them. */
  deployments(q: DeploymentQuery, page?: number): Promise<DeploymentPage>
  /** Every status of one deployment, in no promised order. */
  deploymentStatuses(deploymentId: number): Promise<DeploymentStatusInfo[]>
  /** `GET compare/{base}...{head}`; null when GitHub knows no such base or head (404). */
  compare(base: string, head: string): Promise<ComparisonInfo | null>
  /** null when the repository has no such environment (404). */
  environment(name: string): Promise<EnvironmentSettings | null>
  /** The name patterns of an environment's custom deployment branch policies (`tag:` prefixed for tag policies). */
  deploymentBranchPolicies(name: string): Promise<string[]>
  /** The app slugs of an environment's enabled custom deployment protection rules. */
  customProtectionRules(name: string): Promise<string[]>
  /** Every open code scanning alert on the ref (all pages), optionally of one tool, once an
   * analysis of the ref (by that tool) is on record. */
  codeScanningAlerts(ref: string, tool?: string): Promise<CodeScanningAnswer>
  /** The clock a `checks` wait polls by (real time when absent). */
  readonly clock?: Clock
}

/** One check-run annotation as the REST API takes it: report/ builds them, github/ sends them. */
export interface Annotation {
  path: string
  start_line: number
  end_line: number
  start_column?: number
  end_column?: number
  annotation_level: 'failure' | 'warning' | 'notice'
  title: string
  message: string
}
