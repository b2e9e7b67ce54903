// The local action a step's `uses: ./path` names: GitHub reads `action.yml`, else
// `action.yaml`, in that directory of the checked-out repository (the workspace root).
import { loadWorkflow, type WorkflowLoad } from '../../repo/workflows.js'
import type { RepoReader } from '../../repo/reader.js'

/** Whether a step's `uses:` names an action in this repository (not `owner/repo@ref` or `docker://`). */
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
