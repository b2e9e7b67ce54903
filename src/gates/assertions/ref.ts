// `ref`: the run's ref (or the PR's base branch) is the environment's branch.
import picomatch from 'picomatch'
import * as z from 'zod'
import { BoundedCache } from '../../core/bounded-cache.js'
import { type AssertionOutcome, outcomeOf } from '../../core/outcome.js'
import type { AssertionContext, AssertionKind } from '../kit.js'
import type { GithubFacts } from '../../core/run.js'
import { templatable } from '../../spec/template-schema.js'

export const refOptions = z
  .strictObject({
    branch: templatable(z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]))
      .optional()
      .describe('Branch name(s) or glob(s); default ${{ environment.branch }}'),
  })
  .describe("The run's ref, or the PR's base branch, is the environment's branch")

export type RefOptions = z.infer<typeof refOptions>

export const refKind: AssertionKind<RefOptions> = {
  kind: 'ref',
  description: "The run's ref, or the PR's base branch, is the environment's branch.",
  options: refOptions,
  needs: 'run',
  codes: {
    REF_NOT_ALLOWED: { status: 'fail', meaning: "The ref is not the environment's branch." },
    REF_UNKNOWN: { status: 'missing', meaning: 'The run has no ref to judge.' },
  },
  evaluate,
}

/** Events judged by the branch they merge into rather than the ref they run on. */
const BASE_EVENTS = new Set(['pull_request', 'pull_request_target', 'merge_group'])

const stripHeads = (ref: string) => ref.replace(/^refs\/heads\//, '')

/** The branch judged, and what it is, for the message. */
export function judgedRef(github: GithubFacts): { ref: string; what: string } | null {
  if (github.event_name && BASE_EVENTS.has(github.event_name)) {
    return github.base_ref ? { ref: stripHeads(github.base_ref), what: `the ${github.event_name} base branch` } : null
  }
  const ref = github.ref_name ?? github.ref
  return ref ? { ref: stripHeads(ref), what: 'the run\'s ref' } : null
}

/** Compiled branch globs by list: every environment × ref gate asks again. Bounded. */
const branchMatchers = new BoundedCache<string, (ref: string) => boolean>(1000)
function branchMatcher(allowed: string[]): (ref: string) => boolean {
  return branchMatchers.get(allowed.join('\0'), () => picomatch(allowed))
}

function evaluate(options: RefOptions, ctx: AssertionContext): AssertionOutcome {
  const env = ctx.environment
  const given = options.branch !== undefined
  const raw = given ? options.branch : env?.branch
  const allowed = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter((b) => b !== '')
  if (!allowed.length) {
    return {
      result: 'missing',
      findings: [],
      reason: env
        ? `environment "${env.name}" declares no branch, so the ref cannot be judged: add environments.${env.name}.branch to the matrix`
        : 'no branch to judge the ref against: give the ref assertion a branch',
    }
  }
  const judged = judgedRef(ctx.run.github)
  const location = given || !env
    ? ctx.matrix.doc.locate([...ctx.declaredPath, 'branch']).location
    : ctx.matrix.doc.locate(['environments', env.name, 'branch']).location
  if (!judged) {
    return outcomeOf([{
      status: 'missing',
      code: 'REF_UNKNOWN',
      message: `the run has no ${ctx.run.github.event_name && BASE_EVENTS.has(ctx.run.github.event_name) ? 'base branch' : 'ref'} to judge against ${allowed.join(', ')}`,
      location,
    }])
  }
  if (branchMatcher(allowed)(judged.ref)) return { result: 'pass', findings: [] }
  const where = env ? `environment "${env.name}"` : 'this gate'
  return outcomeOf([{
    status: 'fail',
    code: 'REF_NOT_ALLOWED',
    message: `${judged.what} "${judged.ref}" is not a branch ${where} deploys from (${allowed.join(', ')})`,
    location,
  }])
}
