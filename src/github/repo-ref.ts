// Shapes shared by the src/github modules.

/** owner/name of the repository the run is about. */
export interface RepoRef {
  owner: string
  repo: string
}

export function parseRepository(full: string): RepoRef | null {
  const m = /^([^/\s]+)\/([^/\s]+)$/.exec(full)
  return m ? { owner: m[1], repo: m[2] } : null
}
