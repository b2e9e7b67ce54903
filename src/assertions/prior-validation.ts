// `prior_validation`: a fast profile's skipped gates are proven by a successful run of a
// check on `inputs.validated_against_source_sha`.
import { z } from 'zod'
import { checkPriorValidation } from '../evaluate/prior-validation.js'
import type { AssertionContext, AssertionOutcome } from '../evaluate/types.js'
import type { AssertionKind } from './types.js'

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
    PRIOR_VALIDATION_MISSING: 'No successful run of the check on the validated source SHA, or no full SHA given.',
    GITHUB_UNAVAILABLE: 'The GitHub API could not be asked (no token, no permission, or errors after retries).',
  },
  async evaluate(o, ctx: AssertionContext): Promise<AssertionOutcome> {
    const proof = await checkPriorValidation(ctx.run, o.check, ctx.matrix.doc.locate([...ctx.declaredPath, 'check']).location)
    if (proof.proven) return { result: 'pass', findings: [] }
    const { status, code, message, location } = proof
    return { result: status, reason: message, findings: [{ status, code, message, location }] }
  },
}
