// The plugin API: the one thing assertion kinds and built-in gates import besides
// core/, spec/ and repo/. A kind validates its own options (zod) and evaluates them
// against the repository and the run; it never throws for bad repository content: that
// is a finding with a position. Kinds and built-ins never import each other or the engine.
import type * as z from 'zod'
import type { CodeTable } from '../core/codes.js'
import type { Problem } from '../core/errors.js'
import { type GitHubState, GitHubUnavailableError } from '../core/github-port.js'
import { LiveProbeError, type LivePort, type ProbeFailure } from '../core/live-port.js'
import type { Location } from '../core/location.js'
import { type AssertionOutcome, type Finding, type Mode, notApplicable } from '../core/outcome.js'
import type { RunContext } from '../core/run.js'
import { compileSafeRegex, type SafeRegex } from '../core/safe-regex.js'
import type { RepoReader } from '../repo/reader.js'
import type { EnvironmentFacts, LoadedMatrix } from '../spec/types.js'

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

export interface AssertionKind<O = unknown> {
  readonly kind: string
  /** One line for the docs and the JSON Schema. */
  readonly description: string
  readonly options: z.ZodType<O>
  /** Every reason code this kind can emit, with its one status and meaning (docs, SARIF rules). */
  readonly codes: CodeTable
  /** `github`: needs the GitHub API; `live`: probes the live hosts (only with --live); without it the assertion is `missing`. */
  readonly needs: 'repository' | 'changes' | 'github' | 'run' | 'live'
  /** Set when the outcome reads the environment's facts itself (not only through `${{ }}` in
   * its options): a `repository` kind is then judged once per environment, not once per run. */
  readonly perEnvironment?: boolean
  /** Options that hold repository paths or globs (a nested one by its dotted path, `same_as.file`):
   * the loader keeps them inside the repository. */
  readonly pathOptions?: readonly string[]
  /**
   * Load-time checks the schema cannot express (a regex that does not compile or is
   * not linear-time), reported at the option's position. `at(['contains'])` locates an
   * option of this assertion in the matrix.
   */
  validate?(options: O, at: (optionPath: ReadonlyArray<string | number>) => Location): Problem[]
  /** Options arrive with `${{ }}` already resolved for the environment. */
  evaluate(options: O, ctx: AssertionContext): AssertionOutcome | Promise<AssertionOutcome>
}

/** A gate every matrix gets (design §4). Repository-scoped built-ins are evaluated once
 * (environment "*"); environment-scoped ones once per environment. */
export interface BuiltinGate {
  /** e.g. "gate-matrix/artifacts-exist": the prefix keeps them apart from user gate ids. */
  readonly id: string
  readonly family: string
  readonly description: string
  readonly scope: 'repository' | 'environment'
  /** Kinds of evidence the result rests on, e.g. ["file"]. */
  readonly evidenceTypes: readonly string[]
  readonly codes: CodeTable
  /** Default enforce. */
  readonly mode?: Mode
  /** `environment` is null for repository scope; gateId is this built-in's id. */
  evaluate(ctx: AssertionContext): AssertionOutcome | Promise<AssertionOutcome>
}

/** The head commit whose checks count: the PR head (not the merge commit), else the run's SHA. */
export async function headSha(ctx: AssertionContext, api: GitHubState): Promise<string | null> {
  const g = ctx.run.github
  if (g.head_sha) return g.head_sha
  if (g.pr_number !== null) return (await api.pullRequest(g.pr_number)).head_sha
  return g.sha
}

/**
 * Runs an assertion that needs the API with the two rules every such assertion shares:
 * no API at all → `missing` with the run's reason; the API failing (after the client's
 * retries, on permissions or on the request budget) → `blocked`. Never `pass` on doubt.
 */
export async function withGitHub(
  ctx: AssertionContext,
  at: Location,
  body: (api: GitHubState) => Promise<AssertionOutcome>,
): Promise<AssertionOutcome> {
  const api = ctx.run.api
  if (!api) {
    const reason = ctx.run.apiUnavailableReason
    return { result: 'missing', reason, findings: [{ status: 'missing', code: 'GITHUB_NOT_CONFIGURED', message: reason, location: at }] }
  }
  try {
    return await body(api)
  } catch (e) {
    if (!(e instanceof GitHubUnavailableError)) throw e
    return { result: 'blocked', reason: e.message, findings: [{ status: 'blocked', code: 'GITHUB_UNAVAILABLE', message: e.message, location: at }] }
  }
}

/** The reason code of a probe that could not complete (each is `blocked`). */
export const PROBE_FAILURE_CODES: Readonly<Record<ProbeFailure, string>> = {
  address_refused: 'PROBE_ADDRESS_REFUSED',
  timeout: 'PROBE_TIMEOUT',
  unreachable: 'PROBE_UNREACHABLE',
}

/**
 * Runs a live assertion with the rules every one shares: the run did not opt in → `missing`
 * (LIVE_NOT_ENABLED), never `pass`; a probe that cannot complete → `blocked` with its code.
 */
export async function withLive(
  ctx: AssertionContext,
  at: Location,
  body: (live: LivePort) => Promise<AssertionOutcome>,
): Promise<AssertionOutcome> {
  const live = ctx.run.live
  if (!live) {
    const reason = 'this gate probes the live hosts, and this run did not opt in: pass --live (CLI) or live: true (action)'
    return { result: 'missing', reason, findings: [{ status: 'missing', code: 'LIVE_NOT_ENABLED', message: reason, location: at }] }
  }
  try {
    return await body(live)
  } catch (e) {
    if (!(e instanceof LiveProbeError)) throw e
    return { result: 'blocked', reason: e.message, findings: [{ status: 'blocked', code: PROBE_FAILURE_CODES[e.failure], message: e.message, location: at }] }
  }
}

/** The one rule for gates that judge the change set: no diff in this run → not
 * applicable; a diff that could not be read → blocked (fail closed); else the files. */
export function changedFilesOr(
  ctx: AssertionContext,
  /** What cannot be checked without the files, e.g. "co-changes". */
  what: string,
  location: Location,
): { files: string[] } | { outcome: AssertionOutcome } {
  const changes = ctx.run.changes
  if (changes.kind === 'files') return { files: changes.files }
  if (changes.kind === 'none') return { outcome: notApplicable(changes.reason) }
  const message = `the changed files could not be read, so ${what} cannot be checked: ${changes.reason}`
  return { outcome: { result: 'blocked', reason: message, findings: [{ status: 'blocked', code: 'CHANGES_UNAVAILABLE', message, location }] } }
}

/** A file that exists but cannot be read: the assertion cannot be evaluated. */
export function unreadable(path: string, message: string): Finding {
  return { status: 'blocked', code: 'FILE_UNREADABLE', message, location: { path } }
}

/** Load-time check of regex options; an option holding `${{ }}` is checked once resolved. */
export function regexProblems<O extends object>(
  options: O,
  names: ReadonlyArray<keyof O & string>,
  at: (optionPath: ReadonlyArray<string | number>) => Location,
): Problem[] {
  const problems: Problem[] = []
  for (const name of names) {
    const source = options[name]
    if (typeof source !== 'string' || source.includes('${{')) continue
    const compiled = compileSafeRegex(source)
    if (!compiled.ok) problems.push({ location: at([name]), message: `${name}: ${compiled.message}` })
  }
  return problems
}

/** A regex option at evaluation time. One that only became invalid through `${{ }}` is a
 * finding at the option in the matrix. */
export function regexOption(source: string, name: string, ctx: AssertionContext): { regex: SafeRegex } | { finding: Finding } {
  const compiled = compileSafeRegex(source)
  if (compiled.ok) return { regex: compiled.regex }
  return { finding: optionFinding(ctx, name, `after expressions were resolved, ${name}: ${compiled.message}`) }
}

/** An option that is invalid after `${{ }}` was resolved: the matrix must change. */
export function optionFinding(ctx: AssertionContext, name: string, message: string): Finding {
  return { status: 'fail', code: 'EXPRESSION_FAILED', message, location: ctx.matrix.doc.locate([...ctx.declaredPath, name]).location }
}
