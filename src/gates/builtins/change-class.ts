// Built-in: the release profile ships only its change classes. A changed file in a class
// outside the profile's `classes` blocks the environment; a file in no class is allowed
// (classes name what a profile restricts, not everything in the repository).
import { type BuiltinGate, changedFilesOr } from '../kit.js'
import { sharedCodes } from '../../core/codes.js'
import { type AssertionOutcome, type Finding, notApplicable, outcomeOf } from '../../core/outcome.js'
import { classifyChanges } from '../../spec/change-classes.js'
import { listSome } from '../../core/text.js'

export const changeClassGate: BuiltinGate = {
  id: 'gate-matrix/change-class',
  family: 'release-profile',
  description: "The changed files fall only in change classes the selected release profile may ship.",
  scope: 'environment',
  evidenceTypes: ['changes'],
  codes: {
    CHANGE_CLASS_NOT_ALLOWED: { status: 'fail', meaning: "A changed file is in a change class outside the release profile's classes." },
    ...sharedCodes('CHANGES_UNAVAILABLE'),
  },
  evaluate(ctx): AssertionOutcome {
    const { spec, doc } = ctx.matrix
    const name = ctx.run.profile ?? spec.default_profile
    if (!name) return notApplicable('no release profile is selected and the matrix has no default_profile')
    const profile = spec.profiles?.[name]
    // The engine refuses an undeclared profile before any gate runs (a usage error).
    if (!profile) throw new Error(`release profile "${name}" is not declared`)
    const location = doc.locate(['profiles', name, 'classes']).location
    const changes = changedFilesOr(ctx, 'their change classes', location)
    if ('outcome' in changes) return changes.outcome
    const allowed = new Set(profile.classes)
    const { byFile } = classifyChanges(spec, changes.files)
    const outside = new Map<string, string[]>()
    for (const [file, classes] of byFile) {
      for (const c of classes) if (!allowed.has(c)) outside.set(c, [...(outside.get(c) ?? []), file])
    }
    const findings: Finding[] = [...outside.keys()].sort().map((c) => ({
      status: 'fail',
      code: 'CHANGE_CLASS_NOT_ALLOWED',
      message: `release profile "${name}" ships classes [${profile.classes.join(', ')}], but class "${c}" changed: ${listSome(outside.get(c)!)}`,
      location,
    }))
    return outcomeOf(findings)
  },
}
