// The trusted matrix: the file as it is at the PR's base commit, from local git when the
// checkout has that commit, else from the contents API. The PR's head cannot change it.
import type { GitHubClient } from './client.js'
import { GitHubApiError, GitHubPermissionError } from './errors.js'
import { InputError } from '../core/errors.js'
import { decodeUtf8 } from '../repo/utf8.js'
import { GitHubUnavailableError } from '../core/github-port.js'
import { showFile } from './git.js'
import type { RepoRef } from './repo-ref.js'

export interface BaseContent {
  /** null: the file does not exist at that commit. */
  text: string | null
  source: 'git' | 'api'
}

/** The trusted matrix is read as strictly as any file: invalid UTF-8 is an error at its byte. */
function strictText(bytes: Uint8Array, o: { sha: string; path: string }): string {
  const decoded = decodeUtf8(bytes)
  if (decoded.ok) return decoded.text
  throw new InputError([{ location: { path: o.path, line: decoded.line, column: decoded.column }, message: `at the base commit ${o.sha}, "${o.path}" ${decoded.message}` }])
}

export async function fileAtCommit(
  client: GitHubClient | null,
  o: { repo: RepoRef; sha: string; path: string; root: string },
): Promise<BaseContent> {
  const local = await showFile(o.root, o.sha, o.path)
  if (local !== null) return { text: strictText(local, o), source: 'git' }
  if (!client) throw new GitHubUnavailableError(`the checkout does not hold ${o.sha} and no GitHub token was given to read ${o.path} at it`, 'error')
  try {
    const res = await client.octokit.request('GET /repos/{owner}/{repo}/contents/{path}', {
      owner: o.repo.owner,
      repo: o.repo.repo,
      path: o.path,
      ref: o.sha,
      mediaType: { format: 'raw' },
    })
    const data: unknown = res.data
    if (typeof data === 'string') return { text: data, source: 'api' }
    if (data instanceof ArrayBuffer) return { text: strictText(new Uint8Array(data), o), source: 'api' }
    throw new GitHubApiError(`unexpected response from GET /repos/{owner}/{repo}/contents/{path}: ${o.path} did not come back as a file`, null)
  } catch (e) {
    // 404 on a readable repository: the base has no such file. Whether the head's may stand
    // in is the caller's decision (only when the change set shows the file added).
    if (e instanceof GitHubPermissionError && e.status === 404) return { text: null, source: 'api' }
    throw e
  }
}
