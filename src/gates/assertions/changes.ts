// `changes`: the PR diff must carry co-changes and must not touch forbidden paths.
import { type AssertionContext, type AssertionKind, changedFilesOr } from '../kit.js'
import { sharedCodes } from '../../core/codes.js'
import { z } from 'zod'
import { type AssertionOutcome, type Finding, outcomeOf } from '../../core/outcome.js'
import { globMatcher } from '../../repo/reader.js'

export const changesOptions = z
  .strictObject({
    require_changed: z.array(z.string()).optional().describe('Globs: at least one changed file must match each'),
    forbid_changed: z.array(z.string()).optional().describe('Globs no changed file may match'),
  })
  .refine((o) => o.require_changed || o.forbid_changed, 'changes needs require_changed or forbid_changed')
  .describe('The change set: required co-changes, forbidden changes')

export type ChangesOptions = z.infer<typeof changesOptions>

export const changesKind: AssertionKind<ChangesOptions> = {
  kind: 'changes',
  description: 'The PR diff: `require_changed` co-changes, `forbid_changed` paths.',
  options: changesOptions,
  needs: 'changes',
  pathOptions: ['require_changed', 'forbid_changed'],
  codes: {
    CO_CHANGE_MISSING: { status: 'fail', meaning: 'No changed file matches a required co-change.' },
    CHANGE_FORBIDDEN: { status: 'fail', meaning: 'A changed file matches a forbidden glob.' },
    ...sharedCodes('CHANGES_UNAVAILABLE'),
  },
  validate(o, at) {
    if (o.require_changed?.length || o.forbid_changed?.length) return []
    return [{ location: at([]), message: 'this changes assertion checks nothing (its lists are empty); list require_changed or forbid_changed globs' }]
  },
  evaluate,
}

function evaluate(options: ChangesOptions, ctx: AssertionContext): AssertionOutcome {
  const changes = changedFilesOr(ctx, 'co-changes', ctx.declaredAt)
  if ('outcome' in changes) return changes.outcome
  const findings: Finding[] = []
  ;(options.require_changed ?? []).forEach((glob, i) => {
    const matches = globMatcher([glob])
    if (changes.files.some(matches)) return
    findings.push({
      status: 'fail',
      code: 'CO_CHANGE_MISSING',
      message: `no changed file matches "${glob}": this change must come with a change there (${changes.files.length} file(s) changed)`,
      location: ctx.matrix.doc.locate([...ctx.declaredPath, 'require_changed', i]).location,
    })
  })
  if (options.forbid_changed?.length) {
    const forbidden = options.forbid_changed.map((g) => ({ glob: g, matches: globMatcher([g]) }))
    for (const file of changes.files) {
      const glob = forbidden.find((f) => f.matches(file))?.glob
      if (glob === undefined) continue
      findings.push({
        status: 'fail',
        code: 'CHANGE_FORBIDDEN',
        message: `"${file}" may not change here (it matches the forbidden "${glob}")`,
        location: { path: file },
      })
    }
  }
  return outcomeOf(findings)
}
