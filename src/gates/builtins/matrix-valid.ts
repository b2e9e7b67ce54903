// Built-in: the matrix is valid. An invalid matrix never gets here (loading ends the run
// with exit 2 and every problem listed); this gate records in the evidence that the
// matrix evaluated was checked, and by which digest, and blocks on globs that match no
// file of the repository (they depend on the checkout, not on the matrix alone).
import { unmatchedGlobProblems } from '../support/unmatched-globs.js'
import type { BuiltinGate } from '../kit.js'

export const matrixValidGate: BuiltinGate = {
  id: 'gate-matrix/matrix-valid',
  family: 'matrix',
  description: 'The gate matrix parses and passes the schema and every cross-check, and each of its tracked, change-class, when.changed and require_changed globs matches a file.',
  scope: 'repository',
  evidenceTypes: ['matrix'],
  codes: { GLOB_MATCHES_NOTHING: { status: 'fail', meaning: 'A tracked, change-class, when.changed or require_changed glob matches no file of the repository, so its rule never applies.' } },
  evaluate: (ctx) => {
    const findings = unmatchedGlobProblems(ctx.matrix, ctx.repo).map((p) => ({ status: 'fail' as const, code: 'GLOB_MATCHES_NOTHING', message: p.message, location: p.location }))
    return { result: findings.length ? 'fail' : 'pass', findings }
  },
}
