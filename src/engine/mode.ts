import type { GateSpec } from '../spec/types.js'
import type { Mode } from '../core/outcome.js'

/** `mode` (default enforce); a report/warn gate whose `enforce_after` date has come is enforced. */
export function effectiveMode(gate: Pick<GateSpec, 'mode' | 'enforce_after'>, today: string): Mode {
  const mode = gate.mode ?? 'enforce'
  if (mode !== 'enforce' && gate.enforce_after && today >= gate.enforce_after) return 'enforce'
  return mode
}
