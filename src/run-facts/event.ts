// The run facts a GitHub event payload carries (design §8), shared by the CLI's --event
// and the action, so both judge the same payload the same way.
import { InputError } from '../core/errors.js'
import type { GithubFacts } from '../core/run.js'
import { decodeUtf8 } from '../repo/utf8.js'
import { readNamedBytes } from '../repo/regular-file.js'


type Payload = Record<string, any> // eslint-disable-line @typescript-eslint/no-explicit-any


/** An event payload file (the runner's GITHUB_EVENT_PATH, the CLI's --event). `what` names
 * where the path came from, for the message. */
export function readEventPayload(path: string, what: string): Payload {
  const bytes = readNamedBytes(path, what)
  const decoded = decodeUtf8(bytes)
  if (!decoded.ok) throw new InputError([{ location: { path, line: decoded.line, column: decoded.column }, message: `${decoded.message}: ${what} holds a GitHub event payload, JSON in UTF-8` }])
  const text = decoded.text
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (e) {
    throw new InputError([{ location: { path }, message: `not valid JSON (${(e as Error).message}): ${what} holds a GitHub event payload` }])
  }
  if (value && typeof value === 'object' && !Array.isArray(value)) return value as Payload
  throw new InputError([{ location: { path }, message: `${what} holds a GitHub event payload, a JSON object` }])
}

/** The event name a payload's shape implies, for `--event` without `--event-name`. */
export function guessEventName(payload: Payload): string | null {
  if (payload.pull_request) return 'pull_request'
  if (payload.merge_group) return 'merge_group'
  if (payload.inputs !== undefined && payload.workflow !== undefined) return 'workflow_dispatch'
  if (payload.schedule !== undefined) return 'schedule'
  if (typeof payload.before === 'string' && typeof payload.after === 'string') return 'push'
  return null
}

function str(v: unknown): string | null {
  return typeof v === 'string' && v.length > 0 ? v : null
}

export function refName(ref: string | null): string | null {
  if (!ref) return null
  return ref.replace(/^refs\/(heads|tags)\//, '')
}

export interface EventFacts {
  github: GithubFacts
  inputs: Record<string, unknown>
  /** push: the commits before and after. */
  before: string | null
  after: string | null
  /** pull_request.changed_files, when the payload says. */
  changedFileCount: number | null
}

/** Facts from a payload. `env` supplies what the runner sets beside it (GITHUB_SHA, GITHUB_REF, GITHUB_REPOSITORY). */
export function factsFromEvent(eventName: string, payload: Payload, env: { sha?: string | null; ref?: string | null; repository?: string | null; actor?: string | null } = {}): EventFacts {
  const pr = payload.pull_request
  const mg = payload.merge_group
  let ref = str(payload.ref) ?? env.ref ?? null
  let headSha: string | null = null
  let baseSha: string | null = null
  let baseRef: string | null = null
  let headRef: string | null = null
  if (pr) {
    // On pull_request GITHUB_SHA is the merge commit: the head is what is judged.
    headSha = str(pr.head?.sha)
    baseSha = str(pr.base?.sha)
    baseRef = str(pr.base?.ref)
    headRef = str(pr.head?.ref)
    ref = env.ref ?? (typeof payload.number === 'number' ? `refs/pull/${payload.number}/merge` : null)
  } else if (mg) {
    headSha = str(mg.head_sha)
    baseSha = str(mg.base_sha)
    baseRef = refName(str(mg.base_ref))
    headRef = str(mg.head_ref)
    ref = str(mg.head_ref) ?? ref
  } else if (eventName === 'push') {
    headSha = str(payload.after)
    baseSha = str(payload.before)
  }
  const sha = headSha ?? env.sha ?? null
  const inputs = payload.inputs && typeof payload.inputs === 'object' ? { ...(payload.inputs as Record<string, unknown>) } : {}
  return {
    github: {
      event_name: eventName,
      sha,
      ref,
      ref_name: pr ? headRef : refName(ref),
      repository: str(payload.repository?.full_name) ?? env.repository ?? null,
      pr_number: pr ? (typeof payload.number === 'number' ? payload.number : (pr.number ?? null)) : null,
      base_ref: baseRef,
      head_ref: headRef,
      base_sha: baseSha,
      head_sha: headSha ?? sha,
      actor: str(payload.sender?.login) ?? env.actor ?? null,
    },
    inputs,
    before: eventName === 'push' ? str(payload.before) : null,
    after: eventName === 'push' ? str(payload.after) : null,
    changedFileCount: pr && typeof pr.changed_files === 'number' ? pr.changed_files : null,
  }
}

