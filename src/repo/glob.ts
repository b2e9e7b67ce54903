// Glob matching of repository paths: picomatch's semantics (`dot: true`), compiled once per
// pattern, tested without picomatch's per-call result objects. Kinds match the same globs
// against the same paths in every environment, so the test is the hot part.
import picomatch from 'picomatch'
import { BoundedCache } from '../core/bounded-cache.js'
import { normalizeRepoPath } from './paths.js'

const OPTIONS = { dot: true }

export function hasGlobChars(p: string): boolean {
  return /[*?[\]{}()!+@]/.test(p)
}

/** The folder a glob's leading literal segments name (`docs/*.md`: docs), where its matches are. */
export function literalPrefix(norm: string): string {
  // picomatch reads a `|` anywhere as "or" across the whole glob: no literal prefix then.
  if (norm.includes('|')) return ''
  const segments = norm.split('/')
  let n = 0
  while (n < segments.length - 1 && !hasGlobChars(segments[n]) && !segments[n].includes('\\')) n++
  return segments.slice(0, n).join('/')
}

/**
 * `picomatch(glob, { dot: true })` as a one-argument boolean test. Its matcher builds two
 * objects per call around what this does: an empty path never matches, the glob's own text
 * matches itself, anything else matches when the glob's regex does. Where picomatch converts
 * backslashes first (its Windows default), its own matcher is kept.
 */
export function compileGlob(glob: string): (p: string) => boolean {
  const isMatch = picomatch(glob, OPTIONS)
  // The matcher's result carries the regex it tests with, and whether it converts slashes.
  const { regex, posix } = isMatch(glob, true)
  if (posix) return (p) => isMatch(p)
  return (p) => p !== '' && (p === glob || regex.test(p))
}

// Compiled matchers by pattern list: kinds ask for the same globs in every environment, and
// compiling one costs more than matching the changed files. Bounded: cleared when full.
const MATCHER_CACHE_MAX = 10_000
const matcherCache = new BoundedCache<string, (p: string) => boolean>(MATCHER_CACHE_MAX)

/** A glob matcher for path lists that are not on disk (changed files): any of `patterns`. */
export function globMatcher(patterns: string[]): (p: string) => boolean {
  return matcherCache.get(patterns.join('\0'), () => {
    const tests = patterns.map((g) => compileGlob(normalizeRepoPath(g)))
    // One argument only, so `files.some(globMatcher(…))` is safe.
    return tests.length === 1 ? tests[0] : (p: string): boolean => tests.some((t) => t(p))
  })
}

// A run's changed files are one list, matched against the same globs in every environment.
const matchedIn = new WeakMap<readonly string[], Map<string, ReadonlySet<string>>>()

/** The paths of `paths` that any of `patterns` matches, found once per list and patterns
 * (a list is not changed once matched: it is the run's change set). */
export function matchingPaths(paths: readonly string[], patterns: string[]): ReadonlySet<string> {
  let byPatterns = matchedIn.get(paths)
  if (!byPatterns) {
    byPatterns = new Map()
    matchedIn.set(paths, byPatterns)
  }
  const key = patterns.join('\0')
  let matched = byPatterns.get(key)
  if (!matched) {
    matched = new Set(paths.filter(globMatcher(patterns)))
    byPatterns.set(key, matched)
  }
  return matched
}
