// The action's run: read the inputs and the runner's context, evaluate (or merge), then
// publish. The one place that turns an error into a failed step with a clear message:
// unusable input (exit 2, each problem at its file and line) or anything unexpected.
import * as core from '@actions/core'
import { formatProblem, InputError, UsageError } from '../core/errors.js'
import { GitHubUnavailableError } from '../core/github-port.js'
import type { GitHubClient } from '../github/client.js'
import { type CheckOutcome, checkMode } from './check.js'
import { readEventContext, readRunnerEnv } from './context.js'
import { defaultEvidenceName } from './evidence-store.js'
import { readInputs } from './inputs.js'
import { publish } from './publish.js'
import { isoDay } from '../core/day.js'
import { publishFailure, type RunSoFar } from './failure.js'
import { redactText } from '../core/redact.js'

/** Files and lines a runner shows as annotations for an unusable matrix. */
const MAX_PROBLEM_ANNOTATIONS = 10


async function execute(s: RunSoFar): Promise<void> {
  const startedAt = s.startedAt
  const inputs = (s.inputs = readInputs())
  const runner = (s.runner = readRunnerEnv(process.env))
  const ctx = (s.ctx = readEventContext(runner))
  const root = runner.workspace
  let client: GitHubClient | null = null
  if (inputs.token) {
    core.setSecret(inputs.token)
    // Octokit loads only for a run that talks to GitHub.
    const { createGitHubClient } = await import('../github/client.js')
    client = createGitHubClient({ token: inputs.token, baseUrl: runner.apiUrl, log: (line) => core.info(line) })
  }
  s.client = client
  const today = isoDay(startedAt)

  // Merge mode's evidence parser (the evidence schema) loads only for a merge run.
  const outcome: CheckOutcome = inputs.mode === 'merge' ? await (await import('./merge.js')).mergeMode(inputs.evidenceFiles, root) : await checkMode(inputs, ctx, client, root, startedAt)
  const e = outcome.evidence
  const evidenceName =
    inputs.evidenceName ??
    defaultEvidenceName({ environments: outcome.scope, runAttempt: runner.runAttempt, suffix: inputs.mode === 'merge' ? '-merged' : '' })

  await publish({
    evidence: e,
    runner,
    repo: ctx.repo,
    headSha: ctx.headSha,
    client,
    checkName: inputs.checkName,
    evidenceName,
    upload: inputs.uploadEvidence,
    startedAt,
    today,
    extraSections: outcome.extraSections,
    ...(outcome.probes?.length ? { probes: outcome.probes } : {}),
  })
  s.published = true
  if (client) core.info(`GitHub API requests: ${client.requestCount} of a budget of ${client.maxRequests}`)

  if (e.verdict === 'blocked') {
    const first = e.blockers.slice(0, 3).map((b) => `${b.environment}/${b.gate_id}: ${b.code}`)
    core.setFailed(`gate-matrix: blocked by ${e.blockers.length} blocker${e.blockers.length === 1 ? '' : 's'} (${first.join('; ')}${e.blockers.length > 3 ? '; …' : ''}); see the job summary`)
  } else {
    core.info('gate-matrix: clean')
  }
}

export async function run(): Promise<void> {
  const soFar: RunSoFar = { startedAt: new Date() }
  try {
    await execute(soFar)
  } catch (err) {
    // Whatever went wrong, nothing downstream may read this run as clean.
    core.setOutput('verdict', 'blocked')
    if (err instanceof InputError) {
      for (const p of err.problems.slice(0, MAX_PROBLEM_ANNOTATIONS)) {
        core.error(p.message, { title: 'gate-matrix: unusable input', file: p.location.path, startLine: p.location.line, startColumn: p.location.column })
      }
      core.setFailed(`gate-matrix: unusable input:\n${err.problems.map(formatProblem).join('\n')}`)
      process.exitCode = 2
    } else if (err instanceof UsageError) {
      core.setFailed(`gate-matrix: ${err.message}`)
      process.exitCode = 2
    } else if (err instanceof GitHubUnavailableError) {
      core.setFailed(`gate-matrix: the GitHub API could not be used, so nothing was judged: ${redactText(err.message)}`)
    } else {
      // The stack is for whoever debugs gate-matrix (ACTIONS_STEP_DEBUG), not the user.
      core.debug((err as Error)?.stack ?? String(err))
      core.setFailed(`gate-matrix: unexpected error: ${redactText((err as Error)?.message ?? String(err))}`)
    }
    await publishFailure(soFar, err)
  }
}
