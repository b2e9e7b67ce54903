// An assertion's options parsed by its kind's schema. The loader validates every entry and
// the evaluator takes the options without `${{ }}` as written: the same options object parses
// to the same value, so it is parsed once for both.
import type { AssertionKind } from '../gates/kit.js'

export type ParsedOptions = ReturnType<AssertionKind['options']['safeParse']>

const parsedOf = new WeakMap<object, { kind: AssertionKind; parsed: ParsedOptions }>()

/** `kind.options.safeParse(options)`, once per options object and kind. */
export function parseOptions(kind: AssertionKind, options: unknown): ParsedOptions {
  if (options === null || typeof options !== 'object') return kind.options.safeParse(options)
  const known = parsedOf.get(options)
  if (known?.kind === kind) return known.parsed
  const parsed = kind.options.safeParse(options)
  parsedOf.set(options, { kind, parsed })
  return parsed
}
