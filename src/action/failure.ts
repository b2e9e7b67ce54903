// A run that ended in an error still leaves its evidence: the file in RUNNER_TEMP, the
// outputs and the job summary, and (when the API may still answer) a failed check run.
// The evidence is the unjudged kind (src/evidence/unjudged.ts): blocked, with the reason.
import * as core from '@actions/core'
import { InputError, UsageError } from '../core/errors.js'
import { GitHubUnavailableError } from '../core/github-port.js'
import type { FindingEvidence } from '../evidence/types.js'
import { unjudgedEvidence } from '../evidence/unjudged.js'
import type { GitHubClient } from '../github/client.js'
import { parseRepository } from '../github/repo-ref.js'
import { type EventContext, readRunnerEnv, type RunnerEnv } from './context.js'
import { defaultEvidenceName } from './evidence-store.js'
import { type ActionInputs, DEFAULT_CHECK_NAME, DEFAULT_MATRIX } from './inputs.js'
import { publish } from './publish.js'
import { isoDay } from '../core/day.js'
import { escapeMarkdown } from '../report/markdown.js'
import { redactText } from '../core/redact.js'

/** What the run had learnt when it failed. */
export interface RunSoFar {
  startedAt: Date
  inputs?: ActionInputs
  runner?: RunnerEnv
  ctx?: EventContext
  client?: GitHubClient | null
  /** Set once the evidence was published: a later failure does not replace it. */
  published?: boolean
}

function unjudgedFindings(err: unknown, matrixPath: string): { code: string; reason: string; findings: FindingEvidence[] } {
  const at = { path: matrixPath }
  if (err instanceof InputError) {
    const findings = err.problems.map((p) => ({ code: 'INPUT_UNUSABLE', status: 'blocked' as const, message: p.message, location: p.location }))
    return { code: 'INPUT_UNUSABLE', reason: `the input is unusable (${err.problems.length} problem${err.problems.length === 1 ? '' : 's'}), so nothing was judged`, findings }
  }
  const message = (err as Error)?.message ?? String(err)
  if (err instanceof UsageError) {
    return { code: 'INPUT_UNUSABLE', reason: `the input is unusable, so nothing was judged: ${message}`, findings: [{ code: 'INPUT_UNUSABLE', status: 'blocked', message, location: at }] }
  }
  if (err instanceof GitHubUnavailableError) {
    const reason = `the GitHub API could not be used, so nothing was judged: ${message}`
    return { code: 'GITHUB_UNAVAILABLE', reason, findings: [{ code: 'GITHUB_UNAVAILABLE', status: 'blocked', message: reason, location: at }] }
  }
  const reason = `gate-matrix failed, so nothing was judged: ${message}`
  return { code: 'INTERNAL_ERROR', reason, findings: [{ code: 'INTERNAL_ERROR', status: 'blocked', message: reason, location: at }] }
}

/** Never throws: the step already fails with the error's own message. */
export async function publishFailure(s: RunSoFar, err: unknown): Promise<void> {
  if (s.published) return
  try {
    let runner = s.runner
    if (!runner) {
      try {
        runner = readRunnerEnv(process.env)
      } catch {
        core.warning('No evidence was written: RUNNER_TEMP or another runner variable is not set')
        return
      }
    }
    const matrixPath = s.inputs?.matrix ?? DEFAULT_MATRIX
    const { reason, findings } = unjudgedFindings(err, matrixPath)
    const evidence = unjudgedEvidence({ matrixPath, matrixText: null, github: s.ctx?.facts.github ?? null, profile: s.inputs?.profile ?? null, reason, findings })
    const unusable = err instanceof InputError || err instanceof UsageError
    const repo = s.ctx?.repo ?? parseRepository(runner.repository)
    await publish({
      evidence,
      runner,
      repo: repo ?? { owner: '', repo: '' },
      headSha: s.ctx?.headSha ?? runner.sha ?? '',
      client: s.client ?? null,
      checkName: s.inputs?.checkName ?? DEFAULT_CHECK_NAME,
      evidenceName:
        s.inputs?.evidenceName ??
        defaultEvidenceName({ environments: s.inputs?.environments ?? [], runAttempt: runner.runAttempt, suffix: s.inputs?.mode === 'merge' ? '-merged' : '' }),
      upload: s.inputs?.uploadEvidence ?? false,
      startedAt: s.startedAt,
      today: isoDay(s.startedAt),
      extraSections: [`### Not judged\n\n${escapeMarkdown(redactText(reason))}.\n`],
      // Unusable input is annotated at its lines by the caller; without the event there is no commit.
      noCheckRun: unusable ? 'the input is unusable (exit code 2)' : !s.ctx || !repo ? 'the event could not be read' : undefined,
    })
  } catch (e) {
    core.warning(`The evidence of this failed run could not be written: ${(e as Error)?.message ?? String(e)}`)
  }
}
