import type { GateSpec } from '../matrix/types.js'
import type { Mode } from './types.js'

/** The UTC calendar day of a moment, YYYY-MM-DD: the "today" of graduation and waiver expiry. */
export function isoDay(moment: Date = new Date()): string {
  return moment.toISOString().slice(0, 10)
}

/** `mode` (default enforce); a report/warn gate whose `enforce_after` date has come is enforced. */
export function effectiveMode(gate: Pick<GateSpec, 'mode' | 'enforce_after'>, today: string): Mode {
  const mode = gate.mode ?? 'enforce'
  if (mode !== 'enforce' && gate.enforce_after && today >= gate.enforce_after) return 'enforce'
  return mode
}
