// Which matrix a run on a base commit is judged by. The base's matrix, when it can be
// read; the head's only when the base has none AND the change set itself shows the
// matrix added (a PR that introduces it). Anything else (a 404 the change set does not
// explain, 401/403/5xx, a hang, a malformed, oversized or binary answer) leaves the run
// unjudged and blocked: a failure to read the base is never a reason to trust the head.
import { GitHubUnavailableError } from '../core/github-port.js'
import { fileAtCommit } from '../github/base-content.js'
import type { GitHubClient } from '../github/client.js'
import type { RepoRef } from '../github/repo-ref.js'
import { normalizeRepoPath } from '../repo/paths.js'
import type { RepoReader } from '../repo/reader.js'
import type { ChangeSetInfo } from './context.js'
import { diffMatrices, renderMatrixChanges } from './matrix-changes.js'

export type BaseRead =
  | { kind: 'found'; text: string; source: 'git' | 'api' }
  | { kind: 'absent' }
  | { kind: 'failed'; message: string }

export async function readBaseMatrix(client: GitHubClient | null, o: { repo: RepoRef; sha: string; path: string; root: string }): Promise<BaseRead> {
  try {
    const found = await fileAtCommit(client, o)
    return found.text === null ? { kind: 'absent' } : { kind: 'found', text: found.text, source: found.source }
  } catch (e) {
    if (e instanceof GitHubUnavailableError) return { kind: 'failed', message: e.message }
    throw e
  }
}

export type TrustedMatrix =
  /** `text` undefined: the engine reads the head's file through the repository reader. */
  | { kind: 'ok'; text: string | undefined; sections: string[]; note: string }
  /** The run cannot be judged; `code` is the finding's reason code. */
  | { kind: 'unjudged'; code: 'GITHUB_UNAVAILABLE' | 'FILE_UNREADABLE' | 'MATRIX_NOT_ON_BASE'; reason: string; text: string | null }

export function decideMatrix(base: BaseRead, o: { path: string; baseSha: string; changeSet: ChangeSetInfo; repo: RepoReader }): TrustedMatrix {
  const path = normalizeRepoPath(o.path)
  const at = `${path} at the base commit ${o.baseSha}`
  if (base.kind === 'failed') {
    return { kind: 'unjudged', code: 'GITHUB_UNAVAILABLE', reason: `the trusted matrix ${at} could not be read, so nothing was judged: ${base.message}`, text: null }
  }
  if (base.kind === 'absent') {
    const c = o.changeSet
    if (c.changes.kind === 'files' && c.added?.map(normalizeRepoPath).includes(path)) {
      return {
        kind: 'ok',
        text: undefined,
        note: `${path} does not exist at the base commit ${o.baseSha} and this change adds it, so its own gates apply`,
        sections: [`### Matrix\n\n\`${path}\` does not exist on the base commit and this change adds it, so it is judged by its own gates.\n`],
      }
    }
    const why =
      c.changes.kind !== 'files'
        ? `the changed files are unknown (${c.changes.kind === 'unavailable' ? c.changes.reason : 'this run has no diff'})`
        : c.added === undefined
          ? 'the change set does not say which files it adds'
          : `this change does not add ${path}`
    return {
      kind: 'unjudged',
      code: 'MATRIX_NOT_ON_BASE',
      reason: `${at} was not found, and ${why}: the base matrix cannot be read, and the head's is trusted only when the change adds it (check the token's access and the "matrix" input)`,
      text: null,
    }
  }
  const accepted = o.repo.accept(path, Buffer.from(base.text, 'utf8'))
  if (accepted.kind !== 'ok') {
    const problem = accepted.kind === 'error' ? accepted.message : 'missing'
    return { kind: 'unjudged', code: 'FILE_UNREADABLE', reason: `the trusted matrix ${at} is unusable, so nothing was judged: ${problem}`, text: null }
  }
  const head = o.repo.read(path)
  const sections = head.kind === 'ok' && head.text !== accepted.text ? [renderMatrixChanges(diffMatrices(accepted.text, head.text), path)] : []
  return { kind: 'ok', text: accepted.text, sections, note: `Trusted matrix: ${at} (from ${base.source === 'git' ? "the checkout's history" : 'the contents API'})` }
}
