// `checks`: named check runs / commit statuses concluded success on the head SHA.
// The latest attempt of a name wins (a re-run supersedes an older failure); a check that
// never reported is `missing`, never `pass`; the gate's own check run never counts.
import * as z from 'zod'
import { sharedCodes } from '../../core/codes.js'
import { type AssertionContext, type AssertionKind, headSha, withGitHub } from '../kit.js'
import { realClock } from '../../core/github-port.js'
import { type Finding, outcomeOf } from '../../core/outcome.js'
import { type CheckState, DEFAULT_ACCEPT, durationOption, parseDuration, poll, pollDelays, short, waitedOn } from '../support/check-state.js'

/** The longest `wait` accepted (a schema bound: a longer one is a load error at its line). */
export const MAX_WAIT_MINUTES = 60
const MAX_WAIT_MS = MAX_WAIT_MINUTES * 60_000

export const checksOptions = z
  .strictObject({
    names: z.array(z.string().min(1)).min(1).describe('Check run names or commit status contexts'),
    wait: durationOption('sm', 'expected a duration such as 90s or 10m', MAX_WAIT_MS, `${MAX_WAIT_MINUTES}m`)
      .optional()
      .describe(`How long to wait for pending checks, at most ${MAX_WAIT_MINUTES}m (default: no wait)`),
    accept: z.array(z.enum(['success', 'neutral', 'skipped'])).optional().describe('Conclusions that pass (default success, neutral, skipped)'),
  })
  .describe('Named check runs or commit statuses concluded success on the head SHA')

export type ChecksOptions = z.infer<typeof checksOptions>

export const checksKind: AssertionKind<ChecksOptions> = {
  kind: 'checks',
  description: 'Named check runs / commit statuses concluded success on the head SHA; optional wait.',
  options: checksOptions,
  needs: 'github',
  codes: {
    CHECK_NOT_PASSED: { status: 'fail', meaning: 'The latest run of the check did not conclude with an accepted conclusion.' },
    CHECK_MISSING: { status: 'missing', meaning: 'The check never reported on the head SHA (or names the gate\'s own check run, which never counts).' },
    CHECK_PENDING: { status: 'missing', meaning: 'The check is still queued or running on the head SHA (after the wait, if any).' },
    ...sharedCodes('GITHUB_UNAVAILABLE', 'GITHUB_NOT_CONFIGURED'),
  },
  evaluate(o, ctx: AssertionContext) {
    const at = (i: number) => ctx.matrix.doc.locate([...ctx.declaredPath, 'names', i]).location
    return withGitHub(ctx, ctx.declaredAt, async (api) => {
      const sha = await headSha(ctx, api)
      if (!sha) {
        const reason = 'the run has no commit SHA to read checks of (give --sha or --pr)'
        return { result: 'missing', reason, findings: o.names.map((_, i) => ({ status: 'missing' as const, code: 'CHECK_MISSING', message: reason, location: at(i) })) }
      }
      const accept = new Set(o.accept ?? DEFAULT_ACCEPT)
      const self = ctx.run.selfCheckName
      const counted = o.names.filter((n) => n !== self)
      const passed = (s: CheckState) => s.state === 'concluded' && accept.has(s.conclusion)
      // Settled: nothing left to wait for, or a definite failure that waiting cannot undo.
      const settled = (m: Map<string, CheckState>) =>
        [...m.values()].every((s) => s.state === 'concluded') || [...m.values()].some((s) => s.state === 'concluded' && !passed(s))

      let states = await poll(api, sha, counted, false)
      const clock = api.clock ?? realClock
      const waited = waitedOn(api)
      for (const delay of o.wait ? pollDelays(parseDuration(o.wait), waited.get(sha) ?? 0) : []) {
        if (settled(states)) break
        await clock.sleep(delay)
        waited.set(sha, (waited.get(sha) ?? 0) + delay)
        states = await poll(api, sha, counted, true)
      }

      const waitNote = o.wait ? ` (waited ${o.wait})` : ''
      const findings: Finding[] = []
      o.names.forEach((name, i) => {
        const location = at(i)
        if (name === self) {
          findings.push({ status: 'missing', code: 'CHECK_MISSING', message: `"${name}" is this gate's own check run and never counts: name the checks it should require`, location })
          return
        }
        const s = states.get(name)!
        if (s.state === 'absent') {
          findings.push({ status: 'missing', code: 'CHECK_MISSING', message: `check "${name}" never reported on ${short(sha)}${waitNote}`, location })
        } else if (s.state === 'pending') {
          findings.push({ status: 'missing', code: 'CHECK_PENDING', message: `check "${name}" is still running (${s.status}) on ${short(sha)}${waitNote}`, location })
        } else if (!passed(s)) {
          findings.push({
            status: 'fail',
            code: 'CHECK_NOT_PASSED',
            message: `check "${name}" concluded ${s.conclusion} on ${short(sha)} (its latest ${s.source}; accepted: ${[...accept].join(', ')})`,
            location,
          })
        }
      })
      return outcomeOf(findings)
    })
  },
}
