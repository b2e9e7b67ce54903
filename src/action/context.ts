// What the runner tells the action (environment variables and the event payload), turned
// into the engine's run facts and change set. The payload is read with the same code as
// the CLI's --event (src/evaluate/event.ts), so both judge a payload the same way.
import { UsageError } from '../core/errors.js'
import { type EventFacts, factsFromEvent, readEventPayload } from '../run-facts/event.js'
import { type ChangeSet, isSupportedEvent, SUPPORTED_EVENTS } from '../core/run.js'
import { pullRequestChanges, pushChanges } from '../github/changed-files.js'
import type { GitHubClient } from '../github/client.js'
import { parseRepository, type RepoRef } from '../github/repo-ref.js'
import { isZeroSha } from '../github/git.js'

export interface RunnerEnv {
  eventName: string
  eventPath: string | null
  sha: string | null
  ref: string | null
  repository: string
  workspace: string
  runId: string | null
  runAttempt: string
  apiUrl: string
  serverUrl: string
  runnerTemp: string
  runnerOs: string | null
  runnerName: string | null
  actor: string | null
}

function need(env: NodeJS.ProcessEnv, name: string): string {
  const v = env[name]
  if (!v) throw new UsageError(`${name} is not set: gate-matrix runs as a step of a GitHub Actions job (locally, use the gate-matrix CLI)`)
  return v
}

export function readRunnerEnv(env: NodeJS.ProcessEnv): RunnerEnv {
  return {
    eventName: need(env, 'GITHUB_EVENT_NAME'),
    eventPath: env.GITHUB_EVENT_PATH || null,
    sha: env.GITHUB_SHA || null,
    ref: env.GITHUB_REF || null,
    repository: need(env, 'GITHUB_REPOSITORY'),
    workspace: env.GITHUB_WORKSPACE || process.cwd(),
    runId: env.GITHUB_RUN_ID || null,
    runAttempt: env.GITHUB_RUN_ATTEMPT || '1',
    apiUrl: env.GITHUB_API_URL || 'https://api.github.com',
    serverUrl: env.GITHUB_SERVER_URL || 'https://github.com',
    runnerTemp: need(env, 'RUNNER_TEMP'),
    runnerOs: env.RUNNER_OS || null,
    runnerName: env.RUNNER_NAME || null,
    actor: env.GITHUB_ACTOR || null,
  }
}

export interface EventContext {
  eventName: string
  repo: RepoRef
  facts: EventFacts
  /** The commit judged and annotated: the PR head (GITHUB_SHA is the merge commit there). */
  headSha: string
  /** The commit the trusted matrix comes from (PR / merge queue base, push before). */
  baseSha: string | null
  isPullRequest: boolean
}

/** Dispatch inputs that name the environment a promotion targets, in the order tried. */
export const TARGET_INPUTS = ['target_environment', 'environment', 'target'] as const

export function readEventContext(r: RunnerEnv): EventContext {
  if (!isSupportedEvent(r.eventName)) {
    throw new UsageError(`the "${r.eventName}" event is not supported: run gate-matrix on ${SUPPORTED_EVENTS.join(', ')}`)
  }
  const repo = parseRepository(r.repository)
  if (!repo) throw new UsageError(`GITHUB_REPOSITORY "${r.repository}" is not owner/name`)
  const payload = r.eventPath ? readEventPayload(r.eventPath, 'GITHUB_EVENT_PATH') : {}
  const facts = factsFromEvent(r.eventName, payload, { sha: r.sha, ref: r.ref, repository: r.repository, actor: r.actor })
  const isPullRequest = r.eventName === 'pull_request' || r.eventName === 'pull_request_target'
  if (isPullRequest && (!facts.github.head_sha || !facts.github.base_sha || facts.github.pr_number === null)) {
    throw new UsageError(`the ${r.eventName} payload at ${r.eventPath ?? '(none)'} has no pull_request with head and base SHAs`)
  }
  if (r.eventName === 'merge_group' && (!facts.github.head_sha || !facts.github.base_sha)) {
    throw new UsageError(`the merge_group payload at ${r.eventPath ?? '(none)'} has no head_sha and base_sha`)
  }
  if (r.eventName === 'push' && facts.after && isZeroSha(facts.after)) {
    throw new UsageError('this push deletes a ref: there is no commit to check (skip the job with `if: github.event.deleted == false`)')
  }
  const headSha = facts.github.head_sha ?? r.sha
  if (!headSha) throw new UsageError('no commit to check: GITHUB_SHA is not set and the payload names none')
  return { eventName: r.eventName, repo, facts, headSha, baseSha: facts.github.base_sha, isPullRequest }
}

/** The promotion target of a dispatch run, from its inputs; null when none is named. */
export function dispatchTarget(facts: EventFacts): string | null {
  for (const name of TARGET_INPUTS) {
    const v = facts.inputs[name]
    if (typeof v === 'string' && v.trim()) return v.trim()
  }
  return null
}

export interface ChangeSetInfo {
  changes: ChangeSet
  note: string
  /** Paths the change adds, when known (the base may lack the matrix only if this has it). */
  added?: string[]
}

/** The diff the run judges. Without a client the API cannot be asked: local git only. */
export async function readChangeSet(ctx: EventContext, client: GitHubClient | null, root: string): Promise<ChangeSetInfo> {
  const g = ctx.facts.github
  if (ctx.isPullRequest) {
    if (!client) return { changes: { kind: 'unavailable', reason: 'no token was given to list the pull request\'s files' }, note: 'no token' }
    return pullRequestChanges(client, { repo: ctx.repo, number: g.pr_number!, baseSha: g.base_sha!, headSha: g.head_sha!, changedFiles: ctx.facts.changedFileCount, root })
  }
  if (ctx.eventName === 'push' && ctx.facts.before && ctx.facts.after) {
    return pushChanges(client, { repo: ctx.repo, before: ctx.facts.before, after: ctx.facts.after, root })
  }
  if (ctx.eventName === 'merge_group') {
    // The merge-group commit sits on top of its base: before..after is the queued change.
    return pushChanges(client, { repo: ctx.repo, before: g.base_sha!, after: g.head_sha!, root })
  }
  return { changes: { kind: 'none', reason: `a ${ctx.eventName} run has no diff to judge` }, note: 'no diff for this event' }
}
