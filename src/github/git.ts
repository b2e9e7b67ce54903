// Local git, for when the checkout has the history: it answers without API requests
// and past the API's file caps. Every call is read-only and bounded.

const MAX_BUFFER = 64 * 1024 * 1024
/** A partial clone fetches missing objects over the network: bound every call. */
const TIMEOUT_MS = 60_000

// Loaded on the first call: most runs never ask git, and child_process costs a start about 2.5 ms.
const childProcess = () => import('node:child_process')

async function git(root: string, args: string[]): Promise<string | null> {
  const { execFile } = await childProcess()
  return new Promise((resolve) => {
    execFile('git', args, { cwd: root, maxBuffer: MAX_BUFFER, timeout: TIMEOUT_MS, encoding: 'utf8' }, (err, stdout) => {
      resolve(err ? null : stdout)
    })
  })
}

/** The all-zero SHA GitHub sends for "no commit" (a created or deleted ref). */
export function isZeroSha(sha: string): boolean {
  return /^0+$/.test(sha)
}

/** Whether the checkout at root holds this commit (a shallow clone usually does not hold the base). */
export async function hasCommit(root: string, sha: string): Promise<boolean> {
  return (await git(root, ['cat-file', '-e', `${sha}^{commit}`])) !== null
}

/** The file's bytes at that commit (decoded by the caller, strictly); null when the commit or the file is not there. */
export async function showFile(root: string, sha: string, path: string): Promise<Buffer | null> {
  if (!(await hasCommit(root, sha))) return null
  const { execFile } = await childProcess()
  return new Promise((resolve) => {
    execFile('git', ['show', `${sha}:${path}`], { cwd: root, maxBuffer: MAX_BUFFER, timeout: TIMEOUT_MS, encoding: 'buffer' }, (err, stdout) => {
      resolve(err ? null : stdout)
    })
  })
}

/** Paths changed between two commits (`three`: from their merge base, as a PR sees it);
 * null when either commit is missing or there is no merge base. `filter`: git's
 * --diff-filter, e.g. 'A' for the added paths only. */
export async function diffNames(root: string, base: string, head: string, three: boolean, filter?: string): Promise<string[] | null> {
  if (!(await hasCommit(root, base)) || !(await hasCommit(root, head))) return null
  const out = await git(root, ['diff', '--name-only', '--no-renames', '-z', ...(filter ? [`--diff-filter=${filter}`] : []), three ? `${base}...${head}` : `${base}..${head}`])
  if (out === null) return null
  return out.split('\0').filter((p) => p.length > 0).sort()
}
