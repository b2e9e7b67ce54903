// How a gate's assertion outcomes make its result (design §5). Fail-closed: anything
// that could not be checked is `blocked` or `missing`, never `pass`.
import { uniqueCanonical } from '../core/canonical-json.js'
import { type AssertionOutcome, type Finding, type Observation, type Result, SEVERITY } from '../core/outcome.js'

export interface Combined {
  result: Result
  findings: Finding[]
  missingReason: string | null
  /** What the applicable assertions observed, in order, each once. */
  observations: Observation[]
}

export function combineOutcomes(outcomes: AssertionOutcome[], hasResidualRisk: boolean): Combined {
  const applicable = outcomes.filter((o) => o.result !== 'not_applicable')
  if (applicable.length === 0) {
    const reason = outcomes.map((o) => o.reason).find(Boolean) ?? 'no assertion applies in this context'
    return { result: 'not_applicable', findings: [], missingReason: reason, observations: [] }
  }
  // One outcome's arrays serve as they are (nothing changes them once made); a single observation is unique.
  const findings = applicable.length === 1 ? applicable[0].findings : applicable.flatMap((o) => o.findings)
  const observed = applicable.length === 1 ? (applicable[0].observations ?? []) : applicable.flatMap((o) => o.observations ?? [])
  const observations = observed.length < 2 ? observed : uniqueCanonical(observed)
  const failing = applicable.filter((o) => o.result !== 'pass')
  if (failing.length === 0) return { result: 'pass', findings: [], missingReason: null, observations }

  const worst = failing.reduce((w, o) =>
    SEVERITY[o.result as keyof typeof SEVERITY] > SEVERITY[w.result as keyof typeof SEVERITY] ? o : w,
  )
  const reasons = failing
    .filter((o) => o.result === 'missing' || o.result === 'blocked')
    .map((o) => o.reason ?? o.findings[0]?.message)
    .filter((r): r is string => Boolean(r))
  const missingReason = reasons.length ? [...new Set(reasons)].join('; ') : null
  // Some assertions hold and the gate accepts the rest as residual risk: partial.
  // Without that record a partial outcome is a failure of its worst kind.
  if (hasResidualRisk && failing.length < applicable.length) return { result: 'partial', findings, missingReason, observations }
  return { result: worst.result as Result, findings, missingReason, observations }
}
