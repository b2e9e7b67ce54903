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

export interface AssertionOutcome {
  result: AssertionResult
  /** Empty on pass / not_applicable. */
  findings: Finding[]
  /** Why the assertion is missing / blocked / not_applicable, in one sentence. */
  reason?: string
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
