// The repository reader: every file the engine looks at goes through here, so the
// root confinement, size limit, binary refusal and caching live in one place.
import { type Dirent, lstatSync, readdirSync, realpathSync, statSync } from 'node:fs'
import { join, sep } from 'node:path'
import { BoundedCache } from '../core/bounded-cache.js'
import { ScanBudget } from '../core/scan-budget.js'
import { compileGlob, hasGlobChars, literalPrefix } from './glob.js'
import { normalizeRepoPath, repoPathProblem } from './paths.js'
import { decodeUtf8 } from './utf8.js'
import { readRegularFile, tooLarge } from './regular-file.js'
import { parsePositioned, type PositionedDocument } from './yaml.js'

export const DEFAULT_MAX_FILE_BYTES = 5 * 1024 * 1024

/** Directories never listed by globs: VCS metadata and installed dependencies. */
const SKIPPED_DIRS = new Set(['.git', 'node_modules'])

export type ReadResult =
  | { kind: 'ok'; text: string }
  | { kind: 'missing' }
  /** Present but unusable: outside the root, binary, too large, unreadable, not UTF-8
   * (`line`/`column`: where the first invalid byte is). */
  | { kind: 'error'; message: string; line?: number; column?: number }

/** Real paths kept per reader (a path found again after a clear is resolved again). */
const PATHS_KEPT = 100_000

/** Whether nothing is at `path` (ENOENT): realpath would fail there too. */
function absent(path: string): boolean {
  try {
    return lstatSync(path, { throwIfNoEntry: false }) === undefined
  } catch {
    return false
  }
}

/** The path of `name` in the folder at `realDir`, written as realpath writes it. */
function childPath(realDir: string, name: string): string {
  return realDir.endsWith(sep) ? realDir + name : realDir + sep + name
}

export class RepoReader {
  readonly root: string
  private readonly realRoot: string
  private readonly maxBytes: number
  private readonly texts = new Map<string, ReadResult>()
  private readonly docs = new Map<string, PositionedDocument>()
  private listing: string[] | undefined
  private readonly dirEntries = new Map<string, Dirent[]>()
  private readonly entriesByName = new Map<string, Map<string, Dirent>>()
  private readonly reals = new BoundedCache<string, string | null>(PATHS_KEPT)
  private readonly derivable = new BoundedCache<string, string | null>(PATHS_KEPT)
  private readonly globs = new Map<string, string[]>()
  private readonly below = new Map<string, string[]>()
  private readonly matchers = new Map<string, (p: string) => boolean>()
  private readonly resolved = new Map<string, ReturnType<RepoReader['resolveUncached']>>()
  private readonly memos = new Map<string, Map<string, unknown>>()
  private readonly directories = new Map<string, boolean>()
  /** The run's bound on regex and text-scan work (one reader per run). */
  readonly scanBudget = new ScanBudget()

  constructor(root: string, options: { maxFileBytes?: number } = {}) {
    this.root = root
    // The same resolver as each file's (`.native`): two could disagree on a case-insensitive disk.
    this.realRoot = realpathSync.native(root)
    this.maxBytes = options.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES
  }

  /** Absolute path of a repository path, or an error message when it may not be read.
   * Cached: docs cite the same paths in every environment, and realpath is a syscall per segment. */
  private resolve(rel: string): { abs: string } | { error: string } | { missing: true } {
    let r = this.resolved.get(rel)
    if (!r) {
      r = this.resolveUncached(rel)
      this.resolved.set(rel, r)
    }
    return r
  }

  private resolveUncached(rel: string): { abs: string } | { error: string } | { missing: true } {
    const problem = repoPathProblem(rel)
    if (problem) return { error: problem }
    const real = this.realPath(normalizeRepoPath(rel))
    if (real === null) return { missing: true }
    if (!this.inside(real)) {
      return { error: `"${rel}" is a symlink that resolves outside the repository; it is not read` }
    }
    return { abs: real }
  }

  private inside(real: string): boolean {
    return real === this.realRoot || real.startsWith(this.realRoot + sep)
  }

  /**
   * The system's realpath of a normalised repository path, or null where it fails (nothing
   * there, a loop, no permission). Derived once per folder rather than asked per file: a name
   * its folder lists as anything but a symlink resolves to the folder's real path and that
   * name, so a folder of 2,000 workflows costs a listing, not 2,000 realpath calls. It answers
   * for the tree as it was when the folder was listed: a read checks that the file it opened
   * is at that real path (readRegularFile), so a folder swapped for a symlink since is not read.
   */
  private realPath(rel: string): string | null {
    return this.reals.get(rel, (r) => this.realPathUncached(r))
  }

  private realPathUncached(rel: string): string | null {
    if (rel === '') return this.realRoot
    const slash = rel.lastIndexOf('/')
    const dir = slash < 0 ? '' : rel.slice(0, slash)
    const name = rel.slice(slash + 1)
    // Nothing resolves under a folder that does not (absent, a file, a loop, no permission).
    if (this.realPath(dir) === null) return null
    const realDir = this.derivableDir(dir)
    const entry = realDir === null ? undefined : this.entryNamed(dir, name)
    if (realDir !== null && entry && !entry.isSymbolicLink()) return childPath(realDir, name)
    // Most often nothing is there, which lstat tells without realpath's thrown error.
    if (!entry && absent(join(this.root, rel))) return null
    try {
      // The system's realpath: one call, where the JS one lstats every segment.
      return realpathSync.native(join(this.root, rel))
    } catch {
      return null
    }
  }

  /**
   * The real path of `dir` when its entries' real paths may be derived from it: it is inside
   * the root (a folder elsewhere is not listed), and realpath of one of its entries gave what
   * the derivation gives (not so where the folder lists but may not be searched, or the disk
   * would answer a name in another case or Unicode form); null otherwise, and realpath answers.
   */
  private derivableDir(dir: string): string | null {
    return this.derivable.get(dir, (d) => this.derivableDirUncached(d))
  }

  private derivableDirUncached(dir: string): string | null {
    const realDir = this.realPath(dir)
    if (realDir === null || !this.inside(realDir)) return null
    const probe = this.entries(dir).find((e) => !e.isSymbolicLink())
    if (!probe) return null
    try {
      return realpathSync.native(join(this.root, dir, probe.name)) === childPath(realDir, probe.name) ? realDir : null
    } catch {
      return null
    }
  }

  /** The entry `name` of the folder `dir` as its listing gives it, by exact name. */
  private entryNamed(dir: string, name: string): Dirent | undefined {
    let byName = this.entriesByName.get(dir)
    if (!byName) {
      byName = new Map(this.entries(dir).map((e) => [e.name, e]))
      this.entriesByName.set(dir, byName)
    }
    return byName.get(name)
  }

  exists(rel: string): boolean {
    const r = this.resolve(rel)
    return 'abs' in r
  }

  /** Cached like `resolve`: globs of plain paths ask it for the same path in every environment. */
  isDirectory(rel: string): boolean {
    const r = this.resolve(rel)
    if (!('abs' in r)) return false
    let isDir = this.directories.get(r.abs)
    if (isDir === undefined) {
      try {
        isDir = statSync(r.abs).isDirectory()
      } catch {
        isDir = false
      }
      this.directories.set(r.abs, isDir)
    }
    return isDir
  }

  /** Text of a file (UTF-8), cached. */
  read(rel: string): ReadResult {
    const key = normalizeRepoPath(rel)
    const cached = this.texts.get(key)
    if (cached) return cached
    const result = this.readUncached(rel)
    this.texts.set(key, result)
    return result
  }

  private readUncached(rel: string): ReadResult {
    const r = this.resolve(rel)
    if ('missing' in r) return { kind: 'missing' }
    if ('error' in r) return { kind: 'error', message: r.error }
    const read = readRegularFile(r.abs, this.maxBytes, { real: true })
    if (read.kind === 'missing') return { kind: 'missing' }
    if (read.kind === 'error') return { kind: 'error', message: `"${rel}" ${read.message}` }
    return this.accept(rel, read.bytes)
  }

  /**
   * Content of `rel` that came from elsewhere (the PR base's matrix from git or the API),
   * judged by the same rules as a file read here: size limit and binary refusal.
   */
  accept(rel: string, bytes: Buffer): ReadResult {
    if (bytes.length > this.maxBytes) return { kind: 'error', message: `"${rel}" ${tooLarge(bytes.length, this.maxBytes)}` }
    if (bytes.subarray(0, 8000).includes(0)) return { kind: 'error', message: `"${rel}" is a binary file; gate-matrix reads text files only` }
    const decoded = decodeUtf8(bytes)
    if (!decoded.ok) return { kind: 'error', message: `"${rel}" ${decoded.message}`, line: decoded.line, column: decoded.column }
    return { kind: 'ok', text: decoded.text.replace(/^\uFEFF/, '') }
  }

  /** Absolute paths of the files read so far (symlinks resolved). */
  readFiles(): string[] {
    return [...this.texts.entries()].filter(([, r]) => r.kind === 'ok').flatMap(([rel]) => {
      const r = this.resolve(rel)
      return 'abs' in r ? [r.abs] : []
    })
  }

  /** A YAML or JSON file parsed with positions, cached. `missing`/`error` as `read`. */
  parsed(rel: string): { kind: 'ok'; doc: PositionedDocument } | Exclude<ReadResult, { kind: 'ok' }> {
    const key = normalizeRepoPath(rel)
    const cached = this.docs.get(key)
    if (cached) return { kind: 'ok', doc: cached }
    const r = this.read(rel)
    if (r.kind !== 'ok') return r
    const doc = parsePositioned(key, r.text, 'resolve')
    this.docs.set(key, doc)
    return { kind: 'ok', doc }
  }

  /** Every file under the root (posix, relative, sorted), skipping .git and node_modules,
   * and symlinks that leave the root. Walked once per reader. */
  files(): string[] {
    if (!this.listing) this.listing = [...this.walk('')].sort()
    return this.listing
  }

  /** The directory's entries, read once per reader; none when it cannot be read. */
  private entries(dir: string): Dirent[] {
    let entries = this.dirEntries.get(dir)
    if (!entries) {
      try {
        entries = readdirSync(dir === '' ? this.root : join(this.root, dir), { withFileTypes: true })
      } catch {
        entries = []
      }
      this.dirEntries.set(dir, entries)
    }
    return entries
  }

  /** The files under `dir` as `files()` lists them, unsorted; nothing when `dir` is not a
   * directory the full walk enters (a symlink, .git, node_modules, absent). */
  private *walk(dir: string, links = false): Generator<string> {
    if (this.entered(dir)) yield* this.walkBelow(dir, links)
  }

  private entered(dir: string): boolean {
    if (dir === '') return true
    const slash = dir.lastIndexOf('/')
    const parent = slash < 0 ? '' : dir.slice(0, slash)
    const name = dir.slice(slash + 1)
    return !SKIPPED_DIRS.has(name) && this.entered(parent) && this.entries(parent).some((e) => e.name === name && e.isDirectory())
  }

  /** `links`: every symlink is listed whatever it points at (for `present`). */
  private *walkBelow(dir: string, links: boolean): Generator<string> {
    const subdirs: string[] = []
    for (const entry of this.entries(dir)) {
      const rel = dir === '' ? entry.name : `${dir}/${entry.name}`
      if (entry.isDirectory()) {
        if (!SKIPPED_DIRS.has(entry.name)) subdirs.push(rel)
      } else if (entry.isFile()) {
        yield rel
      } else if (entry.isSymbolicLink() && links) {
        yield rel
      } else if (entry.isSymbolicLink()) {
        const r = this.resolve(rel)
        if ('abs' in r) {
          try {
            if (lstatSync(r.abs).isFile()) yield rel
          } catch {
            /* dangling: not listed */
          }
        }
      }
    }
    for (const sub of subdirs) yield* this.walkBelow(sub, links)
  }

  /** The files a glob can match: those under its leading literal segments (`docs/*.md`:
   * docs/), so a glob of one directory does not list the whole repository. Each folder's
   * once: gates glob the same folder with different patterns. */
  private candidates(norm: string): string[] {
    if (this.listing) return this.listing
    const prefix = literalPrefix(norm)
    if (prefix === '') return this.files()
    let files = this.below.get(prefix)
    if (!files) {
      files = [...this.walk(prefix)]
      this.below.set(prefix, files)
    }
    return files
  }

  /**
   * What a path or glob names that is not a directory, symlinks included whatever they point
   * at (outside the repository, nowhere): what `exists: false` must find absent, where
   * `glob` lists only the files that may be read.
   */
  present(pattern: string): string[] {
    const norm = normalizeRepoPath(pattern)
    if (!hasGlobChars(norm)) {
      if (repoPathProblem(norm)) return []
      try {
        return lstatSync(join(this.root, norm)).isDirectory() ? [] : [norm]
      } catch {
        return []
      }
    }
    const isMatch = this.matcher(norm)
    const found: string[] = []
    for (const p of this.walk(literalPrefix(norm), true)) if (isMatch(p)) found.push(p)
    return found.sort()
  }

  /**
   * Something derived from one file (a parsed markdown document, a workflow model), made
   * once per reader: gates are judged once per environment, their files need reading once.
   */
  memo<T>(kind: string, path: string, derive: () => T): T {
    // By kind, then path: no key string to build and hash on every call (it is called per
    // gate, phrase and environment).
    let byPath = this.memos.get(kind)
    if (!byPath) {
      byPath = new Map()
      this.memos.set(kind, byPath)
    }
    const key = normalizeRepoPath(path)
    const known = byPath.get(key)
    if (known !== undefined || byPath.has(key)) return known as T
    const value = derive()
    byPath.set(key, value)
    return value
  }

  /** Files matching a path or glob (posix, sorted). A plain path matches itself if it is a file. */
  glob(pattern: string): string[] {
    const norm = normalizeRepoPath(pattern)
    if (!hasGlobChars(norm)) {
      const r = this.resolve(norm)
      return 'abs' in r && !this.isDirectory(norm) ? [norm] : []
    }
    // A copy each time, so no caller can change what the next one gets.
    return this.matches(norm).slice()
  }

  /** Whether `glob(pattern)` has any file. */
  hasMatch(pattern: string): boolean {
    const norm = normalizeRepoPath(pattern)
    return hasGlobChars(norm) ? this.matches(norm).length > 0 : this.glob(norm).length > 0
  }

  /** A glob's matches, sorted, found once per reader: kinds and the unmatched-glob check ask
   * for the same globs in every environment. */
  private matches(norm: string): string[] {
    let matches = this.globs.get(norm)
    if (!matches) {
      const isMatch = this.matcher(norm)
      matches = []
      for (const p of this.candidates(norm)) if (isMatch(p)) matches.push(p)
      matches.sort()
      this.globs.set(norm, matches)
    }
    return matches
  }

  private matcher(norm: string): (p: string) => boolean {
    let isMatch = this.matchers.get(norm)
    if (!isMatch) {
      isMatch = compileGlob(norm)
      this.matchers.set(norm, isMatch)
    }
    return isMatch
  }
}
