// Where a reference in a doc may point, read the way people write docs (measured on real
// repositories): a code span names a repository path only when it has a
// directory that exists (at the root or beside the doc), since bare names (`prometheus.yml`,
// `Node.js`, `.tar.gz`) are the reader's files, products or extensions, and paths under a
// directory this repository lacks are build outputs or other repositories' files; a link may
// be a docs-site route (`../basics/`, `/guide/install`) to `basics.md`, `basics/index.md` or
// `basics/README.md` or Hugo's `basics/_index.md` (or `.html` for `.md`), under Hugo's `content/`, also under the doc's top-level folder and its
// `public/` or `static/` assets (VitePress, Docusaurus).
import { posix } from 'node:path'
import type { RepoReader } from './reader.js'

/** Placeholders people write in example paths: `NNNN-title.md`, `x_…_arm64.tar.gz`. */
const PLACEHOLDER = /(^|[^A-Za-z])(N{3,}|X{3,}|x{3,}|Y{4}|…|\.\.\.)([^A-Za-z]|$)/

/** `judge`: false when the token is not a claim about this repository's files at all. */
export type CodeTarget = { judge: false } | { judge: true; candidates: string[] }

/** The judge of the paths one doc cites in code. */
export function codeTargets(docFile: string, repo: RepoReader): (path: string) => CodeTarget {
  const docDir = posix.dirname(docFile)
  const ignores = gitignores(repo)
  return (path) => {
    const slash = path.indexOf('/')
    if (slash < 0 || PLACEHOLDER.test(path)) return { judge: false }
    const first = path.slice(0, slash)
    if (!repo.isDirectory(first) && !(docDir !== '.' && repo.isDirectory(`${docDir}/${first}`))) return { judge: false }
    // A path the repository ignores is a build output (`web/ui/static`, `.husky/_`), never committed.
    if (ignoredByGit(path, repo, ignores)) return { judge: false }
    return { judge: true, candidates: docDir === '.' ? [path] : [path, `${docDir}/${path}`] }
  }
}

/** Files a site generates (feeds, sitemaps): a link to one names no file of the repository. */
const GENERATED = /(^|\/)(feed|rss|atom|sitemap|index)\.xml$/

/** Whether a link names a file that exists (`exists` asks the repository); null when it names
 * no file of the repository at all. Most links point at the file as written: that first
 * candidate is tried before the other routes are spelled out. */
export function linkResolves(path: string, raw: string, docFile: string, exists: (path: string) => boolean): boolean | null {
  if (GENERATED.test(path)) return null
  return exists(path.replace(/\/+$/, '')) || linkCandidates(path, raw, docFile).some(exists)
}

/** The files a link may mean: its resolved `path` (first, as written), or a docs-site route
 * to a page. A site serves `a/b.md` at `a/b/`, so a relative `raw` link (`../basics/`) may
 * also be read from there. */
export function linkCandidates(path: string, raw: string, docFile: string): string[] {
  const pages = (p: string) => {
    const bare = p.replace(/\/+$/, '')
    // A site serves a page's `.md` as `.html` (or without an extension).
    const page = bare.replace(/\.html$/, '')
    // `…/index/` is the section page itself.
    const section = /\/index$/.test(page) ? [`${page.slice(0, -6)}/_index.md`, `${page.slice(0, -6)}.md`] : []
    return [bare, `${page}.md`, `${page}/index.md`, `${page}/README.md`, `${page}/_index.md`, ...section]
  }
  const top = docFile.includes('/') ? docFile.split('/')[0] : null
  const target = raw.replace(/[#?].*$/, '')
  // Site roots: the docs folder itself, and its `public/` assets (VitePress, Docusaurus `static/`).
  const underTop = top && !path.startsWith(`${top}/`) ? [...pages(`${top}/${path}`), `${top}/public/${path}`, `${top}/static/${path}`] : []
  // Hugo: a site's pages live under its `content/` folder (`www/content/…`).
  const content = /^((?:.*\/)?content)\//.exec(docFile)?.[1]
  const underContent = content && target.startsWith('/') ? pages(`${content}/${path}`) : []
  const asRoute = target && !target.startsWith('/') && !/^[a-z][a-z0-9+.-]*:/i.test(target) ? pages(posix.join(docFile.replace(/\.mdx?$/i, ''), target)) : []
  return [...new Set([...pages(path), ...underTop, ...underContent, ...asRoute])]
}

/** What the run has read of the `.gitignore` files: each folder's plain entries, and each
 * path's answer (docs cite the same paths again and again). */
interface Gitignores {
  folders: Map<string, string[]>
  paths: Map<string, boolean>
}

function gitignores(repo: RepoReader): Gitignores {
  return repo.memo('doc-targets-gitignores', '.gitignore', () => ({ folders: new Map(), paths: new Map() }))
}

/** Whether a `.gitignore` of the root or of a folder on the way ignores `path`: its plain
 * entries (no glob, no `!`) as folder or file names from that folder (`/web/ui/static`,
 * `dist/`, `.husky/.gitignore`'s `_`), each file read once per run. */
function ignoredByGit(path: string, repo: RepoReader, ignores: Gitignores): boolean {
  let ignored = ignores.paths.get(path)
  if (ignored !== undefined) return ignored
  ignored = false
  // Each folder on the way, from the root: `path` cut before each of its slashes.
  let cut = -1
  do {
    const dir = path.slice(0, Math.max(cut, 0))
    const rest = path.slice(cut + 1)
    if (plainIgnores(dir, repo, ignores).some((e) => rest === e || rest.startsWith(`${e}/`))) ignored = true
    cut = path.indexOf('/', cut + 1)
  } while (cut >= 0 && !ignored)
  ignores.paths.set(path, ignored)
  return ignored
}

function plainIgnores(dir: string, repo: RepoReader, ignores: Gitignores): string[] {
  let entries = ignores.folders.get(dir)
  if (entries) return entries
  const read = repo.read(dir ? `${dir}/.gitignore` : '.gitignore')
  entries =
    read.kind !== 'ok'
      ? []
      : read.text
          .split(/\r?\n/)
          .map((l) => l.trim())
          .filter((l) => l && !l.startsWith('#') && !l.startsWith('!') && !/[*?[\]]/.test(l))
          .map((l) => l.replace(/^\/+/, '').replace(/\/+$/, ''))
          .filter((l) => l.includes('/') || !l.includes('.'))
  ignores.folders.set(dir, entries)
  return entries
}
