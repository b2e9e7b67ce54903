// `data`: a value inside a YAML, JSON, JSON-with-comments, TOML or .env file, addressed by path.
import { sharedCodes } from '../../core/codes.js'
import { isDeepStrictEqual } from 'node:util'
import picomatch from 'picomatch'
import * as z from 'zod'
import { type Finding, outcomeOf } from '../../core/outcome.js'
import { type AssertionContext, type AssertionKind, optionFinding, regexOption, regexProblems } from '../kit.js'
import type { Location } from '../../core/location.js'
import { templatable } from '../../spec/template-schema.js'
import { formatKeyPath, parseDataPath, resolveDataPath } from '../../repo/data-path.js'
import { dotenvLookup } from '../../repo/dotenv.js'
import type { Problem } from '../../core/errors.js'
import { pushAll } from '../../core/arrays.js'
import { readDataDocument, readDotenvFile, strictJson } from '../support/data-file.js'
import { describeValue as describe, isSecretValue } from '../../core/redact.js'
import { DATA_FORMATS, type DataFormat, formatOf } from '../support/data-format.js'

export { formatOf }

const COMPARATORS = ['equals', 'one_of', 'includes', 'matches', 'exists', 'absent', 'lte', 'gte', 'same_as'] as const

export const dataOptions = z
  .strictObject({
    file: z.string().min(1).describe('The data file, relative to the repository root'),
    format: z.enum(DATA_FORMATS).optional().describe('Default: from the name (docs/kinds.md); no extension reads as JSON'),
    path: z.string().min(1).describe('a.b, a[0], a[*].b, ["key.with.dots"]; for .env files the variable name'),
    equals: z.unknown().optional().describe('The value must equal this (deep)'),
    one_of: templatable(z.array(z.unknown())).optional().describe('The value must equal one of these'),
    includes: z.unknown().optional().describe('The value (a list, or the matches of a wildcard) must contain this'),
    matches: z.string().optional().describe('The value, as text, must match this regex'),
    exists: z.literal(true).optional().describe('The path must exist'),
    absent: z.literal(true).optional().describe('The path must not exist'),
    lte: templatable(z.number()).optional().describe('The number must be at most this'),
    gte: templatable(z.number()).optional().describe('The number must be at least this'),
    same_as: z
      .strictObject({
        file: z.string().min(1).describe('The other data file, relative to the repository root'),
        path: z.string().min(1).describe('The path of one value in it (no wildcard)'),
        format: z.enum(DATA_FORMATS).optional().describe('Default: from the name, as `format`'),
      })
      .optional()
      .describe('The value must equal the value at this path of another file; a finding names both places'),
  })
  .superRefine((o, ctx) => {
    const given = COMPARATORS.filter((c) => (o as Record<string, unknown>)[c] !== undefined)
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: given.length === 0
          ? `data needs one of ${COMPARATORS.join(', ')}`
          : `data takes one comparison, got ${given.join(' and ')}; write one assertion each`,
      })
    }
  })
  .describe('A value inside a YAML, JSON, JSON-with-comments, TOML or .env file, by path')

export type DataOptions = z.infer<typeof dataOptions>

export const dataKind: AssertionKind<DataOptions> = {
  kind: 'data',
  description: 'A value inside a YAML, JSON, JSONC, TOML or .env file, by path: equals, one_of, includes, matches, exists, absent, lte, gte, or same_as a value of another file.',
  options: dataOptions,
  needs: 'repository',
  pathOptions: ['file', 'same_as.file'],
  codes: {
    VALUE_DIFFERS: { status: 'fail', meaning: 'The value differs from the one at the `same_as` path of the other file (both places are named).' },
    PATH_NOT_FOUND: { status: 'fail', meaning: 'The path does not exist in the data file.' },
    VALUE_MISMATCH: { status: 'fail', meaning: 'The value does not satisfy the comparison.' },
    VALUE_FORBIDDEN: { status: 'fail', meaning: 'The path exists but must be absent.' },
    ...sharedCodes('FILE_MISSING', 'DATA_UNPARSABLE', 'FILE_UNREADABLE', 'EXPRESSION_FAILED'),
  },
  validate(options, at) {
    const problems: Problem[] = regexProblems(options, ['matches'], at)
    // One file, read as written: a glob here would be looked up as a literal name and be missing.
    if (!options.file.includes('${{') && picomatch.scan(options.file).isGlob) {
      problems.push({ location: at(['file']), message: `"${options.file}" is a glob; data reads one file: name it, or write one data assertion per file` })
    }
    if (options.same_as) pushAll(problems, sourceProblems(options.same_as, (p) => at(['same_as', ...p]), false))
    if (options.file.includes('${{') || (options.format === undefined && options.path.includes('${{'))) return problems
    pushAll(problems, sourceProblems(options, at, true))
    return problems
  },
  evaluate(options, ctx) {
    const format = options.format ?? formatOf(options.file)
    if (format === undefined) {
      return outcomeOf([optionFinding(ctx, 'file', `after expressions were resolved, cannot tell the format of "${options.file}"; ${FORMAT_HINT}`)])
    }
    let other: Match | undefined
    if (options.same_as) {
      const found = findOther(options.same_as, ctx)
      if ('findings' in found) return outcomeOf(found.findings)
      other = found.match
    }
    if (format === 'json' && !other && passesWithoutPositions(options, ctx)) return { result: 'pass', findings: [] }
    const found = find({ file: options.file, path: options.path, format }, 'path', ctx)
    if ('findings' in found) return outcomeOf(found.findings)
    return outcomeOf(other ? differs(options, found, other) : compare(options, found, ctx))
  },
}

const FORMAT_HINT = `add format: ${DATA_FORMATS.join(', ')}`

/** Load-time problems of a file and path pair: a format the name does not tell, a path that
 * does not parse (and, for a `same_as`, one that could match more than one value). */
function sourceProblems(source: { file: string; path: string; format?: DataFormat }, at: (p: ReadonlyArray<string | number>) => Location, main: boolean): Problem[] {
  const problems: Problem[] = []
  if (!main && !source.file.includes('${{') && picomatch.scan(source.file).isGlob) {
    problems.push({ location: at(['file']), message: `"${source.file}" is a glob; same_as reads one file: name it` })
  }
  if (source.file.includes('${{') || (source.format === undefined && source.path.includes('${{'))) return problems
  const format = source.format ?? formatOf(source.file)
  if (format === undefined) {
    problems.push({ location: at(['file']), message: `cannot tell the format of "${source.file}" from its name; ${FORMAT_HINT}` })
  } else if (format !== 'env' && !source.path.includes('${{')) {
    const parsed = parseDataPath(source.path)
    if (!parsed.ok) problems.push({ location: at(['path']), message: `${parsed.message} (column ${parsed.column})` })
    else if (!main && parsed.hasWildcard) problems.push({ location: at(['path']), message: `same_as compares with one value: "${source.path}" has a wildcard; name one value, or write one assertion per value` })
  }
  return problems
}

/** The one value a `same_as` names. */
function findOther(source: NonNullable<DataOptions['same_as']>, ctx: AssertionContext): { match: Match } | { findings: Finding[] } {
  const format = source.format ?? formatOf(source.file)
  if (format === undefined) return { findings: [optionFinding(ctx, 'same_as', `after expressions were resolved, cannot tell the format of "${source.file}"; ${FORMAT_HINT}`)] }
  const found = find({ file: source.file, path: source.path, format }, 'same_as', ctx)
  if ('findings' in found) return found
  if (found.wildcard) return { findings: [optionFinding(ctx, 'same_as', `after expressions were resolved, same_as.path "${source.path}" has a wildcard; name one value`)] }
  if (found.matches.length === 0) {
    const miss = found.miss ?? { location: { path: source.file, line: 1, column: 1 }, message: `${source.path} matches nothing in ${source.file}` }
    return { findings: [{ status: 'fail', code: 'PATH_NOT_FOUND', message: `same_as: ${miss.message}`, location: miss.location }] }
  }
  return { match: found.matches[0] }
}

function find(source: { file: string; path: string; format: DataFormat }, option: string, ctx: AssertionContext): Found | { findings: Finding[] } {
  const { file, path, format } = source
  return format === 'env' ? findInEnv(file, path, ctx) : findInDocument({ file, path, format }, option, ctx)
}

function where(at: Location): string {
  return `${at.path}:${at.line ?? 1}:${at.column ?? 1}`
}

/**
 * `same_as`: each match must equal the other value. Scalars compare as the text a tool
 * reads from them (YAML `20` and TOML "20" agree; YAML `3.10` is the number 3.1 and does
 * not agree with "3.10"). When either place holds a secret, neither value is shown.
 */
function differs(options: DataOptions, found: Found, other: Match): Finding[] {
  if (found.matches.length === 0) {
    const miss = found.miss ?? { location: { path: options.file, line: 1, column: 1 }, message: `${options.path} matches nothing in ${options.file}` }
    return [{ status: 'fail', code: 'PATH_NOT_FOUND', message: miss.message, location: miss.location }]
  }
  const scalar = (v: unknown) => v !== null && typeof v !== 'object'
  const same = (a: unknown, b: unknown) => isDeepStrictEqual(a, b) || (scalar(a) && scalar(b) && String(a) === String(b))
  const findings: Finding[] = []
  for (const m of found.matches) {
    if (same(m.value, other.value)) continue
    const secret = m.secret || other.secret
    findings.push({
      status: 'fail',
      code: 'VALUE_DIFFERS',
      message: `${options.file} ${m.label} is ${describe(m.value, secret)} but ${where(other.location)} ${other.label} is ${describe(other.value, secret)}; they must be equal: change one of them`,
      location: m.location,
    })
  }
  return findings
}

/**
 * A JSON file that passes needs no positions: JSON.parse is many times faster than
 * parsing with positions (large JSON schemas, generated reports). Anything that does not
 * plainly pass is judged again on the positioned parse, so every finding has its line.
 */
function passesWithoutPositions(options: DataOptions, ctx: AssertionContext): boolean {
  const json = strictJson(ctx.repo, options.file)
  if (!json || 'error' in json) return false
  // JSON.parse keeps the last of duplicate keys; the positioned parse refuses them.
  const parsed = ctx.repo.parsed(options.file)
  if (parsed.kind !== 'ok' || parsed.doc.problems.length) return false
  const found = findInValue(options, 'path', ctx, json.value, () => ({ path: options.file }))
  return !('findings' in found) && compare(options, found, ctx).length === 0
}

interface Match {
  value: unknown
  location: Location
  label: string
  secret: boolean
}

/** What the path found: every match, and where the first branch that stopped should grow. */
interface Found {
  matches: Match[]
  wildcard: boolean
  /** With a wildcard: where the list its matches are collected from is written (before the first wildcard). */
  list?: Location
  miss?: { location: Location; message: string }
}

function findInDocument(options: { file: string; path: string; format: Exclude<DataFormat, 'env'> }, option: string, ctx: AssertionContext): Found | { findings: Finding[] } {
  const read = readDataDocument(ctx.repo, options.file, options.format)
  if ('findings' in read) return read
  const { doc } = read
  return findInValue(options, option, ctx, doc.value, (keyPath) => doc.locate(keyPath).location)
}

/** Where the path leads in a parsed value; `locate` gives the position of a key path.
 * `option` names the matrix option a path that only became invalid through `${{ }}` is reported at. */
function findInValue(options: { file: string; path: string }, option: string, ctx: AssertionContext, value: unknown, locate: (keyPath: ReadonlyArray<string | number>) => Location): Found | { findings: Finding[] } {
  const path = parseDataPath(options.path)
  if (!path.ok) return { findings: [optionFinding(ctx, option, `after expressions were resolved, ${path.message}`)] }
  const resolution = resolveDataPath(value, path.segments)
  const matches = resolution.matches.map((m) => ({
    value: m.value,
    location: locate(m.keyPath),
    label: formatKeyPath(m.keyPath),
    secret: isSecretValue(options.file, m.keyPath),
  }))
  // The branch that got furthest names the step to fix: with a wildcard, a branch that
  // stopped at its first key (`steps[0]` has no `with`) says nothing about a typo further on.
  const first = resolution.misses.reduce((a, b) => (b.keyPath.length > a.keyPath.length ? b : a), resolution.misses[0])
  let miss: Found['miss']
  if (first) {
    const parent = formatKeyPath(first.keyPath.slice(0, -1))
    const key = first.keyPath[first.keyPath.length - 1]
    const container = typeof first.parent === 'object' && first.parent !== null
    miss = {
      location: locate(first.keyPath),
      message: !container
        ? `${options.path}: ${parent || 'the document'} is ${describe(first.parent, isSecretValue(options.file, first.keyPath))}, so it has no ${typeof key === 'number' ? `item ${key}` : `"${key}"`}`
        : `${options.path} is not in ${options.file}: ${parent || 'the top level'} has no ${typeof key === 'number' ? `item ${key}` : `key "${key}"`}; add it there`,
    }
  }
  // Each segment adds one key, so the key path before the first wildcard is any match's prefix.
  const listDepth = path.segments.findIndex((s) => s.kind === 'wildcard')
  const list = path.hasWildcard && resolution.matches.length > 0 ? locate(resolution.matches[0].keyPath.slice(0, listDepth)) : undefined
  return { matches, wildcard: path.hasWildcard, list, miss }
}

function findInEnv(file: string, name: string, ctx: AssertionContext): Found | { findings: Finding[] } {
  const read = readDotenvFile(ctx.repo, file)
  if ('findings' in read) return read
  const entry = dotenvLookup(read.parsed, name)
  if (!entry) {
    return {
      matches: [],
      wildcard: false,
      miss: { location: { path: file, line: 1, column: 1 }, message: `${name} is not set in ${file}; add ${name}=…` },
    }
  }
  // An env file holds secrets whatever its name (`format: env`): no value of it is shown.
  return {
    matches: [{ value: entry.value, location: { path: file, line: entry.line, column: entry.column }, label: name, secret: true }],
    wildcard: false,
  }
}

function asText(value: unknown): string {
  if (typeof value === 'string') return value
  if (value === null || typeof value !== 'object') return String(value)
  return JSON.stringify(value)
}

function asNumber(value: unknown): number | undefined {
  if (typeof value === 'number' && Number.isFinite(value)) return value
  if (typeof value === 'string' && /^\s*[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?\s*$/.test(value)) return Number(value)
  return undefined
}

function compare(options: DataOptions, found: Found, ctx: AssertionContext): Finding[] {
  const { matches, wildcard } = found
  const mismatch = (at: Match, message: string): Finding[] => [{ status: 'fail', code: 'VALUE_MISMATCH', message, location: at.location }]
  if (options.absent) {
    return matches.map((m) => ({
      status: 'fail',
      code: 'VALUE_FORBIDDEN',
      message: `${m.label} is set (${describe(m.value, m.secret)}) but must be absent; remove it`,
      location: m.location,
    }))
  }
  if (matches.length === 0 || (options.exists && found.miss)) {
    const miss = found.miss ?? { location: { path: options.file, line: 1, column: 1 }, message: `${options.path} matches nothing in ${options.file}` }
    return [{ status: 'fail', code: 'PATH_NOT_FOUND', message: miss.message, location: miss.location }]
  }
  if (options.exists) return []
  const secret = matches.some((m) => m.secret)
  const label = wildcard ? `${options.path} (${matches.length} match${matches.length === 1 ? '' : 'es'})` : matches[0].label
  // .env values are text: a scalar expectation is compared as text there.
  const env = (options.format ?? formatOf(options.file)) === 'env'
  const same = (actual: unknown, expected: unknown): boolean =>
    isDeepStrictEqual(actual, expected) || (env && typeof actual === 'string' && expected !== null && typeof expected !== 'object' && String(expected) === actual)
  /** The first match for which `ok` fails: comparisons that hold for each wildcard match. */
  const eachMatch = (ok: (m: Match) => string | undefined): Finding[] => {
    for (const m of matches) {
      const problem = ok(m)
      if (problem !== undefined) return mismatch(m, problem)
    }
    return []
  }

  if (options.equals !== undefined) {
    const actual = wildcard ? matches.map((m) => m.value) : matches[0].value
    if (same(actual, options.equals)) return []
    const expected = options.equals
    const offender = wildcard
      ? matches.find((m, i) => !Array.isArray(expected) || !same(m.value, expected[i])) ?? matches[matches.length - 1]
      : matches[0]
    return mismatch(offender, `${label} is ${describe(actual, secret)}, expected ${describe(expected, secret)}`)
  }
  if (options.one_of !== undefined) {
    const choices = options.one_of
    if (!Array.isArray(choices)) return [optionFinding(ctx, 'one_of', 'after expressions were resolved, one_of is not a list')]
    return eachMatch((m) =>
      choices.some((c) => same(m.value, c)) ? undefined : `${m.label} is ${describe(m.value, m.secret)}, expected one of ${choices.map((c) => describe(c, m.secret)).join(', ')}`,
    )
  }
  if (options.includes !== undefined) {
    const list = wildcard ? matches.map((m) => m.value) : matches[0].value
    if (!Array.isArray(list)) return mismatch(matches[0], `${label} is ${describe(list, secret)}, not a list, so it cannot include ${describe(options.includes, secret)}`)
    const wanted = Array.isArray(options.includes) ? options.includes : [options.includes]
    const absent = wanted.filter((w) => !list.some((item) => same(item, w)))
    if (absent.length === 0) return []
    return mismatch(found.list ? { ...matches[0], location: found.list } : matches[0], `${label} does not include ${absent.map((a) => describe(a, secret)).join(', ')}; it is ${describe(list, secret)}`)
  }
  if (options.matches !== undefined) {
    const compiled = regexOption(options.matches, 'matches', ctx)
    if ('finding' in compiled) return [compiled.finding]
    return eachMatch((m) => {
      const text = asText(m.value)
      ctx.repo.scanBudget.charge(text.length, compiled.regex.cost, `matching ${m.label}`)
      return compiled.regex.test(text) ? undefined : `${m.label} is ${describe(m.value, m.secret)}, which does not match /${compiled.regex.source}/`
    })
  }
  for (const bound of ['lte', 'gte'] as const) {
    const option = options[bound]
    if (option === undefined) continue
    const limit = asNumber(option)
    if (limit === undefined) return [optionFinding(ctx, bound, `after expressions were resolved, ${bound} is ${describe(option, false)}, not a number`)]
    return eachMatch((m) => {
      const n = asNumber(m.value)
      if (n === undefined) return `${m.label} is ${describe(m.value, m.secret)}, not a number`
      const ok = bound === 'lte' ? n <= limit : n >= limit
      return ok ? undefined : `${m.label} is ${describe(n, m.secret)}, expected at ${bound === 'lte' ? 'most' : 'least'} ${limit}`
    })
  }
  return []
}
