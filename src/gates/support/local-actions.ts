// The local code a workflow runs: the action a step's `uses: ./path` names (GitHub reads
// `action.yml`, else `action.yaml`, in that directory of the checked-out repository), and
// the reusable workflow a job's `uses: ./.github/workflows/x.yml` calls (same commit).
import { loadWorkflow, type WorkflowLoad } from '../../repo/workflows.js'
import type { RepoReader } from '../../repo/reader.js'

/** Whether a `uses:` names a file of this repository (not `owner/repo@ref` or `docker://`). */
export function isLocalAction(uses: string): boolean {
  return uses.startsWith('./')
}

/** The action file of a local `uses:` and its model; `missing` names the first file GitHub would read. */
export function loadLocalAction(repo: RepoReader, uses: string): { path: string; load: WorkflowLoad } {
  const dir = uses.slice(2).replace(/\/+$/, '')
  const candidates = [`${dir}/action.yml`, `${dir}/action.yaml`].map((p) => p.replace(/^\//, ''))
  for (const path of candidates) {
    const load = loadWorkflow(repo, path)
    if (load.kind !== 'missing') return { path, load }
  }
  return { path: candidates[0], load: { kind: 'missing' } }
}

/** The reusable workflow a job-level local `uses:` calls, and its model. */
export function loadLocalWorkflow(repo: RepoReader, uses: string): { path: string; load: WorkflowLoad } {
  const path = uses.slice(2).replace(/^\/+/, '')
  return { path, load: loadWorkflow(repo, path) }
}
