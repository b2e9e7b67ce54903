// `prior_validation`: a fast profile's skipped gates are proven by a successful run of a
// check on `inputs.validated_against_source_sha`.
import * as z from 'zod'
import { sharedCodes } from '../../core/codes.js'
import { checkPriorValidation } from '../support/prior-validation.js'
import type { AssertionContext, AssertionKind } from '../kit.js'
import type { AssertionOutcome } from '../../core/outcome.js'

export const priorValidationOptions = z
  .strictObject({
    check: z.string().min(1).describe('The check that must have succeeded on inputs.validated_against_source_sha'),
  })
  .describe('A check concluded success on the validated source SHA')

export type PriorValidationOptions = z.infer<typeof priorValidationOptions>

export const priorValidationKind: AssertionKind<PriorValidationOptions> = {
  kind: 'prior_validation',
  description: 'The named check concluded success on `inputs.validated_against_source_sha`.',
  options: priorValidationOptions,
  needs: 'github',
  codes: {
    ...sharedCodes('PRIOR_VALIDATION_MISSING', 'GITHUB_UNAVAILABLE', 'GITHUB_NOT_CONFIGURED'),
  },
  async evaluate(o, ctx: AssertionContext): Promise<AssertionOutcome> {
    const proof = await checkPriorValidation(ctx.run, o.check, ctx.matrix.doc.locate([...ctx.declaredPath, 'check']).location)
    if (proof.proven) return { result: 'pass', findings: [] }
    const { status, code, message, location } = proof
    return { result: status, reason: message, findings: [{ status, code, message, location }] }
  },
}
