// Paths in the matrix never leave the repository: no absolute paths, no `..`, and
// (checked on read) no symlink that resolves outside the root.

/** Why `p` is not an acceptable repository-relative path, or null when it is. */
export function repoPathProblem(p: string): string | null {
  if (p.length === 0) return 'the path is empty'
  if (p.includes('\0')) return 'the path contains a NUL byte'
  if (p.startsWith('/') || /^[A-Za-z]:[\\/]/.test(p) || p.startsWith('\\')) {
    return `"${p}" is absolute; write it relative to the repository root`
  }
  if (p.split(/[\\/]/).includes('..')) return `"${p}" leaves the repository (".." is not allowed)`
  return null
}

/** What normalizeRepoPath changes: a backslash, an empty segment, a `.` segment. */
const NOT_NORMAL = /\\|^\/|\/$|\/\/|(?:^|\/)\.(?:\/|$)/

/** Normalise a repository-relative path: forward slashes, no "./", no trailing slash. */
export function normalizeRepoPath(p: string): string {
  // Most paths are normal already (it runs for every read): no split and join for them.
  if (!NOT_NORMAL.test(p)) return p
  return p
    .replace(/\\/g, '/')
    .split('/')
    .filter((seg) => seg !== '' && seg !== '.')
    .join('/')
}
