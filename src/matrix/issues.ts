// zod's issues as problems a matrix author can act on: positioned at the offending node
// (the key itself for an unknown or badly named key, the parent for a missing key) and
// worded in terms of the YAML they wrote rather than zod's type names.
import type * as z from 'zod'
import type { Problem } from '../core/errors.js'
import { suggestion } from '../core/text.js'
import type { KeyPath, PositionedDocument } from '../repo/yaml.js'

type Issue = z.core.$ZodIssue

/** The value at `path` inside `value`, or undefined. */
export function valueAt(value: unknown, path: KeyPath): unknown {
  let v = value
  for (const key of path) {
    if (v === null || typeof v !== 'object') return undefined
    v = (v as Record<string | number, unknown>)[key]
  }
  return v
}

const EXPECTED: Record<string, string> = {
  string: 'text',
  number: 'a number',
  int: 'a whole number',
  boolean: 'true or false',
  array: 'a list',
  object: 'a mapping',
  record: 'a mapping',
  tuple: 'a list',
}

/** How a YAML value reads to its author. */
export function describeValue(v: unknown): string {
  if (v === null) return 'nothing (null)'
  if (Array.isArray(v)) return 'a list'
  if (typeof v === 'object') return 'a mapping'
  if (typeof v === 'string') return `the text "${v.length > 40 ? `${v.slice(0, 40)}…` : v}"`
  if (typeof v === 'number') return `the number ${v}`
  if (typeof v === 'boolean') return String(v)
  return typeof v
}

function lastKey(path: KeyPath): string {
  for (let i = path.length - 1; i >= 0; i--) if (typeof path[i] === 'string') return String(path[i])
  return 'value'
}

interface ZodDefLike {
  type: string
  shape?: Record<string, z.ZodType>
  innerType?: z.ZodType
  element?: z.ZodType
  valueType?: z.ZodType
  options?: z.ZodType[]
  in?: z.ZodType
}

function def(schema: z.ZodType): ZodDefLike {
  return (schema as unknown as { _zod: { def: ZodDefLike } })._zod.def
}

/** The object schemas reachable at `path` (unions give several). */
function objectsAt(schema: z.ZodType, path: KeyPath): ZodDefLike[] {
  const d = def(schema)
  if (d.innerType) return objectsAt(d.innerType, path)
  if (d.type === 'pipe' && d.in) return objectsAt(d.in, path)
  if (d.type === 'union' && d.options) return d.options.flatMap((o) => objectsAt(o, path))
  if (path.length === 0) return d.type === 'object' ? [d] : []
  const [head, ...rest] = path
  if (d.type === 'object' && d.shape && typeof head === 'string' && d.shape[head]) return objectsAt(d.shape[head], rest)
  if (d.type === 'array' && d.element && typeof head === 'number') return objectsAt(d.element, rest)
  if (d.type === 'record' && d.valueType) return objectsAt(d.valueType, rest)
  return []
}

/** Keys the schema allows at `path`, for "did you mean" and "allowed here". */
export function knownKeysAt(schema: z.ZodType, path: KeyPath): string[] {
  return [...new Set(objectsAt(schema, path).flatMap((d) => Object.keys(d.shape ?? {})))]
}


function sizeMessage(issue: Extract<Issue, { code: 'too_small' | 'too_big' }>, small: boolean): string {
  const bound = Number(small ? (issue as { minimum: unknown }).minimum : (issue as { maximum: unknown }).maximum)
  const word = small ? 'at least' : 'at most'
  switch (issue.origin) {
    case 'array':
    case 'set':
      return `needs ${word} ${bound} ${bound === 1 ? 'entry' : 'entries'}`
    case 'string':
      return small && bound === 1 ? 'must not be empty' : `must be ${word} ${bound} characters long`
    default:
      return `must be ${issue.inclusive === false ? (small ? 'greater than' : 'less than') : word} ${bound}`
  }
}

/** What the branches of a failed union expected, e.g. "a list or one ${{ … }} expression". */
function unionExpectation(branches: Issue[][]): string {
  const wanted = branches.map((issues) => {
    const first = issues[0]
    if (!first) return undefined
    if (first.code === 'invalid_type') return EXPECTED[first.expected] ?? first.expected
    if (first.code === 'invalid_format' || first.code === 'custom') {
      return first.message.includes('${{') ? 'one ${{ … }} expression' : first.message
    }
    if (first.code === 'invalid_value') return first.values.map((v) => JSON.stringify(v)).join(' or ')
    return first.message
  })
  return [...new Set(wanted.filter((w): w is string => Boolean(w)))].join(' or ')
}

/**
 * Problems for zod issues of `value` (which sits at `prefix` in `doc`), validated by
 * `schema`.
 */
export function issueProblems(issues: readonly Issue[], doc: PositionedDocument, prefix: KeyPath, schema: z.ZodType, value: unknown): Problem[] {
  const out: Problem[] = []
  const add = (path: KeyPath, message: string, key = false): void => {
    const full = [...prefix, ...path]
    out.push({ location: key ? doc.locateKey(full) : doc.locate(full).location, message })
  }
  const visit = (issue: Issue, base: KeyPath): void => {
    const path = [...base, ...(issue.path as KeyPath)]
    const actual = valueAt(value, path)
    const missing = actual === undefined && path.length > 0 && valueAt(value, path.slice(0, -1)) !== undefined
    switch (issue.code) {
      case 'unrecognized_keys': {
        const known = knownKeysAt(schema, path)
        for (const k of issue.keys) {
          const allowed = known.length ? `; allowed here: ${known.join(', ')}` : ''
          add([...path, k], `unknown key "${k}"${suggestion(k, known) || allowed}`, true)
        }
        return
      }
      case 'invalid_key': {
        const inner = issue.issues[0]
        add(path, `"${String(path[path.length - 1])}" is not a valid name: ${inner?.message ?? issue.message}`, true)
        return
      }
      case 'invalid_union': {
        // A branch whose problems lie deeper than the union itself matched the shape:
        // its problems are the ones to fix.
        const deeper = issue.errors.filter((branch) => branch.some((i) => i.path.length > 0))
        if (deeper.length === 1) {
          for (const i of deeper[0]) visit(i, path)
          return
        }
        const expected = unionExpectation(issue.errors)
        if (missing) add(path, `"${lastKey(path)}" is required: add it (${expected})`)
        else add(path, `expected ${expected}, found ${describeValue(actual)}`)
        return
      }
      case 'invalid_type': {
        const expected = EXPECTED[issue.expected] ?? issue.expected
        if (missing) add(path, `"${lastKey(path)}" is required: add it (${expected})`)
        else add(path, `expected ${expected}, found ${describeValue(actual)}`)
        return
      }
      case 'invalid_value': {
        const options = issue.values.map((v) => (typeof v === 'string' ? v : JSON.stringify(v)))
        if (missing) {
          add(path, `"${lastKey(path)}" is required: add it (${options.join(' or ')})`)
          return
        }
        const near = typeof actual === 'string' ? suggestion(actual, options) : ''
        add(path, options.length === 1 ? `expected ${options[0]}, found ${describeValue(actual)}` : `${describeValue(actual)} is not one of ${options.join(', ')}${near}`)
        return
      }
      case 'too_small':
        add(path, `"${lastKey(path)}" ${sizeMessage(issue, true)}`)
        return
      case 'too_big':
        add(path, `"${lastKey(path)}" ${sizeMessage(issue, false)}`)
        return
      case 'invalid_format':
        add(path, typeof actual === 'string' ? `"${actual}" is not valid here: ${issue.message}` : issue.message)
        return
      case 'custom':
        add(path, typeof actual === 'string' ? `"${actual}" is not valid here: ${issue.message}` : issue.message)
        return
      default:
        add(path, issue.message)
    }
  }
  for (const issue of issues) visit(issue, [])
  return out
}
