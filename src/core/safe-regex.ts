/**
 * Regexes written in the matrix run on re2js, a linear-time engine: a pattern such as
 * `^(a+)+$` cannot hang the gate on a long line, unlike the built-in RegExp.
 */
import { RE2JS } from 're2js'
import { BoundedCache } from './bounded-cache.js'

/** Longest regex source accepted, in characters. */
export const MAX_REGEX_LENGTH = 1_000
/** Largest compiled program accepted (re2's measure of a pattern's cost per character:
 * `(a|aa|aaa|aaaa|b){500}Q` is 7,003; a typical pattern is under 50). */
export const MAX_REGEX_PROGRAM = 1_000

export interface SafeRegex {
  readonly source: string
  /** Work per character scanned (the compiled program's size), charged to the run's ScanBudget. */
  readonly cost: number
  test(text: string): boolean
  /** first match in text: index and length (UTF-16 code units, as JS strings count), or null */
  find(text: string): { index: number; length: number } | null
  /** every non-overlapping match in text, left to right, in one pass */
  findAll(text: string): Iterable<{ index: number; length: number }>
}

// Syntax that needs backtracking: say why it is refused rather than echo re2's parser error.
const UNSUPPORTED: { pattern: RegExp; what: string }[] = [
  { pattern: /\(\?<?[=!]/, what: 'lookaround' },
  { pattern: /\\[1-9]|\\k</, what: 'backreferences' },
  { pattern: /[*+?}][+]/, what: 'possessive quantifiers' },
  { pattern: /\(\?>/, what: 'atomic groups' },
]

type Compiled = { ok: true; regex: SafeRegex } | { ok: false; message: string }

// The same patterns are compiled at load time and again for every environment they are
// judged in: compile each once (the results are immutable). Bounded: patterns with `${{ }}`
// are as many as the values they resolve to.
const cache = new BoundedCache<string, Compiled>(10_000)

export function compileSafeRegex(source: string, options: { ignoreCase?: boolean } = {}): Compiled {
  return cache.get(`${options.ignoreCase ? 'i' : ''}\0${source}`, () => compile(source, options))
}

function compile(source: string, options: { ignoreCase?: boolean }): Compiled {
  if (source.length > MAX_REGEX_LENGTH) {
    return { ok: false, message: `regex /${source.slice(0, 40)}.../ is ${source.length} characters long; at most ${MAX_REGEX_LENGTH} are accepted` }
  }
  let compiled: RE2JS
  try {
    compiled = RE2JS.compile(source, options.ignoreCase ? RE2JS.CASE_INSENSITIVE : 0)
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error)
    const unsupported = UNSUPPORTED.find((u) => u.pattern.test(source))
    if (unsupported) {
      return {
        ok: false,
        message: `regex /${source}/ is not supported: ${unsupported.what} cannot run in linear time, and matrix regexes run in linear time (RE2 syntax)`,
      }
    }
    return {
      ok: false,
      message: `regex /${source}/ is not supported (matrix regexes run in linear time, RE2 syntax): ${reason.replace(/^error parsing regexp: /, '')}`,
    }
  }
  const cost = compiled.programSize()
  if (cost > MAX_REGEX_PROGRAM) {
    return {
      ok: false,
      message: `regex /${source.length > 80 ? `${source.slice(0, 77)}...` : source}/ is too costly: its compiled size is ${cost}, at most ${MAX_REGEX_PROGRAM} is accepted; lower its repetition counts or alternatives`,
    }
  }
  return {
    ok: true,
    regex: {
      source,
      cost,
      test: (text) => compiled.test(text),
      find: (text) => {
        // A string input is matched on its UTF-16 code units, so start/end are JS string indices.
        const matcher = compiled.matcher(text)
        if (!matcher.find()) return null
        return { index: matcher.start(), length: matcher.end() - matcher.start() }
      },
      *findAll(text) {
        const matcher = compiled.matcher(text)
        while (matcher.find()) yield { index: matcher.start(), length: matcher.end() - matcher.start() }
      },
    },
  }
}
