// The trusted matrix: the file as it is at the PR's base commit, from local git when the
// checkout has that commit, else from the contents API. The PR's head cannot change it.
import type { GitHubClient } from './client.js'
import { GitHubApiError, GitHubPermissionError } from './client.js'
import { GitHubUnavailableError } from '../evaluate/github-state.js'
import { showFile } from './git.js'
import type { RepoRef } from './types.js'

export interface BaseContent {
  /** null: the file does not exist at that commit. */
  text: string | null
  source: 'git' | 'api'
}

export async function fileAtCommit(
  client: GitHubClient | null,
  o: { repo: RepoRef; sha: string; path: string; root: string },
): Promise<BaseContent> {
  const local = await showFile(o.root, o.sha, o.path)
  if (local !== null) return { text: local, source: 'git' }
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
    if (data instanceof ArrayBuffer) return { text: Buffer.from(data).toString('utf8'), source: 'api' }
    throw new GitHubApiError(`unexpected response from GET /repos/{owner}/{repo}/contents/{path}: ${o.path} did not come back as a file`, null)
  } catch (e) {
    // 404 on a readable repository: the base has no such file. Whether the head's may stand
    // in is the caller's decision (only when the change set shows the file added).
    if (e instanceof GitHubPermissionError && e.status === 404) return { text: null, source: 'api' }
    throw e
  }
}
