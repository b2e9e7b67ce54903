// The commit a deploying run promotes, read one way by `gate-matrix/promotion-order` and
// `on_branch` (so both judge the same commit), and the full-SHA test every gate that
// records a commit uses: a short SHA or a branch name could move or be ambiguous.
import type { AssertionContext } from '../kit.js'

export const FULL_SHA = /^[0-9a-f]{40}$/i

/** The value as a full SHA (trimmed, lower case), or null when it is none. */
export function fullSha(v: unknown): string | null {
  if (typeof v !== 'string') return null
  const s = v.trim().toLowerCase()
  return FULL_SHA.test(s) ? s : null
}

/** Where the promoted commit comes from: on a workflow_dispatch run, the input
 * `promotion.sha_input` names (`value` as given, `sha` when it is a full SHA, `path` the
 * matrix line naming it); else the run's commit (null in a local check without --sha).
 * Only a dispatch has inputs: a push deploys the commit pushed. */
export type PromotedSha =
  | { from: 'input'; input: string; value: unknown; sha: string | null; path: Array<string | number> }
  | { from: 'run'; sha: string | null }

export function promotedSha(ctx: AssertionContext): PromotedSha {
  const env = ctx.environment
  const input = env?.promotion?.sha_input
  if (env && input !== undefined && ctx.run.github.event_name === 'workflow_dispatch') {
    const value = ctx.run.inputs[input]
    return { from: 'input', input, value, sha: fullSha(value), path: ['environments', env.name, 'promotion', 'sha_input'] }
  }
  return { from: 'run', sha: ctx.run.github.head_sha ?? ctx.run.github.sha ?? null }
}
