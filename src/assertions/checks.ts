// `checks`: named check runs / commit statuses concluded success on the head SHA.
// The latest attempt of a name wins (a re-run supersedes an older failure); a check that
// never reported is `missing`, never `pass`; the gate's own check run never counts.
import { z } from 'zod'
import { headSha, realClock, withGitHub } from '../evaluate/github-state.js'
import { outcomeOf } from '../evaluate/combine.js'
import type { CheckRunInfo, GitHubState, StatusInfo } from '../evaluate/github-state.js'
import type { AssertionContext, Finding } from '../evaluate/types.js'
import type { AssertionKind } from './types.js'

/** The longest `wait` accepted (a schema bound: a longer one is a load error at its line). */
export const MAX_WAIT_MINUTES = 60
const MAX_WAIT_MS = MAX_WAIT_MINUTES * 60_000

export const checksOptions = z
  .strictObject({
    names: z.array(z.string().min(1)).min(1).describe('Check run names or commit status contexts'),
    wait: z
      .string()
      .regex(/^\d+(s|m)$/, 'expected a duration such as 90s or 10m')
      // A wait holds the runner: unbounded, it could poll for days (or overflow the timer).
      .refine((d) => !/^\d+(s|m)$/.test(d) || parseDuration(d) <= MAX_WAIT_MS, `expected at most ${MAX_WAIT_MINUTES}m`)
      .optional()
      .describe(`How long to wait for pending checks, at most ${MAX_WAIT_MINUTES}m (default: no wait)`),
    accept: z.array(z.enum(['success', 'neutral', 'skipped'])).optional().describe('Conclusions that pass (default success, neutral, skipped)'),
  })
  .describe('Named check runs or commit statuses concluded success on the head SHA')

export type ChecksOptions = z.infer<typeof checksOptions>

/** What GitHub's required checks accept. */
export const DEFAULT_ACCEPT: readonly string[] = ['success', 'neutral', 'skipped']

/** The state of one check name on one commit. */
export type CheckState =
  | { state: 'absent' }
  | { state: 'pending'; status: string }
  | { state: 'concluded'; conclusion: string; source: 'check run' | 'status' }

/** Newer first: a run not started yet (queued re-run) is the newest; ids break ties. */
function newerRun(a: CheckRunInfo, b: CheckRunInfo): number {
  const ta = a.started_at ? Date.parse(a.started_at) : Infinity
  const tb = b.started_at ? Date.parse(b.started_at) : Infinity
  return ta !== tb ? tb - ta : b.id - a.id
}

function newerStatus(a: StatusInfo, b: StatusInfo): number {
  const d = Date.parse(b.updated_at) - Date.parse(a.updated_at)
  return d !== 0 ? d : (b.id ?? 0) - (a.id ?? 0)
}

/**
 * The latest word on `name`: its newest check run, else its newest commit status (a name
 * reported as a check run is judged by check runs only). Statuses map to conclusions:
 * success → success, failure/error → failure/error, pending → still running.
 */
export function latestCheckState(runs: CheckRunInfo[], statuses: StatusInfo[], name: string): CheckState {
  const run = runs.filter((r) => r.name === name).sort(newerRun)[0]
  if (run) {
    if (run.status !== 'completed') return { state: 'pending', status: run.status }
    return { state: 'concluded', conclusion: run.conclusion ?? 'none', source: 'check run' }
  }
  const status = statuses.filter((s) => s.context === name).sort(newerStatus)[0]
  if (!status) return { state: 'absent' }
  if (status.state === 'pending') return { state: 'pending', status: 'pending' }
  return { state: 'concluded', conclusion: status.state, source: 'status' }
}

const SECOND = 1000

/** Poll spacing: 10 s, doubling, at most 60 s apart. */
const FIRST_DELAY = 10 * SECOND
const MAX_DELAY = 60 * SECOND

export function parseDuration(d: string): number {
  const n = Number(d.slice(0, -1))
  return n * (d.endsWith('m') ? 60 * SECOND : SECOND)
}

/**
 * The sleeps between polls of a `wait` of `waitMs`: 10 s, 20 s, 40 s, then every 60 s,
 * the last one shortened to end at the deadline. A wait costs at most
 * `pollDelays(w).length + 1` polls (10m: 13), each poll one request per page of check
 * runs and one per page of statuses (100 a page). `alreadyMs`: time already waited on
 * the same commit in this run; only the rest of the schedule remains.
 */
export function pollDelays(waitMs: number, alreadyMs = 0): number[] {
  const delays: number[] = []
  let at = 0
  let next = FIRST_DELAY
  while (at < waitMs) {
    const end = Math.min(at + next, waitMs)
    if (end > alreadyMs) delays.push(end - Math.max(at, alreadyMs))
    at = end
    next = Math.min(next * 2, MAX_DELAY)
  }
  return delays
}

/** Time already waited per commit, per run (one GitHubState is one run): gates and
 * environments waiting on the same commit share one wait instead of adding them up. */
const WAITED = new WeakMap<GitHubState, Map<string, number>>()

function waitedOn(api: GitHubState): Map<string, number> {
  let m = WAITED.get(api)
  if (!m) WAITED.set(api, (m = new Map()))
  return m
}

async function poll(api: GitHubState, sha: string, names: string[], fresh: boolean): Promise<Map<string, CheckState>> {
  const [runs, statuses] = await Promise.all([api.checkRuns(sha, { fresh }), api.statuses(sha, { fresh })])
  return new Map(names.map((n) => [n, latestCheckState(runs, statuses, n)]))
}

function short(sha: string): string {
  return sha.slice(0, 12)
}

export const checksKind: AssertionKind<ChecksOptions> = {
  kind: 'checks',
  description: 'Named check runs / commit statuses concluded success on the head SHA; optional wait.',
  options: checksOptions,
  needs: 'github',
  codes: {
    CHECK_NOT_PASSED: 'The latest run of the check did not conclude with an accepted conclusion.',
    CHECK_MISSING: 'The check never reported on the head SHA (or names the gate\'s own check run, which never counts).',
    CHECK_PENDING: 'The check is still queued or running on the head SHA (after the wait, if any).',
    GITHUB_UNAVAILABLE: 'The GitHub API could not be asked (no token, no permission, or errors after retries).',
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
