// How a gate's assertion outcomes make its result (design §5). Fail-closed: anything
// that could not be checked is `blocked` or `missing`, never `pass`.
import { type AssertionOutcome, type Finding, type Result, SEVERITY } from '../core/outcome.js'

export interface Combined {
  result: Result
  findings: Finding[]
  missingReason: string | null
}

export function combineOutcomes(outcomes: AssertionOutcome[], hasResidualRisk: boolean): Combined {
  const applicable = outcomes.filter((o) => o.result !== 'not_applicable')
  if (applicable.length === 0) {
    const reason = outcomes.map((o) => o.reason).find(Boolean) ?? 'no assertion applies in this context'
    return { result: 'not_applicable', findings: [], missingReason: reason }
  }
  const findings = applicable.flatMap((o) => o.findings)
  const failing = applicable.filter((o) => o.result !== 'pass')
  if (failing.length === 0) return { result: 'pass', findings: [], missingReason: null }

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
  if (hasResidualRisk && failing.length < applicable.length) return { result: 'partial', findings, missingReason }
  return { result: worst.result as Result, findings, missingReason }
}
