// Core domain types shared by the engine, the assertion kinds and the reporters.
// Nothing here may import @actions/*: the CLI and the tests run the same engine.
import type { RepoReader } from '../repo/reader.js'
import type { LoadedMatrix, EnvironmentSpec } from '../matrix/types.js'
import type { GitHubState } from './github-state.js'

export type Result = 'pass' | 'fail' | 'partial' | 'blocked' | 'missing' | 'not_applicable'
export type Mode = 'report' | 'warn' | 'enforce'

/** 1-based. `line`/`column` are omitted where no line exists (a missing file). */
export interface Location {
  path: string
  line?: number
  column?: number
}

/** What kind of non-pass a finding is: content violates (`fail`), evidence absent
 * (`missing`), or could not be evaluated (`blocked`). */
export type FindingStatus = 'fail' | 'missing' | 'blocked'

export interface Finding {
  status: FindingStatus
  /** Reason code, e.g. VALUE_MISMATCH. Upper snake case. */
  code: string
  message: string
  /** The line that must change. */
  location: Location
}

export type AssertionResult = 'pass' | 'fail' | 'missing' | 'blocked' | 'not_applicable'

export interface AssertionOutcome {
  result: AssertionResult
  /** Empty on pass / not_applicable. */
  findings: Finding[]
  /** Why the assertion is missing / blocked / not_applicable, in one sentence. */
  reason?: string
}

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
  /** GitHub API access for checks / reviews / prior_validation / owner approval. */
  api: GitHubState | null
  /** Why `api` is null, said in the `missing` reason of gates that need it. */
  apiUnavailableReason: string
  /** The check run this tool itself reports as: never counted by `checks`. */
  selfCheckName: string | null
}

/** The environment as seen by assertions and expressions (`environment` context). */
export type EnvironmentFacts = EnvironmentSpec & { name: string }

export interface AssertionContext {
  repo: RepoReader
  matrix: LoadedMatrix
  run: RunContext
  /** null for repository-wide built-ins. */
  environment: EnvironmentFacts | null
  gateId: string
  /** Where this assertion is declared in the matrix (for findings about the matrix itself). */
  declaredAt: Location
  /** Key path of the assertion's options in the matrix, e.g. ['gates', 3, 'assert', 0, 'changes']:
   * `ctx.matrix.doc.locate([...ctx.declaredPath, 'require_changed', 1])` points at one option. */
  declaredPath: ReadonlyArray<string | number>
}
