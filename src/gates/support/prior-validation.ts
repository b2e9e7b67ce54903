// Proof that a release profile's skipped gates were validated before: the named check
// concluded success on `inputs.validated_against_source_sha`. Used by the evaluator for
// skipped gates and by the `prior_validation` assertion kind.
import { poll } from './check-state.js'
import { FULL_SHA } from './promoted-sha.js'
import type { LoadedMatrix, ProfileSpec } from '../../spec/types.js'
import { GitHubUnavailableError } from '../../core/github-port.js'
import type { Location } from '../../core/location.js'
import type { RunContext } from '../../core/run.js'

export type PriorValidationProof =
  | { proven: true; sha: string; check: string }
  | { proven: false; status: 'missing' | 'blocked'; code: string; message: string; location: Location }

/**
 * Did `check` conclude success (not neutral, not skipped: those prove nothing) on the
 * validated source SHA? A full SHA is required: a branch name or short SHA could move
 * or be ambiguous, and the evidence records the exact commit.
 */
export async function checkPriorValidation(run: RunContext, check: string, location: Location): Promise<PriorValidationProof> {
  const missing = (message: string, code = 'PRIOR_VALIDATION_MISSING') => ({ proven: false as const, status: 'missing' as const, code, message, location })
  const raw = run.inputs.validated_against_source_sha
  const sha = typeof raw === 'string' ? raw.trim() : ''
  if (!sha) return missing(`no inputs.validated_against_source_sha: give the full SHA of the commit on which "${check}" validated this source`)
  if (!FULL_SHA.test(sha)) return missing(`inputs.validated_against_source_sha "${sha}" is not a full 40-character commit SHA`)
  if (!run.api) return missing(run.apiUnavailableReason, 'GITHUB_NOT_CONFIGURED')
  try {
    const s = (await poll(run.api, sha, [check], false)).get(check)!
    if (s.state === 'concluded' && s.conclusion === 'success') return { proven: true, sha, check }
    const what =
      s.state === 'absent' ? 'never ran' : s.state === 'pending' ? `is still running (${s.status})` : `concluded ${s.conclusion}, not success`
    return missing(`"${check}" ${what} on the validated source ${sha}`)
  } catch (e) {
    if (!(e instanceof GitHubUnavailableError)) throw e
    return { proven: false, status: 'blocked', code: 'GITHUB_UNAVAILABLE', message: e.message, location }
  }
}

/**
 * For a profile that skips gates with `requires_prior_validation`. `{ check }` names the
 * proving check; a bare `true` names none, so nothing can be proven: the skipped gates are
 * `missing` with a message that says how to name it. Only call it when the profile
 * requires prior validation.
 */
export async function provePriorValidation(ctx: {
  run: RunContext
  profile: ProfileSpec
  profileName: string
  matrix: LoadedMatrix
}): Promise<PriorValidationProof> {
  const required = ctx.profile.requires_prior_validation
  const path = ['profiles', ctx.profileName, 'requires_prior_validation']
  if (!required) throw new Error(`release profile ${ctx.profileName} does not require prior validation`)
  if (required === true) {
    return {
      proven: false,
      status: 'missing',
      code: 'PRIOR_VALIDATION_MISSING',
      message: `release profile ${ctx.profileName} requires prior validation but names no check: write requires_prior_validation: { check: <the check that validated the source> }`,
      location: ctx.matrix.doc.locate(path).location,
    }
  }
  return checkPriorValidation(ctx.run, required.check, ctx.matrix.doc.locate([...path, 'check']).location)
}
