// `changes`: the PR diff must carry co-changes and must not touch forbidden paths.
import { type AssertionContext, type AssertionKind, changedFilesOr } from '../kit.js'
import { sharedCodes } from '../../core/codes.js'
import * as z from 'zod'
import { type AssertionOutcome, type Finding, outcomeOf } from '../../core/outcome.js'
import { matchingPaths } from '../../repo/glob.js'
import type { Problem } from '../../core/errors.js'
import { fillTemplate, matchCaptures, parseCapturePattern, templateProblem } from '../support/paired-paths.js'

export const changesOptions = z
  .strictObject({
    require_changed: z.array(z.string()).optional().describe('Globs: at least one changed file must match each'),
    forbid_changed: z.array(z.string()).optional().describe('Globs no changed file may match'),
    require_paired: z
      .array(
        z.strictObject({
          changed: z.string().min(1).describe('A path with <name> captures (and *, ** globs), e.g. migrations/<id>.up.sql'),
          requires: z.string().min(1).describe('The file that must change with it, by the same captures, e.g. migrations/<id>.down.sql'),
        }),
      )
      .optional()
      .describe('Each changed file matching `changed` must come with the file `requires` names by its captures'),
  })
  .refine((o) => o.require_changed || o.forbid_changed || o.require_paired, 'changes needs require_changed, forbid_changed or require_paired')
  .describe('The change set: required co-changes, forbidden changes')

export type ChangesOptions = z.infer<typeof changesOptions>

export const changesKind: AssertionKind<ChangesOptions> = {
  kind: 'changes',
  description: 'The PR diff: `require_changed` co-changes, `require_paired` co-changes by captures, `forbid_changed` paths.',
  options: changesOptions,
  needs: 'changes',
  pathOptions: ['require_changed', 'forbid_changed'],
  codes: {
    CO_CHANGE_UNPAIRED: { status: 'fail', meaning: 'A changed file matches a `require_paired` pattern, but the file its captures name did not change.' },
    CO_CHANGE_MISSING: { status: 'fail', meaning: 'No changed file matches a required co-change.' },
    CHANGE_FORBIDDEN: { status: 'fail', meaning: 'A changed file matches a forbidden glob.' },
    ...sharedCodes('CHANGES_UNAVAILABLE', 'EXPRESSION_FAILED'),
  },
  validate(o, at) {
    const problems: Problem[] = []
    o.require_paired?.forEach((pair, i) => {
      if (pair.changed.includes('${{') || pair.requires.includes('${{')) return
      const parsed = parseCapturePattern(pair.changed)
      if ('problem' in parsed) problems.push({ location: at(['require_paired', i, 'changed']), message: `require_paired: ${parsed.problem}` })
      else {
        const problem = templateProblem(pair.requires, parsed.pattern)
        if (problem) problems.push({ location: at(['require_paired', i, 'requires']), message: `require_paired: ${problem}` })
      }
    })
    if (o.require_changed?.length || o.forbid_changed?.length || o.require_paired?.length) return problems
    return [{ location: at([]), message: 'this changes assertion checks nothing (its lists are empty); list require_changed, forbid_changed or require_paired entries' }]
  },
  evaluate,
}

function evaluate(options: ChangesOptions, ctx: AssertionContext): AssertionOutcome {
  const changes = changedFilesOr(ctx, 'co-changes', ctx.declaredAt)
  if ('outcome' in changes) return changes.outcome
  const findings: Finding[] = []
  ;(options.require_changed ?? []).forEach((glob, i) => {
    if (matchingPaths(changes.files, [glob]).size > 0) return
    findings.push({
      status: 'fail',
      code: 'CO_CHANGE_MISSING',
      message: `no changed file matches "${glob}": this change must come with a change there (${changes.files.length} file(s) changed)`,
      location: ctx.matrix.doc.locate([...ctx.declaredPath, 'require_changed', i]).location,
    })
  })
  if (options.forbid_changed?.length) {
    const forbidden = options.forbid_changed.map((g) => ({ glob: g, matched: matchingPaths(changes.files, [g]) }))
    for (const file of changes.files) {
      const glob = forbidden.find((f) => f.matched.has(file))?.glob
      if (glob === undefined) continue
      findings.push({
        status: 'fail',
        code: 'CHANGE_FORBIDDEN',
        message: `"${file}" may not change here (it matches the forbidden "${glob}")`,
        location: { path: file },
      })
    }
  }
  // Made on the first pair only: most assertions have none, and it is evaluated per environment.
  let changed: Set<string> | undefined
  ;(options.require_paired ?? []).forEach((pair, i) => {
    const at = ctx.matrix.doc.locate([...ctx.declaredPath, 'require_paired', i]).location
    const parsed = parseCapturePattern(pair.changed)
    const problem = 'problem' in parsed ? parsed.problem : templateProblem(pair.requires, parsed.pattern)
    if (problem !== null || 'problem' in parsed) {
      findings.push({ status: 'fail', code: 'EXPRESSION_FAILED', message: `after expressions were resolved, require_paired: ${problem}`, location: at })
      return
    }
    for (const file of changes.files) {
      const captures = matchCaptures(parsed.pattern, file)
      if (!captures) continue
      const partner = fillTemplate(pair.requires, captures)
      if ((changed ??= new Set(changes.files)).has(partner)) continue
      findings.push({
        status: 'fail',
        code: 'CO_CHANGE_UNPAIRED',
        message: `"${file}" changed without "${partner}" (it matches "${pair.changed}", which requires "${pair.requires}" at ${at.path}:${at.line ?? 1}); add ${partner} to this change`,
        location: { path: file },
      })
    }
  })
  return outcomeOf(findings)
}
