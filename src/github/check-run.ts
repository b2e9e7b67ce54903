// The check run on the head SHA: created completed with the first 50 annotations, then
// one PATCH per further 50 (the API's limit per request appends them).
import type { GitHubClient } from './client.js'
import type { RepoRef } from './repo-ref.js'
import type { Annotation } from '../core/github-port.js'


/** GitHub's limit of annotations per create/update request. */
export const ANNOTATIONS_PER_REQUEST = 50
/** GitHub's limit for output.summary and output.text, in characters. */
export const CHECK_OUTPUT_MAX_CHARS = 65_535

export interface CheckRunRequest {
  repo: RepoRef
  name: string
  headSha: string
  conclusion: 'success' | 'failure' | 'neutral'
  title: string
  summary: string
  text?: string
  detailsUrl?: string
  annotations: Annotation[]
}

export interface CheckRunResult {
  id: number
  url: string | null
  /** Requests this took (1 + one per further batch). */
  requests: number
}

function clip(text: string): string {
  return text.length <= CHECK_OUTPUT_MAX_CHARS ? text : `${text.slice(0, CHECK_OUTPUT_MAX_CHARS - 2)}\n…`
}

export async function publishCheckRun(client: GitHubClient, r: CheckRunRequest): Promise<CheckRunResult> {
  const output = { title: r.title.slice(0, 255), summary: clip(r.summary), ...(r.text ? { text: clip(r.text) } : {}) }
  const batches: Annotation[][] = []
  for (let i = 0; i < r.annotations.length; i += ANNOTATIONS_PER_REQUEST) {
    batches.push(r.annotations.slice(i, i + ANNOTATIONS_PER_REQUEST))
  }
  const created = await client.octokit.request('POST /repos/{owner}/{repo}/check-runs', {
    owner: r.repo.owner,
    repo: r.repo.repo,
    name: r.name,
    head_sha: r.headSha,
    status: 'completed',
    conclusion: r.conclusion,
    completed_at: new Date().toISOString(),
    ...(r.detailsUrl ? { details_url: r.detailsUrl } : {}),
    output: { ...output, ...(batches[0] ? { annotations: batches[0] } : {}) },
  })
  const id = Number(created.data.id)
  for (const batch of batches.slice(1)) {
    await client.octokit.request('PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}', {
      owner: r.repo.owner,
      repo: r.repo.repo,
      check_run_id: id,
      // title and summary are required with output; annotations are appended.
      output: { ...output, annotations: batch },
    })
  }
  return { id, url: created.data.html_url ?? null, requests: Math.max(1, batches.length) }
}
