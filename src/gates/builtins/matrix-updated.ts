// Built-in: a change to the deployment surface (the matrix's `tracked:` globs) comes with
// a change to the matrix in the same PR, so the source of truth never lags behind.
import { type BuiltinGate, changedFilesOr } from '../kit.js'
import { sharedCodes } from '../../core/codes.js'
import { type AssertionOutcome, notApplicable, outcomeOf } from '../../core/outcome.js'
import { globMatcher } from '../../repo/glob.js'
import { normalizeRepoPath } from '../../repo/paths.js'
import { listSome } from '../../core/text.js'

export const matrixUpdatedGate: BuiltinGate = {
  id: 'gate-matrix/matrix-updated',
  family: 'matrix',
  description: 'A change to a path under the matrix `tracked:` globs comes with a change to the matrix in the same PR.',
  scope: 'repository',
  evidenceTypes: ['changes'],
  codes: {
    MATRIX_NOT_UPDATED: { status: 'fail', meaning: 'Tracked files changed but the matrix did not.' },
    ...sharedCodes('CHANGES_UNAVAILABLE'),
  },
  evaluate(ctx): AssertionOutcome {
    const tracked = ctx.matrix.spec.tracked
    if (!tracked?.length) return notApplicable('the matrix lists no `tracked:` paths')
    const at = ctx.matrix.doc.locateKey(['tracked'])
    const changes = changedFilesOr(ctx, 'the atomic matrix update', at)
    if ('outcome' in changes) return changes.outcome
    const matrixPath = normalizeRepoPath(ctx.matrix.path)
    const files = changes.files.map(normalizeRepoPath)
    if (files.includes(matrixPath)) return { result: 'pass', findings: [] }
    const isTracked = globMatcher(tracked)
    const touched = files.filter((f) => isTracked(f))
    if (!touched.length) return { result: 'pass', findings: [] }
    return outcomeOf([{
      status: 'fail',
      code: 'MATRIX_NOT_UPDATED',
      message: `${touched.length} tracked file(s) changed without a change to ${matrixPath}: ${listSome(touched)}; update the matrix in the same PR`,
      location: at,
    }])
  },
}
