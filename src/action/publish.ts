// Hands a run's evidence to everyone who reads it, in an order that never loses it:
// the file on disk first, then the artifact, the check run (or, without checks: write,
// workflow-command annotations), the job summary and the step outputs.
import * as core from '@actions/core'
import type { Evidence, RunEnvelope } from '../evidence/types.js'
import type { ProbeRecord } from '../core/live-port.js'
import type { GitHubClient } from '../github/client.js'
import { GitHubPermissionError } from '../github/errors.js'
import { CHECK_OUTPUT_MAX_CHARS, publishCheckRun } from '../github/check-run.js'
import type { RepoRef } from '../github/repo-ref.js'
import { toAnnotations } from '../report/annotations.js'
import { escapeMarkdown, renderMarkdown } from '../report/markdown.js'
import { VERSION } from '../core/version.js'
import { redactText } from '../core/redact.js'
import { emitWorkflowAnnotations } from './fallback.js'
import { uploadEvidence, type UploadOutcome, writeEvidence } from './evidence-store.js'
import type { RunnerEnv } from './context.js'
import { appendStepSummary } from './step-summary.js'

/** GitHub keeps a job's outputs under 1 MiB in all; blockers-json stays well inside. */
const MAX_BLOCKERS_JSON = 256 * 1024

export interface PublishRequest {
  evidence: Evidence
  runner: RunnerEnv
  repo: RepoRef
  /** The commit annotated and linked to. */
  headSha: string
  client: GitHubClient | null
  checkName: string
  evidenceName: string
  upload: boolean
  startedAt: Date
  /** The day graduation and waivers were judged against. */
  today: string
  /** Trusted markdown sections of the caller (matrix changes, change-set notes). */
  extraSections: string[]
  /** Set: no check run and no annotations from here (the caller annotated), for this reason. */
  noCheckRun?: string
  /** The live probes' timings: the envelope keeps them, the evidence never does. */
  probes?: ProbeRecord[]
}

export interface Published {
  evidencePath: string
  checkRunId: number | null
  upload: UploadOutcome | null
}

function envelopeOf(r: PublishRequest, finishedAt: Date): RunEnvelope {
  return {
    schema: 'gate-matrix/run@1',
    evidence_digest: r.evidence.digest,
    tool: { name: 'gate-matrix', version: VERSION },
    run_id: r.runner.runId,
    run_attempt: r.runner.runAttempt,
    started_at: r.startedAt.toISOString(),
    finished_at: finishedAt.toISOString(),
    evaluated_on: r.today,
    runner: { os: r.runner.runnerOs, name: r.runner.runnerName, node: process.version },
    surface: 'action',
    ...(r.probes?.length ? { probes: r.probes } : {}),
  }
}

function runUrl(r: PublishRequest): string | null {
  return r.runner.runId ? `${r.runner.serverUrl}/${r.runner.repository}/actions/runs/${r.runner.runId}` : null
}

function artifactUrl(r: PublishRequest, id: number): string | null {
  const run = runUrl(r)
  return run ? `${run}/artifacts/${id}` : null
}

function evidenceSection(r: PublishRequest, path: string, upload: UploadOutcome | null): string {
  const lines = ['### Evidence', '', `- digest \`${r.evidence.digest}\``, `- written to \`${path}\``]
  if (!upload) lines.push('- not uploaded (`upload-evidence: false`)')
  else if (upload.ok) {
    const url = artifactUrl(r, upload.id)
    lines.push(`- artifact ${url ? `[\`${r.evidenceName}\`](${url})` : `\`${r.evidenceName}\``} (id ${upload.id})`)
  } else {
    lines.push(`- :warning: **the upload of artifact \`${r.evidenceName}\` failed:** ${escapeMarkdown(upload.error)}. The verdict stands; the file above is the evidence of this run.`)
  }
  return `${lines.join('\n')}\n`
}

function artifactNote(r: PublishRequest, upload: UploadOutcome | null): string {
  if (upload?.ok) {
    const url = artifactUrl(r, upload.id)
    return `The full evidence is in the artifact ${url ? `[\`${r.evidenceName}\`](${url})` : `\`${r.evidenceName}\``}.`
  }
  return 'The full evidence is in the evidence file this step wrote (see the step log).'
}

function setOutputs(e: Evidence, p: Published): void {
  core.setOutput('verdict', e.verdict)
  core.setOutput('blockers', String(e.blockers.length))
  let blockers = e.blockers.map((b) => ({ ...b, message: redactText(b.message) }))
  let json = JSON.stringify(blockers)
  while (json.length > MAX_BLOCKERS_JSON && blockers.length > 1) {
    blockers = blockers.slice(0, Math.floor(blockers.length / 2))
    json = JSON.stringify(blockers)
  }
  if (blockers.length < e.blockers.length) core.warning(`blockers-json holds the first ${blockers.length} of ${e.blockers.length} blockers (output size limit); the evidence file has them all`)
  core.setOutput('blockers-json', json)
  core.setOutput('evidence-path', p.evidencePath)
  core.setOutput('evidence-digest', e.digest)
  core.setOutput('artifact-id', p.upload?.ok ? String(p.upload.id) : '')
  core.setOutput('artifact-error', p.upload && !p.upload.ok ? p.upload.error : '')
  core.setOutput('check-run-id', p.checkRunId === null ? '' : String(p.checkRunId))
}

export async function publish(r: PublishRequest): Promise<Published> {
  const e = r.evidence
  // 1. Disk, before anything that can fail.
  const written = writeEvidence(r.runner.runnerTemp, r.evidenceName, e, envelopeOf(r, new Date()))
  core.info(`Evidence ${e.digest} written to ${written.evidencePath}`)

  // 2. Artifact.
  let upload: UploadOutcome | null = null
  if (r.upload) {
    upload = await core.group(`Uploading evidence artifact ${r.evidenceName}`, () => uploadEvidence(r.evidenceName, written))
    if (upload.ok) core.info(`Uploaded artifact ${r.evidenceName} (id ${upload.id}, ${upload.size} bytes)`)
    else core.warning(`The evidence artifact ${r.evidenceName} could not be uploaded: ${upload.error}. The verdict is unchanged; the evidence is at ${written.evidencePath}.`)
  }

  // 3. Check run with annotations, or the fallback.
  const annotations = toAnnotations(e)
  const notes: string[] = []
  let checkRunId: number | null = null
  let fallback: string | null = null
  if (r.noCheckRun !== undefined) notes.push(`### Annotations\n\nNo check run was created: ${r.noCheckRun}.\n`)
  else if (!r.client) fallback = 'no token was given'
  else {
    const client = r.client
    const title = e.verdict === 'clean' ? 'All gates pass' : `${e.blockers.length} blocker${e.blockers.length === 1 ? '' : 's'}`
    try {
      const res = await core.group(`Creating check run "${r.checkName}" on ${r.headSha} with ${annotations.length} annotations`, () =>
        publishCheckRun(client, {
          repo: r.repo,
          name: r.checkName,
          headSha: r.headSha,
          conclusion: e.verdict === 'clean' ? 'success' : 'failure',
          title,
          summary: renderMarkdown(e, {
            serverUrl: r.runner.serverUrl,
            repository: r.runner.repository,
            sha: r.headSha,
            maxBytes: CHECK_OUTPUT_MAX_CHARS,
            artifactNote: artifactNote(r, upload),
          }),
          detailsUrl: runUrl(r) ?? undefined,
          annotations,
        }),
      )
      checkRunId = res.id
      core.info(`Check run ${res.id} created (${res.requests} request${res.requests === 1 ? '' : 's'})`)
    } catch (err) {
      fallback =
        err instanceof GitHubPermissionError
          ? `the token may not create check runs (HTTP ${err.status}; a pull request from a fork gets a read-only token, or the workflow lacks \`permissions: checks: write\`)`
          : `the check run could not be created: ${(err as Error).message}`
      core.warning(`No check run: ${fallback.replace(/`/g, '')}. Findings are annotated on this step instead.`)
    }
  }
  if (fallback !== null && annotations.length) {
    const { sent, dropped } = emitWorkflowAnnotations(annotations)
    notes.push(
      `### Annotations\n\nNo check run was created: ${fallback}. The ${sent} most important findings are annotated on this step${dropped ? `; ${dropped} more are listed above and in the evidence` : ''}.\n`,
    )
  }

  // 4. Job summary.
  const summary = renderMarkdown(e, {
    serverUrl: r.runner.serverUrl,
    repository: r.runner.repository,
    sha: r.headSha,
    extraSections: [...r.extraSections, ...notes, evidenceSection(r, written.evidencePath, upload)],
    artifactNote: artifactNote(r, upload),
  })
  try {
    appendStepSummary(summary)
  } catch (err) {
    core.warning(`The job summary could not be written: ${(err as Error).message}`)
  }

  // 5. Outputs.
  const published = { evidencePath: written.evidencePath, checkRunId, upload }
  setOutputs(e, published)
  return published
}
