// `jobs`: the job graph of workflows: jobs that must need a gate job (directly or through
// other jobs), and jobs deploying to an environment that run only on the refs it deploys from.
import picomatch from 'picomatch'
import * as z from 'zod'
import { sharedCodes } from '../../core/codes.js'
import type { Problem } from '../../core/errors.js'
import { type AssertionOutcome, type Finding, outcomeOf } from '../../core/outcome.js'
import { includesEnvironment } from '../../core/environment-names.js'
import { loadWorkflow, type Workflow, type WorkflowJob } from '../../repo/workflows.js'
import type { AssertionContext, AssertionKind } from '../kit.js'
import { jobEnvironmentCandidates } from '../support/job-environments.js'
import { triggerFindings } from '../support/environment-triggers.js'

export const jobsOptions = z
  .strictObject({
    file: z.string().min(1).describe('Workflow path or glob'),
    require_needs: z
      .strictObject({
        jobs: z.string().min(1).describe('Job ids (a glob, e.g. publish-*) the rule applies to, in every matching workflow'),
        needs: z.string().min(1).describe('The job each of them must need, directly or through other jobs of its workflow'),
      })
      .optional()
      .describe('Every matching job needs this job, directly or transitively'),
    environment_triggers: z
      .union([z.literal(true), z.strictObject({ tags: z.array(z.string().min(1)).describe('Tag patterns (as written under push.tags) that may start a deployment') })])
      .optional()
      .describe("A job deploying to the gate's environment runs only on pushes to the environment's branch (or is guarded by an if: on it); tags: the push tags allowed too"),
  })
  .describe('Workflow job graphs: transitive needs, and the triggers of jobs that deploy to an environment')

export type JobsOptions = z.infer<typeof jobsOptions>

export const jobsKind: AssertionKind<JobsOptions> = {
  kind: 'jobs',
  description: "Workflow job graphs: every matching job needs a gate job (transitively); jobs deploying to the environment run only on its branch's pushes.",
  options: jobsOptions,
  needs: 'repository',
  // environment_triggers judges the jobs against this environment's branch.
  perEnvironment: true,
  pathOptions: ['file'],
  codes: {
    JOB_NEEDS_MISSING: { status: 'fail', meaning: 'A job does not need the required job, directly or through other jobs.' },
    JOBS_NOT_FOUND: { status: 'fail', meaning: 'No job of the matching workflows matches `require_needs.jobs`, so the rule guards nothing.' },
    ENVIRONMENT_TRIGGER_FORBIDDEN: { status: 'fail', meaning: 'A job that deploys to the environment can run on a trigger or ref the environment does not deploy from.' },
    ENVIRONMENT_BRANCH_UNSET: { status: 'missing', meaning: 'The environment has no `branch` in the matrix, so the refs it allows are unknown.' },
    ...sharedCodes('FILE_MISSING', 'WORKFLOW_UNPARSABLE'),
  },
  validate(options, at) {
    const problems: Problem[] = []
    if (!options.require_needs && !options.environment_triggers) {
      problems.push({ location: at([]), message: 'this jobs assertion checks nothing; set require_needs or environment_triggers' })
    }
    const r = options.require_needs
    if (r && !r.jobs.includes('${{') && !r.needs.includes('${{') && picomatch(r.jobs)(r.needs)) {
      problems.push({ location: at(['require_needs', 'needs']), message: `"${r.needs}" matches require_needs.jobs "${r.jobs}" itself; a job cannot need itself` })
    }
    return problems
  },
  evaluate,
}

function evaluate(options: JobsOptions, ctx: AssertionContext): AssertionOutcome {
  const paths = ctx.repo.glob(options.file)
  if (paths.length === 0) {
    return outcomeOf([{ status: 'missing', code: 'FILE_MISSING', message: `no workflow file matches "${options.file}"`, location: { path: options.file } }])
  }
  const findings: Finding[] = []
  const workflows: Workflow[] = []
  for (const path of paths) {
    const load = loadWorkflow(ctx.repo, path)
    if (load.kind === 'missing') findings.push({ status: 'missing', code: 'FILE_MISSING', message: `workflow "${path}" does not exist`, location: { path } })
    else if (load.kind === 'unparsable') findings.push({ status: 'fail', code: 'WORKFLOW_UNPARSABLE', message: `${path}: ${load.message}`, location: load.location })
    // An action has no jobs graph or triggers of its own.
    else if (!load.workflow.action) workflows.push(load.workflow)
  }
  // A workflow that could not be read may hold the jobs: "none matches" would be a guess.
  const allRead = findings.length === 0
  if (options.require_needs) findings.push(...needsFindings(workflows, options.require_needs, ctx, allRead))
  if (options.environment_triggers) findings.push(...environmentFindings(workflows, options.environment_triggers === true ? [] : options.environment_triggers.tags, ctx))
  return outcomeOf(findings)
}

/** The jobs `job` needs, directly or through others, in order of discovery (cycles end the walk). */
function ancestors(wf: Workflow, job: WorkflowJob): string[] {
  const byId = new Map(wf.jobs.map((j) => [j.id, j]))
  const seen = new Set<string>()
  const queue = job.needs.map((n) => n.value)
  while (queue.length) {
    const id = queue.shift() as string
    if (seen.has(id)) continue
    seen.add(id)
    for (const n of byId.get(id)?.needs ?? []) queue.push(n.value)
  }
  return [...seen]
}

function needsFindings(workflows: Workflow[], rule: NonNullable<JobsOptions['require_needs']>, ctx: AssertionContext, allRead: boolean): Finding[] {
  const selects = picomatch(rule.jobs)
  const findings: Finding[] = []
  let selected = 0
  for (const wf of workflows) {
    const hasGate = wf.jobs.some((j) => j.id === rule.needs)
    for (const job of wf.jobs) {
      if (job.id === rule.needs || !selects(job.id)) continue
      selected++
      const reached = ancestors(wf, job)
      if (reached.includes(rule.needs)) continue
      const through = reached.length ? `it needs ${reached.join(', ')}` : 'it needs no job'
      const fix = hasGate ? `add ${rule.needs} to its needs: (or to a job it needs)` : `${wf.path} has no job "${rule.needs}": add it and need it here`
      findings.push({
        status: 'fail',
        code: 'JOB_NEEDS_MISSING',
        message: `job "${job.id}" does not need "${rule.needs}", directly or through other jobs (${through}); ${fix}`,
        location: job.needsKey ?? job.location,
      })
    }
  }
  if (selected === 0 && allRead) {
    findings.push({
      status: 'fail',
      code: 'JOBS_NOT_FOUND',
      message: `no job of ${workflows.length} workflow(s) matching the file pattern matches "${rule.jobs}", so nothing is required to need "${rule.needs}"; fix the pattern`,
      location: ctx.matrix.doc.locate([...ctx.declaredPath, 'require_needs', 'jobs']).location,
    })
  }
  return findings
}

function environmentFindings(workflows: Workflow[], tags: readonly string[], ctx: AssertionContext): Finding[] {
  const env = ctx.environment
  // Repository-scoped evaluation has no environment to judge the jobs against.
  if (!env) return []
  if (env.branch === undefined) {
    return [{
      status: 'missing',
      code: 'ENVIRONMENT_BRANCH_UNSET',
      message: `environment "${env.name}" has no branch in the matrix, so which refs may deploy to it is unknown; add branch: to it`,
      location: ctx.matrix.doc.locateKey(['environments', env.name]),
    }]
  }
  const findings: Finding[] = []
  for (const wf of workflows) {
    for (const job of wf.jobs) {
      if (!job.environment) continue
      const candidates = jobEnvironmentCandidates(wf, job)
      // A name only known at run time may be this environment: judged as if it were.
      const deploys = candidates === null
        ? `may deploy to ${env.name} (its environment is ${job.environment.value}, line ${job.environment.location.line})`
        : includesEnvironment(candidates.map((c) => c.name), env.name)
          ? `deploys to ${env.name}`
          : null
      if (deploys === null) continue
      findings.push(...triggerFindings(wf, job, env.branch, tags, deploys))
    }
  }
  return findings
}
