// `mode: check`: one run of the engine on this event. On pull requests (and merge queues)
// the matrix is the base commit's: the head's files are judged by rules the PR cannot edit.
import { isoDay } from '../core/day.js'
import * as core from '@actions/core'
import type { ProbeRecord } from '../core/live-port.js'
import { runCheck } from '../engine/index.js'
import { UsageError } from '../core/errors.js'
import type { Evidence } from '../evidence/types.js'
import type { GitHubClient } from '../github/client.js'
import { createGitHubState } from '../github/state.js'
import { dispatchTarget, type EventContext, readChangeSet } from './context.js'
import type { ActionInputs, MatrixSource } from './inputs.js'
import { type BaseRead, decideMatrix, readBaseMatrix, type TrustedMatrix } from './trusted-matrix.js'
import { unjudgedEvidence } from '../evidence/unjudged.js'
import { RepoReader } from '../repo/reader.js'
import { escapeMarkdown } from '../report/markdown.js'
import { isZeroSha } from '../github/git.js'
import { redactText } from '../core/redact.js'

export interface CheckOutcome {
  evidence: Evidence
  /** What the live probes did (timings), for the run envelope. */
  probes?: ProbeRecord[]
  extraSections: string[]
  /** The environments asked for (input or dispatch target); empty = all. */
  scope: string[]
}

function defaultSource(ctx: EventContext): MatrixSource {
  return ctx.isPullRequest || ctx.eventName === 'merge_group' ? 'base' : 'head'
}

export async function checkMode(inputs: ActionInputs, ctx: EventContext, client: GitHubClient | null, root: string, startedAt: Date): Promise<CheckOutcome> {
  const today = isoDay(startedAt)
  const source = inputs.matrixSource ?? defaultSource(ctx)
  let base: { sha: string; read: BaseRead } | null = null
  if (source === 'head') {
    if (ctx.isPullRequest) core.warning('matrix-source is "head": this pull request is judged by its own matrix and could weaken its gates')
  } else {
    const sha = ctx.baseSha && !isZeroSha(ctx.baseSha) ? ctx.baseSha : null
    if (!sha) throw new UsageError(`input "matrix-source" is "base", but a ${ctx.eventName} run has no base commit: use "head"`)
    const read = await core.group(`Reading the trusted matrix ${inputs.matrix} at the base commit ${sha}`, () =>
      readBaseMatrix(client, { repo: ctx.repo, sha, path: inputs.matrix, root }),
    )
    base = { sha, read }
  }

  const changeSet = await core.group('Reading the change set', async () => {
    const c = await readChangeSet(ctx, client, root)
    core.info(c.note)
    if (c.changes.kind === 'files') for (const f of c.changes.files.slice(0, 500)) core.info(`  ${f}`)
    return c
  })

  const repo = new RepoReader(root)
  const matrix: TrustedMatrix = base
    ? decideMatrix(base.read, { path: inputs.matrix, baseSha: base.sha, changeSet, repo })
    : { kind: 'ok', text: undefined, sections: [], note: `Matrix: ${inputs.matrix} in the workspace` }
  if (matrix.kind === 'ok') core.info(matrix.note)
  const sections = matrix.kind === 'ok' ? [...matrix.sections] : []
  if (changeSet.changes.kind === 'unavailable') {
    core.warning(`Change-dependent gates are blocked: ${changeSet.changes.reason}`)
    sections.push(`### Change set\n\nThe changed files are unknown: ${changeSet.changes.reason}. Gates that depend on them are blocked.\n`)
  }

  let environments = inputs.environments
  if (!environments.length && ctx.eventName === 'workflow_dispatch') {
    const target = dispatchTarget(ctx.facts)
    if (target) {
      core.info(`Promotion target from the dispatch inputs: ${target}`)
      environments = [target]
    }
  }

  if (matrix.kind === 'unjudged') {
    core.error(`Nothing was judged: ${redactText(matrix.reason)}`)
    const evidence = unjudgedEvidence({
      matrixPath: inputs.matrix,
      matrixText: matrix.text,
      github: ctx.facts.github,
      profile: inputs.profile,
      reason: matrix.reason,
      findings: [{ code: matrix.code, status: 'blocked', message: matrix.reason, location: { path: inputs.matrix } }],
    })
    sections.unshift(`### Matrix\n\nNothing was judged: ${escapeMarkdown(redactText(matrix.reason))}.\n`)
    return { evidence, extraSections: sections, scope: environments }
  }

  // The probing code (undici among it) loads only for a run that opts in.
  const live = inputs.live ? (await import('../live/port.js')).createLivePort() : null
  const evidence = await core.group(`Evaluating ${inputs.matrix} for ${environments.length ? environments.join(', ') : 'every environment'}`, async () => {
    const { evidence } = await runCheck({
      root,
      matrixPath: inputs.matrix,
      matrixText: matrix.text,
      run: {
        github: ctx.facts.github,
        inputs: ctx.facts.inputs,
        changes: changeSet.changes,
        profile: inputs.profile,
        environments,
        today,
        now: startedAt.toISOString(),
        api: client ? createGitHubState(client, ctx.repo) : null,
        apiUnavailableReason: 'no token was given to the action (input "token")',
        selfCheckName: inputs.checkName,
        live,
      },
    })
    core.info(`Verdict ${evidence.verdict}: ${evidence.blockers.length} blockers`)
    return evidence
  })
  return { evidence, extraSections: sections, scope: environments, ...(live ? { probes: live.probes() } : {}) }
}
