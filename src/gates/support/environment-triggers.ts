// Whether a workflow can start a job that deploys to an environment from a ref the
// environment does not deploy from. The matrix says which branch an environment deploys
// from (`branch`); the workflow's `on:` says which refs start it. What passes, for a job
// that deploys (or may deploy, through an expression) to E whose branch is B:
// - the job's `if:` compares the ref with B (`github.ref == 'refs/heads/B'` or
//   `github.ref_name == 'B'`), combined with `&&` only: then any trigger is allowed;
// - otherwise each trigger must be one of:
//   - `push` with `branches:` whose every pattern is B itself (negations `!x` only narrow);
//     `tags:` only when each tag pattern is one the assertion allows (`tags:`); a push
//     with neither, or with `branches-ignore` / `tags-ignore`, runs for other refs;
//   - `workflow_call`: the calling workflow's trigger decides, and is judged where it is.
//   Every other event (workflow_dispatch runs from any branch picked in the UI, pull_request
//   from the PR's merge ref, schedule and repository_dispatch from the default branch,
//   release from a tag…) needs the `if:` guard.
import type { Finding } from '../../core/outcome.js'
import type { Location } from '../../core/location.js'
import type { Workflow, WorkflowJob } from '../../repo/workflows.js'

/** Why each event other than push needs a guard, for the message. */
const WHY: Readonly<Record<string, string>> = {
  workflow_dispatch: 'runs from whichever branch is picked when it is dispatched',
  pull_request: "runs on the pull request's merge ref",
  pull_request_target: "runs on the pull request's base branch, whichever it is",
  schedule: 'runs on the default branch',
  repository_dispatch: 'runs on the default branch',
  workflow_run: 'runs on the default branch',
  release: "runs on the release's tag",
  merge_group: "runs on the merge queue's temporary branch",
}

/** Whether the job's `if:` limits it to branch B (and nothing widens that again). */
export function guardedTo(job: WorkflowJob, branch: string): boolean {
  const text = job.condition?.value
  if (text === undefined) return false
  const bare = text.replace(/\s+/g, '')
  // `||` or a negated group could let another ref through; only a conjunction is a guard.
  if (bare.includes('||') || bare.includes('!(')) return false
  const forms = ["'", '"'].flatMap((q) => [
    `github.ref==${q}refs/heads/${branch}${q}`,
    `${q}refs/heads/${branch}${q}==github.ref`,
    `github.ref_name==${q}${branch}${q}`,
    `${q}${branch}${q}==github.ref_name`,
  ])
  return forms.some((f) => bare.includes(f))
}

const GLOB = /[*?[\]{}+!]/

/** Findings for one job of `wf` that deploys to `environment` (deploying from `branch`). */
export function triggerFindings(
  wf: Workflow,
  job: WorkflowJob,
  branch: string,
  allowedTags: readonly string[],
  /** How the job reaches the environment, for the message: `deploys to production`. */
  deploys: string,
): Finding[] {
  if (guardedTo(job, branch)) return []
  const findings: Finding[] = []
  const guard = `or guard job "${job.id}" with if: github.ref == 'refs/heads/${branch}'`
  const fail = (location: Location, what: string, fix: string): void => {
    findings.push({
      status: 'fail',
      code: 'ENVIRONMENT_TRIGGER_FORBIDDEN',
      message: `job "${job.id}" (line ${job.location.line}) ${deploys}, which deploys from ${branch}, but ${what}; ${fix}, ${guard}`,
      location,
    })
  }
  for (const trigger of wf.triggers) {
    const event = trigger.value
    if (event === 'workflow_call') continue
    if (event !== 'push') {
      fail(trigger.location, `the workflow runs on ${event}, which ${WHY[event] ?? 'does not run on a branch push'}`, `drop ${event} from on:`)
      continue
    }
    const of = (filter: string) => wf.filters.find((f) => f.event === 'push' && f.filter === filter)
    const branches = of('branches')
    const tags = of('tags')
    for (const ignore of ['branches-ignore', 'tags-ignore'] as const) {
      const f = of(ignore)
      if (f) fail(f.location, `push.${ignore} lets a push to any other ${ignore.startsWith('tags') ? 'tag' : 'branch'} run it`, `list push.${ignore.replace('-ignore', '')} instead`)
    }
    if (!branches && !tags && !of('branches-ignore') && !of('tags-ignore')) {
      fail(trigger.location, 'the workflow runs on a push to any branch or tag', `limit it with push: { branches: [${branch}] }`)
      continue
    }
    if (branches) {
      const other = branches.patterns.filter((p) => !p.startsWith('!') && p !== branch)
      if (other.length) {
        const glob = other.some((p) => GLOB.test(p)) ? ' (a pattern can match other branches)' : ''
        fail(branches.location, `push.branches also runs it for ${other.map((p) => JSON.stringify(p)).join(', ')}${glob}`, `list only ${branch} there`)
      }
    }
    if (tags) {
      const other = tags.patterns.filter((p) => !p.startsWith('!') && !allowedTags.includes(p))
      if (other.length) {
        const allowed = allowedTags.length ? `the assertion allows the tags ${allowedTags.map((t) => JSON.stringify(t)).join(', ')}` : 'the assertion allows no tags (environment_triggers: { tags: [...] })'
        fail(tags.location, `push.tags runs it for ${other.map((p) => JSON.stringify(p)).join(', ')}, and ${allowed}`, 'drop those tags')
      }
    }
  }
  return findings
}
