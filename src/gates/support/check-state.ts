// The state of named checks on a commit as GitHub's required checks judge it (the latest
// attempt wins), and the bounded poll schedule of a `wait`. Shared by `checks` and the
// release profiles' proof of prior validation.
import * as z from 'zod'
import type { CheckRunInfo, GitHubState, StatusInfo } from '../../core/github-port.js'

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

const UNIT_MS: Record<string, number> = { s: SECOND, m: 60 * SECOND, h: 3600 * SECOND, d: 86_400 * SECOND }

/** A duration option of `units` (`s`, or `sm` for seconds or minutes) bounded by `maxMs`:
 * unbounded, a wait or a timeout could hold the runner for days (or overflow the timer). */
export function durationOption(units: 's' | 'sm', expected: string, maxMs: number, atMost: string) {
  const shape = units === 's' ? /^\d+s$/ : /^\d+(s|m)$/
  return z
    .string()
    .regex(shape, expected)
    .refine((d) => !shape.test(d) || parseDuration(d) <= maxMs, `expected at most ${atMost}`)
}

/** `30s`, `10m`, `4h`, `2d` in milliseconds (each option's schema bounds its units). */
export function parseDuration(d: string): number {
  const ms = UNIT_MS[d.slice(-1)]
  if (ms === undefined) throw new Error(`duration "${d}" has no unit s, m, h or d`)
  return Number(d.slice(0, -1)) * ms
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

export function waitedOn(api: GitHubState): Map<string, number> {
  let m = WAITED.get(api)
  if (!m) WAITED.set(api, (m = new Map()))
  return m
}

export async function poll(api: GitHubState, sha: string, names: string[], fresh: boolean): Promise<Map<string, CheckState>> {
  const [runs, statuses] = await Promise.all([api.checkRuns(sha, { fresh }), api.statuses(sha, { fresh })])
  return new Map(names.map((n) => [n, latestCheckState(runs, statuses, n)]))
}

export function short(sha: string): string {
  return sha.slice(0, 12)
}
