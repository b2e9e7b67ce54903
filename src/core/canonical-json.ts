// Canonical JSON (keys sorted at every depth) and its sha256: the same inputs give the
// same bytes and the same digest locally and in CI.
import { createHash } from 'node:crypto'

/** Serialises objects with their keys sorted, one object at a time: a sorted copy of the
 * whole document first would double the evidence in memory (the largest part of a big run). */
export function sortedKeys(_key: string, value: unknown): unknown {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) out[key] = (value as Record<string, unknown>)[key]
  return out
}

/** JSON with keys sorted at every depth. `pretty` indents by two spaces and ends with a newline. */
export function canonicalJson(value: unknown, options: { pretty?: boolean } = {}): string {
  return options.pretty ? `${JSON.stringify(value, sortedKeys, 2)}\n` : JSON.stringify(value, sortedKeys)
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
