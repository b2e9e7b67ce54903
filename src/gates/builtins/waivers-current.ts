// Built-in: an expired waiver is a finding of its own, on the waiver's line. It warns
// rather than blocks: the waived gate itself blocks again once its waiver has expired.
import { type Finding, notApplicable } from '../../core/outcome.js'
import type { BuiltinGate } from '../kit.js'

export const waiversCurrentGate: BuiltinGate = {
  id: 'gate-matrix/waivers-current',
  family: 'matrix',
  description: 'Every waiver in the matrix is still in force; expired ones should be removed or renewed.',
  scope: 'repository',
  mode: 'warn',
  evidenceTypes: ['matrix'],
  codes: {
    WAIVER_EXPIRED: { status: 'fail', meaning: 'A waiver in the matrix has passed its `expires` date.' },
  },
  evaluate(ctx) {
    const findings: Finding[] = []
    ctx.matrix.spec.waivers?.forEach((w, i) => {
      if (ctx.run.today <= w.expires) return
      findings.push({
        status: 'fail',
        code: 'WAIVER_EXPIRED',
        message: `the waiver of gate "${w.gate}" (owner ${w.owner}) expired on ${w.expires}: remove it, or renew it with a new date and reason`,
        location: ctx.matrix.doc.locate(['waivers', i, 'expires']).location,
      })
    })
    return findings.length ? { result: 'fail', findings } : ctx.matrix.spec.waivers?.length ? { result: 'pass', findings } : notApplicable('the matrix declares no waivers')
  },
}
