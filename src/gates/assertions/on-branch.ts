// `on_branch`: the commit being deployed is on the environment's branch (GitHub's compare
// API, `branch...sha`): `behind` or `identical` means every change in it is merged there, so
// a dispatch cannot deploy an unmerged commit. One request per (branch, commit) and run.
import * as z from 'zod'
import { sharedCodes } from '../../core/codes.js'
import { GitHubUnavailableError } from '../../core/github-port.js'
import { type AssertionOutcome, notApplicable, type Observation, outcomeOf } from '../../core/outcome.js'
import { templatable } from '../../spec/template-schema.js'
import { type AssertionContext, type AssertionKind, withGitHub } from '../kit.js'
import { FULL_SHA, promotedSha } from '../support/promoted-sha.js'
import { short } from '../support/check-state.js'

export const onBranchOptions = z
  .strictObject({
    branch: templatable(z.string().min(1)).optional().describe('The branch the commit must be on; default ${{ environment.branch }}'),
    sha: templatable(z.string().min(1))
      .optional()
      .describe("The full SHA judged, e.g. ${{ inputs.source_sha }}; default on a workflow_dispatch run the environment's promotion.sha_input, else the run's commit"),
  })
  .describe("The commit is on the environment's branch (compare API: behind or identical)")

export type OnBranchOptions = z.infer<typeof onBranchOptions>

/** Their commit is not merged yet by definition: judged after merging. */
const PULL_REQUEST_EVENTS = new Set(['pull_request', 'pull_request_target', 'merge_group'])
const ON_BRANCH = new Set(['behind', 'identical'])

/** The commit judged, and where the matrix says which one it is. */
function judgedSha(o: OnBranchOptions, ctx: AssertionContext): { sha: string | null; from: string; at: ReadonlyArray<string | number> } {
  if (o.sha !== undefined) return { sha: o.sha.trim().toLowerCase(), from: 'the sha option', at: [...ctx.declaredPath, 'sha'] }
  const p = promotedSha(ctx)
  if (p.from === 'input') return { sha: typeof p.value === 'string' ? p.value.trim().toLowerCase() : null, from: `workflow_dispatch input "${p.input}"`, at: p.path }
  return { sha: p.sha, from: "the run's commit", at: ctx.declaredPath }
}

export const onBranchKind: AssertionKind<OnBranchOptions> = {
  kind: 'on_branch',
  description: "The commit being deployed is on the environment's branch (compare API: behind or identical; contents: read).",
  options: onBranchOptions,
  needs: 'github',
  perEnvironment: true,
  codes: {
    SHA_NOT_ON_BRANCH: { status: 'fail', meaning: "The commit has changes the environment's branch does not (compare says ahead or diverged): it is not merged there." },
    SHA_UNKNOWN: { status: 'missing', meaning: 'GitHub knows no such commit or branch (compare answered 404), or no full SHA was given.' },
    ...sharedCodes('GITHUB_UNAVAILABLE', 'GITHUB_NOT_CONFIGURED'),
  },
  async evaluate(o, ctx): Promise<AssertionOutcome> {
    const event = ctx.run.github.event_name
    if (event && PULL_REQUEST_EVENTS.has(event)) return notApplicable(`a ${event} commit is not merged yet: on_branch judges the runs that deploy (workflow_dispatch, push, schedule)`)
    const env = ctx.environment
    const branch = o.branch ?? env?.branch
    if (!branch) {
      return {
        result: 'missing',
        findings: [],
        reason: env ? `environment "${env.name}" declares no branch: add environments.${env.name}.branch to the matrix, or give on_branch a branch` : 'no branch to judge against: give on_branch a branch',
      }
    }
    const branchAt = ctx.matrix.doc.locate(o.branch !== undefined || !env ? [...ctx.declaredPath, 'branch'] : ['environments', env.name, 'branch']).location
    const target = judgedSha(o, ctx)
    const shaAt = ctx.matrix.doc.locate(target.at).location
    if (!target.sha || !FULL_SHA.test(target.sha)) {
      const said = target.sha ? `${target.from} is "${target.sha.slice(0, 60)}", not a full 40-character SHA` : target.at === ctx.declaredPath ? 'this run names no commit (a local check: pass --sha)' : `${target.from} is not given`
      return outcomeOf([{ status: 'missing', code: 'SHA_UNKNOWN', message: `${said}, so it cannot be shown to be on ${branch}`, location: shaAt }])
    }
    const sha = target.sha
    return withGitHub(ctx, ctx.declaredAt, async (api) => {
      const c = await api.compare(branch, sha)
      const observations: Observation[] = [{ source: 'compare', subject: `${branch}...${sha}`, facts: c ? { status: c.status, ahead_by: c.ahead_by, behind_by: c.behind_by } : { status: 'not_found' } }]
      if (!c) {
        return { ...outcomeOf([{ status: 'missing', code: 'SHA_UNKNOWN', message: `GitHub knows no commit ${short(sha)} or no branch ${branch} (compare answered 404): push the commit, or fix the branch`, location: shaAt }]), observations }
      }
      if (ON_BRANCH.has(c.status)) return { result: 'pass', findings: [], observations }
      if (c.status !== 'ahead' && c.status !== 'diverged') throw new GitHubUnavailableError(`compare ${branch}...${short(sha)} answered status "${c.status}", which is none of ahead, behind, diverged, identical`, 'error')
      const where = env ? `environment "${env.name}"'s branch ${branch}` : `branch ${branch}`
      return {
        ...outcomeOf([{
          status: 'fail',
          code: 'SHA_NOT_ON_BRANCH',
          message: `${short(sha)} (${target.from}) is not on ${where}: compare says ${c.status}, ${c.ahead_by} commit${c.ahead_by === 1 ? '' : 's'} not merged there; merge it first, or deploy a commit of ${branch}`,
          location: branchAt,
        }]),
        observations,
      }
    })
  },
}
