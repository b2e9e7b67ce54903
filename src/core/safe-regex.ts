/**
 * Regexes written in the matrix run on re2js, a linear-time engine: a pattern such as
 * `^(a+)+$` cannot hang the gate on a long line, unlike the built-in RegExp.
 */
import { RE2JS } from 're2js'

export interface SafeRegex {
  readonly source: string
  test(text: string): boolean
  /** first match in text: index and length (UTF-16 code units, as JS strings count), or null */
  find(text: string): { index: number; length: number } | null
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
// judged in: compile each once per process (the results are immutable).
const cache = new Map<string, Compiled>()

export function compileSafeRegex(source: string, options: { ignoreCase?: boolean } = {}): Compiled {
  const key = `${options.ignoreCase ? 'i' : ''}\0${source}`
  let result = cache.get(key)
  if (!result) {
    result = compile(source, options)
    cache.set(key, result)
  }
  return result
}

function compile(source: string, options: { ignoreCase?: boolean }): Compiled {
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
  return {
    ok: true,
    regex: {
      source,
      test: (text) => compiled.test(text),
      find: (text) => {
        // A string input is matched on its UTF-16 code units, so start/end are JS string indices.
        const matcher = compiled.matcher(text)
        if (!matcher.find()) return null
        return { index: matcher.start(), length: matcher.end() - matcher.start() }
      },
    },
  }
}
