// The change set of a pull request or a push, from the API, with local git past the
// API's caps. When neither can give the full list the change set is `unavailable`, so
// change-dependent gates are blocked rather than judged on a partial diff.
import type { ChangeSet } from '../core/run.js'
import { GitHubUnavailableError } from '../core/github-port.js'
import type { GitHubClient } from './client.js'
import { diffNames, isZeroSha } from './git.js'
import type { RepoRef } from './repo-ref.js'

/** GitHub lists at most this many files of a pull request. */
export const PR_FILES_CAP = 3000
/** The compare API lists at most this many files. */
export const COMPARE_FILES_CAP = 300

export interface PullChangesRequest {
  repo: RepoRef
  number: number
  baseSha: string
  headSha: string
  /** `pull_request.changed_files` from the payload, when known. */
  changedFiles?: number | null
  /** Checkout root, for `git diff base...head` past the cap. */
  root: string
}

/** A note for the log about how the change set was had. */
export interface ChangeSetResult {
  changes: ChangeSet
  note: string
  /** Paths the change adds (status `added`), when the source says; absent when unknown. */
  added?: string[]
}

export async function pullRequestChanges(client: GitHubClient, r: PullChangesRequest): Promise<ChangeSetResult> {
  const files: string[] = []
  const added: string[] = []
  let entries = 0
  try {
    const pages = client.octokit.paginate.iterator('GET /repos/{owner}/{repo}/pulls/{pull_number}/files', {
      owner: r.repo.owner,
      repo: r.repo.repo,
      pull_number: r.number,
      per_page: 100,
    })
    for await (const page of pages) {
      for (const f of page.data) {
        entries++
        files.push(f.filename)
        if (f.status === 'added') added.push(f.filename)
        // A rename changes both paths: gates on the old path must see it too.
        if (f.previous_filename) files.push(f.previous_filename)
      }
    }
  } catch (e) {
    if (e instanceof GitHubUnavailableError) {
      return { changes: { kind: 'unavailable', reason: `the pull request's changed files could not be listed: ${e.message}` }, note: e.message }
    }
    throw e
  }
  const capped = entries >= PR_FILES_CAP || (typeof r.changedFiles === 'number' && r.changedFiles > entries)
  if (!capped) return { changes: { kind: 'files', files: [...new Set(files)].sort() }, note: `${entries} changed files from the pull request files API`, added }
  const local = await diffNames(r.root, r.baseSha, r.headSha, true)
  if (local) {
    const localAdded = (await diffNames(r.root, r.baseSha, r.headSha, true, 'A')) ?? undefined
    return { changes: { kind: 'files', files: local }, note: `the files API stops at ${PR_FILES_CAP} files; ${local.length} changed files from git diff base...head`, added: localAdded }
  }
  return {
    changes: {
      kind: 'unavailable',
      reason: `the pull request changes more than the ${PR_FILES_CAP} files GitHub's API lists and the checkout lacks the history for git diff (use actions/checkout with fetch-depth: 0)`,
    },
    note: `changed files capped at ${PR_FILES_CAP}, no local history`,
  }
}

export interface PushChangesRequest {
  repo: RepoRef
  before: string
  after: string
  root: string
}

export async function pushChanges(client: GitHubClient | null, r: PushChangesRequest): Promise<ChangeSetResult> {
  if (isZeroSha(r.before)) {
    return { changes: { kind: 'unavailable', reason: 'the push created the ref: there is no previous commit to compare with' }, note: 'new ref' }
  }
  const local = await diffNames(r.root, r.before, r.after, false)
  if (local) {
    const added = (await diffNames(r.root, r.before, r.after, false, 'A')) ?? undefined
    return { changes: { kind: 'files', files: local }, note: `${local.length} changed files from git diff before..after`, added }
  }
  if (!client) return { changes: { kind: 'unavailable', reason: 'the checkout lacks the pushed range and no GitHub token was given' }, note: 'no history, no token' }
  try {
    const res = await client.octokit.request('GET /repos/{owner}/{repo}/compare/{basehead}', {
      owner: r.repo.owner,
      repo: r.repo.repo,
      basehead: `${r.before}...${r.after}`,
      // Files come with the first page only; one commit per page keeps it small.
      per_page: 1,
    })
    const files = new Set<string>()
    const added: string[] = []
    for (const f of res.data.files ?? []) {
      files.add(f.filename)
      if (f.status === 'added') added.push(f.filename)
      if (f.previous_filename) files.add(f.previous_filename)
    }
    if ((res.data.files?.length ?? 0) >= COMPARE_FILES_CAP) {
      return {
        changes: { kind: 'unavailable', reason: `the push changes more than the ${COMPARE_FILES_CAP} files the compare API lists and the checkout lacks the history (use fetch-depth: 0)` },
        note: 'compare capped',
      }
    }
    return { changes: { kind: 'files', files: [...files].sort() }, note: `${files.size} changed files from the compare API`, added }
  } catch (e) {
    if (e instanceof GitHubUnavailableError) {
      return { changes: { kind: 'unavailable', reason: `the pushed range could not be compared: ${e.message}` }, note: e.message }
    }
    throw e
  }
}
