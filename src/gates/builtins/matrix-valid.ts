// Built-in: the matrix is valid. An invalid matrix never gets here (loading ends the run
// with exit 2 and every problem listed); this gate records in the evidence that the
// matrix evaluated was checked, and by which digest.
import type { BuiltinGate } from '../kit.js'

export const matrixValidGate: BuiltinGate = {
  id: 'gate-matrix/matrix-valid',
  family: 'matrix',
  description: 'The gate matrix parses and passes the schema and every cross-check.',
  scope: 'repository',
  evidenceTypes: ['matrix'],
  codes: {},
  evaluate: () => ({ result: 'pass', findings: [] }),
}
