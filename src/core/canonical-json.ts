// Canonical JSON (keys sorted at every depth) and its sha256: the same inputs give the
// same bytes and the same digest locally and in CI.
import { createHash } from 'node:crypto'

/** An array index key: JavaScript enumerates these first, in numeric order, whatever the insertion order. */
const INDEX_KEY = /^(?:0|[1-9][0-9]{0,9})$/
const isIndex = (k: string): boolean => INDEX_KEY.test(k) && Number(k) < 2 ** 32 - 1

/** Only a key that starts with a digit can be an index. */
function startsWithDigit(k: string): boolean {
  const c = k.charCodeAt(0)
  return c >= 0x30 && c <= 0x39
}

/** Whether `keys` (an object's enumeration order) is canonical: sorted, index keys first in numeric order. */
function inCanonicalOrder(keys: string[]): boolean {
  for (let i = 0; i < keys.length; i++) {
    // Before the first key that starts with a digit, canonical order is plain string order.
    if (startsWithDigit(keys[i])) return canonicalKeys(keys).every((k, j) => k === keys[j])
    if (i && keys[i - 1] >= keys[i]) return false
  }
  return true
}

/** `keys` in canonical order: index keys (the ones JavaScript lists first) in numeric order, then the rest sorted. */
export function canonicalKeys(keys: string[]): string[] {
  const sorted = [...keys].sort()
  if (!sorted.some(isIndex)) return sorted
  return [...sorted.filter(isIndex).sort((a, b) => Number(a) - Number(b)), ...sorted.filter((k) => !isIndex(k))]
}

/**
 * `value` with the keys of every object in canonical order, so that a plain JSON.stringify
 * (native, several times faster than a sorting replacer or a walk) writes canonical JSON.
 * An object already in order is kept, not copied (evidence is mostly built in order, and
 * a sorted copy of a whole document would double it in memory); `toJSON` is applied as
 * JSON.stringify applies it.
 */
export function canonicalOrder(value: unknown): unknown {
  if (value === null || typeof value !== 'object' || settled.has(value)) return value
  return ordered(value, '', new Map())
}

/** Documents canonicalOrder returned that nothing changes afterwards (sealed evidence: its
 * digest is of these bytes): each write of one would otherwise walk it all again for nothing. */
const settled = new WeakSet<object>()

/** Marks `value`, canonicalOrder's result and never changed after, as needing no ordering. */
export function settleOrder<T extends object>(value: T): T {
  settled.add(value)
  return value
}

/** `done`: the copy made of each object out of order, so a shared one (a finding many cells
 * hold) is copied once. `key`: what JSON.stringify would pass to a toJSON (an index as a number). */
function ordered(value: object, key: string | number, done: Map<object, unknown>): unknown {
  const known = done.get(value)
  if (known !== undefined) return known
  let result: unknown
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // JSON.stringify passes the key; a shared object is ordered for the first one.
    const json = (value as { toJSON: (k: string) => unknown }).toJSON(String(key))
    result = json !== null && typeof json === 'object' ? ordered(json, key, done) : json
  } else if (Array.isArray(value)) {
    let out: unknown[] | null = null
    for (let i = 0; i < value.length; i++) {
      const v: unknown = value[i]
      // Only objects can be out of order: the (many) other values are not walked into.
      if (v === null || typeof v !== 'object') continue
      const item = ordered(v, i, done)
      if (item !== v) (out ??= [...value])[i] = item
    }
    result = out ?? value
  } else {
    const record = value as Record<string, unknown>
    const keys = Object.keys(record)
    let out: Record<string, unknown> | null = null
    if (!inCanonicalOrder(keys)) {
      // fromEntries makes own properties of every key, `__proto__` included (an assignment would not).
      out = Object.fromEntries(canonicalKeys(keys).map((k) => [k, record[k]]))
    }
    for (const k of keys) {
      const v = record[k]
      if (v === null || typeof v !== 'object') continue
      const item = ordered(v, k, done)
      if (item !== v) (out ??= { ...record })[k] = item
    }
    result = out ?? record
  }
  if (result !== value) done.set(value, result)
  return result
}

/** JSON with keys sorted at every depth. `pretty` indents by two spaces and ends with a newline. */
export function canonicalJson(value: unknown, options: { pretty?: boolean } = {}): string {
  const ordered = canonicalOrder(value)
  return options.pretty ? `${JSON.stringify(ordered, null, 2)}\n` : JSON.stringify(ordered)
}

export function sha256(text: string | Buffer): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`
}

/** `items` without repeats, first occurrence kept: two items are the same when their canonical JSON is. */
export function uniqueCanonical<T>(items: Iterable<T>): T[] {
  const seen = new Set<string>()
  const kept: T[] = []
  for (const item of items) {
    const key = canonicalJson(item)
    if (seen.has(key)) continue
    seen.add(key)
    kept.push(item)
  }
  return kept
}
