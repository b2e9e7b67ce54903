// What a check says: results, modes, findings and an assertion's outcome, with the one
// severity order every combiner uses. Fail-closed: what could not be checked is
// `blocked` or `missing`, never `pass`.
import type { Location } from './location.js'

export type Result = 'pass' | 'fail' | 'partial' | 'blocked' | 'missing' | 'not_applicable'
export type Mode = 'report' | 'warn' | 'enforce'

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

/** A value an observation records: normalised (no timings), so the same state gives the same bytes. */
export type ObservationValue = string | number | boolean | null | string[]

/** What a gate read from outside the repository and judged: a deployment and its status, an
 * HTTP status and the header values judged, a certificate's days to expiry, DNS records. The
 * evidence keeps it as the proof of the result. Never a secret, never a timing. */
export interface Observation {
  /** Where it was read: `deployments`, `compare`, `environment`, `code_scanning`, `http`, `tls`, `dns`, ... */
  source: string
  /** What was read: an environment name, a ref, a URL, a host. */
  subject: string
  /** The normalised values, by name. */
  facts: Record<string, ObservationValue>
}

export interface AssertionOutcome {
  result: AssertionResult
  /** Empty on pass / not_applicable. */
  findings: Finding[]
  /** Why the assertion is missing / blocked / not_applicable, in one sentence. */
  reason?: string
  /** What the assertion read from outside the repository, whatever its result (live gates). */
  observations?: Observation[]
}

/** The gravest first: fail > blocked > missing. */
export const SEVERITY: Readonly<Record<FindingStatus, number>> = { fail: 3, blocked: 2, missing: 1 }

/** Nothing to judge in this context, and why. */
export function notApplicable(reason: string): AssertionOutcome {
  return { result: 'not_applicable', findings: [], reason }
}

/** An assertion's outcome from its findings: the gravest status wins (fail > blocked >
 * missing); no findings is a pass. */
export function outcomeOf(findings: Finding[]): AssertionOutcome {
  if (!findings.length) return { result: 'pass', findings }
  const worst = findings.reduce((w, f) => (SEVERITY[f.status] > SEVERITY[w.status] ? f : w))
  return worst.status === 'fail' ? { result: 'fail', findings } : { result: worst.status, findings, reason: worst.message }
}
