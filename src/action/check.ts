// `mode: check`: one run of the engine on this event. On pull requests (and merge queues)
// the matrix is the base commit's: the head's files are judged by rules the PR cannot edit.
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import * as core from '@actions/core'
import { runCheck } from '../engine/index.js'
import { UsageError } from '../core/errors.js'
import type { Evidence } from '../evidence/types.js'
import { fileAtCommit } from '../github/base-content.js'
import type { GitHubClient } from '../github/client.js'
import { createGitHubState } from '../github/state.js'
import { dispatchTarget, type EventContext, readChangeSet } from './context.js'
import type { ActionInputs, MatrixSource } from './inputs.js'
import { diffMatrices, renderMatrixChanges } from './matrix-changes.js'
import { isZeroSha } from '../github/git.js'

export interface CheckOutcome {
  evidence: Evidence
  extraSections: string[]
  /** The environments asked for (input or dispatch target); empty = all. */
  scope: string[]
}

function defaultSource(ctx: EventContext): MatrixSource {
  return ctx.isPullRequest || ctx.eventName === 'merge_group' ? 'base' : 'head'
}

function readHead(root: string, path: string): string | null {
  try {
    return readFileSync(join(root, path), 'utf8')
  } catch {
    return null
  }
}

interface TrustedMatrix {
  /** undefined: the engine reads the file in the workspace. */
  text: string | undefined
  sections: string[]
}

async function trustedMatrix(inputs: ActionInputs, ctx: EventContext, client: GitHubClient | null, root: string): Promise<TrustedMatrix> {
  const source = inputs.matrixSource ?? defaultSource(ctx)
  if (source === 'head') {
    if (ctx.isPullRequest) core.warning('matrix-source is "head": this pull request is judged by its own matrix and could weaken its gates')
    return { text: undefined, sections: [] }
  }
  const base = ctx.baseSha && !isZeroSha(ctx.baseSha) ? ctx.baseSha : null
  if (!base) throw new UsageError(`input "matrix-source" is "base", but a ${ctx.eventName} run has no base commit: use "head"`)
  const found = await core.group(`Reading the trusted matrix ${inputs.matrix} at the base commit ${base}`, () =>
    fileAtCommit(client, { repo: ctx.repo, sha: base, path: inputs.matrix, root }),
  )
  const head = readHead(root, inputs.matrix)
  if (found.text === null) {
    core.notice(`${inputs.matrix} does not exist at the base commit ${base}: this change adds it, so its own gates apply`)
    return {
      text: undefined,
      sections: [`### Matrix\n\n\`${inputs.matrix}\` does not exist on the base commit: this change introduces it, so it is judged by its own gates.\n`],
    }
  }
  core.info(`Trusted matrix: ${inputs.matrix} at ${base} (from ${found.source === 'git' ? 'the checkout\'s history' : 'the contents API'})`)
  const sections = head !== null && head !== found.text ? [renderMatrixChanges(diffMatrices(found.text, head), inputs.matrix)] : []
  return { text: found.text, sections }
}

export async function checkMode(inputs: ActionInputs, ctx: EventContext, client: GitHubClient | null, root: string, today: string): Promise<CheckOutcome> {
  const matrix = await trustedMatrix(inputs, ctx, client, root)

  const changeSet = await core.group('Reading the change set', async () => {
    const c = await readChangeSet(ctx, client, root)
    core.info(c.note)
    if (c.changes.kind === 'files') for (const f of c.changes.files.slice(0, 500)) core.info(`  ${f}`)
    return c
  })
  const sections = [...matrix.sections]
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
        api: client ? createGitHubState(client, ctx.repo) : null,
        apiUnavailableReason: 'no token was given to the action (input "token")',
        selfCheckName: inputs.checkName,
      },
    })
    core.info(`Verdict ${evidence.verdict}: ${evidence.blockers.length} blockers`)
    return evidence
  })
  return { evidence, extraSections: sections, scope: environments }
}
