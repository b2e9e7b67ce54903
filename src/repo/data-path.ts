// Path expressions into parsed data (`jobs.smoke.env.BASE_URL`, `a[0]`, `a[*].b`,
// `["key.with.dots"]`), resolved to concrete key paths so callers can locate each match
// in the source document.
import type { KeyPath } from './yaml.js'

export type PathSegment =
  | { kind: 'key'; key: string }
  | { kind: 'index'; index: number }
  /** `[*]` or `.*`: every item of a list, every value of a map. */
  | { kind: 'wildcard' }

export type ParsedDataPath =
  | { ok: true; segments: PathSegment[]; hasWildcard: boolean }
  /** `column` is 1-based within the path text. */
  | { ok: false; message: string; column: number }

export interface DataMatch {
  keyPath: (string | number)[]
  value: unknown
}

export interface DataResolution {
  matches: DataMatch[]
  /** Attempted concrete paths that stopped early: `keyPath` ends with the first missing key,
   * `parent` is the value that lacks it. */
  misses: { keyPath: (string | number)[]; parent: unknown }[]
}

const KEY_CHAR = /[^.[\]]/

export function parseDataPath(text: string): ParsedDataPath {
  const segments: PathSegment[] = []
  let i = 0
  const fail = (message: string, at = i): ParsedDataPath => ({ ok: false, message: `${message} in path "${text}"`, column: at + 1 })
  while (i < text.length) {
    const ch = text[i]
    if (ch === '[') {
      const start = i
      i++
      const quote = text[i]
      if (quote === '"' || quote === "'") {
        let key = ''
        i++
        while (i < text.length && text[i] !== quote) {
          if (text[i] === '\\' && i + 1 < text.length) i++
          key += text[i]
          i++
        }
        if (i >= text.length) return fail(`unterminated ${quote} quote`, start + 1)
        i++
        if (text[i] !== ']') return fail('expected "]" after the quoted key')
        segments.push({ kind: 'key', key })
      } else {
        const close = text.indexOf(']', i)
        if (close < 0) return fail('missing "]"', start)
        const inner = text.slice(i, close).trim()
        if (inner === '*') segments.push({ kind: 'wildcard' })
        else if (/^\d+$/.test(inner)) segments.push({ kind: 'index', index: Number(inner) })
        else return fail(`"[${inner}]" is not an index, [*] or a quoted key`, start)
        i = close
      }
      i++
    } else {
      if (segments.length > 0) {
        if (ch !== '.') return fail('expected "." or "[" between segments')
        i++
      }
      const start = i
      while (i < text.length && KEY_CHAR.test(text[i])) i++
      const key = text.slice(start, i)
      if (key === '') return fail('empty key', start)
      segments.push(key === '*' ? { kind: 'wildcard' } : { kind: 'key', key })
    }
  }
  if (segments.length === 0) return fail('empty path', 0)
  return { ok: true, segments, hasWildcard: segments.some((s) => s.kind === 'wildcard') }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}

/** Every concrete match of `segments` in `root`, in document order, and where branches stopped. */
export function resolveDataPath(root: unknown, segments: PathSegment[]): DataResolution {
  const out: DataResolution = { matches: [], misses: [] }
  const step = (value: unknown, keyPath: (string | number)[], rest: PathSegment[]): void => {
    if (rest.length === 0) {
      out.matches.push({ keyPath, value })
      return
    }
    const [seg, ...tail] = rest
    if (seg.kind === 'wildcard') {
      if (Array.isArray(value)) value.forEach((item, n) => step(item, [...keyPath, n], tail))
      else if (isRecord(value)) for (const [k, v] of Object.entries(value)) step(v, [...keyPath, k], tail)
      else out.misses.push({ keyPath: [...keyPath, 0], parent: value })
      return
    }
    if (seg.kind === 'index' || (seg.kind === 'key' && Array.isArray(value) && /^\d+$/.test(seg.key))) {
      const index = seg.kind === 'index' ? seg.index : Number(seg.key)
      if (Array.isArray(value) && index < value.length) step(value[index], [...keyPath, index], tail)
      else out.misses.push({ keyPath: [...keyPath, index], parent: value })
      return
    }
    if (isRecord(value) && Object.prototype.hasOwnProperty.call(value, seg.key)) step(value[seg.key], [...keyPath, seg.key], tail)
    else out.misses.push({ keyPath: [...keyPath, seg.key], parent: value })
  }
  step(root, [], segments)
  return out
}

/** A concrete key path written back in path syntax, for messages: `jobs.smoke.steps[2].run`. */
export function formatKeyPath(keyPath: KeyPath): string {
  let out = ''
  for (const k of keyPath) {
    if (typeof k === 'number') out += `[${k}]`
    else if (/^[^.[\]"'\s]+$/.test(k) && k !== '*') out += out === '' ? k : `.${k}`
    else out += `[${JSON.stringify(k)}]`
  }
  return out
}
