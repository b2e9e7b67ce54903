// Canonical JSON written in chunks. Evidence of a large matrix (tens of thousands of
// gates × environments) can be longer than the longest string V8 makes (about 512 M
// characters), so neither the file nor the digest may need the whole text at once. The
// top two levels and long lists are walked here; every other value is written by a native
// JSON.stringify of its canonically ordered copy (canonicalOrder), and one too long for a
// string is walked further.
import { createHash } from 'node:crypto'
import { closeSync, openSync, writeSync } from 'node:fs'
import { canonicalJson, canonicalOrder } from './canonical-json.js'

/** Chunks are gathered up to about this many characters before they are handed on. */
const CHUNK = 1 << 20
/** Values at this depth and below are written whole by JSON.stringify, unless they hold a long list. */
const WHOLE_DEPTH = 2
/** A list longer than this is written item by item: a long string stays in memory until a full
 * collection, so the evidence of one environment as one string would cost tens of MB. */
const LONG_LIST = 16

function writtenWhole(value: unknown, depth: number): boolean {
  if (value === null || typeof value !== 'object') return true
  if (depth < WHOLE_DEPTH) return false
  if (Array.isArray(value)) return value.length <= LONG_LIST
  for (const item of Object.values(value)) if (Array.isArray(item) && item.length > LONG_LIST) return false
  return true
}

class Chunks {
  private text = ''

  constructor(private readonly sink: (chunk: string) => void) {}

  add(text: string): void {
    this.text += text
    if (this.text.length >= CHUNK) this.flush()
  }

  flush(): void {
    if (this.text) this.sink(this.text)
    this.text = ''
  }
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol'
}

const indents: string[] = []
function newline(depth: number): string {
  return (indents[depth] ??= `\n${'  '.repeat(depth)}`)
}

/** JSON.stringify of an ordered value at `depth`, indented to it; null when too long for one string. */
function whole(value: unknown, depth: number, pretty: boolean): string | null {
  // Pretty: inside `depth` one-item lists JSON.stringify indents the value to its depth
  // itself; their brackets are cut off again (cheaper than re-indenting every line).
  let wrapped = value
  if (pretty) for (let i = 0; i < depth; i++) wrapped = [wrapped]
  let text: string | undefined
  try {
    text = JSON.stringify(wrapped, null, pretty ? 2 : undefined)
  } catch (e) {
    // "Invalid string length": longer than V8 can make a string.
    if (e instanceof RangeError) return null
    throw e
  }
  // undefined, a function or a symbol only reaches here as an array item: null, as JSON writes it.
  if (text === undefined) return 'null'
  if (!pretty || !depth) return text
  // `[` and a line break and indentation per level before the value; a line break, indentation and `]` after it.
  const before = 2 * depth + depth * (depth + 1)
  const after = 2 * depth + depth * (depth - 1)
  return text.slice(before, text.length - after)
}

/** Items `from` up to `to` of a list at `depth`, as the walk writes them between its
 * brackets (each at depth + 1, separated by a comma and the line break), by one
 * JSON.stringify of the run; null when too long for one string. */
function run(list: unknown[], from: number, to: number, depth: number, pretty: boolean): string | null {
  const text = whole(list.slice(from, to), depth, pretty)
  if (text === null) return null
  // The run's own brackets cut off: `[` and the line break before its first item, the line break and `]` after its last.
  const open = pretty ? 1 + newline(depth + 1).length : 1
  const close = pretty ? newline(depth).length + 1 : 1
  return text.slice(open, text.length - close)
}

/** Writes `value`, already in canonical order (no toJSON left), at `depth`. */
function emit(value: unknown, depth: number, pretty: boolean, out: Chunks): void {
  if (writtenWhole(value, depth)) {
    const text = whole(value, depth, pretty)
    if (text !== null) return out.add(text)
  }
  const open = pretty ? newline(depth + 1) : ''
  const close = pretty ? newline(depth) : ''
  if (Array.isArray(value)) {
    if (!value.length) return out.add('[]')
    out.add('[')
    for (let i = 0; i < value.length; ) {
      out.add(i ? `,${open}` : open)
      // Items written whole go LONG_LIST at a time: one JSON.stringify per item costs more
      // than the item's text, and a run of them is still a short string.
      let end = i
      while (end < value.length && end - i < LONG_LIST && writtenWhole(value[end], depth + 1)) end++
      const text = end - i > 1 ? run(value, i, end, depth, pretty) : null
      if (text !== null) {
        out.add(text)
        i = end
      } else emit(value[i++], depth + 1, pretty, out)
    }
    return out.add(`${close}]`)
  }
  const record = value as Record<string, unknown>
  let first = true
  for (const key of Object.keys(record)) {
    const item = record[key]
    if (isSkipped(item)) continue
    out.add(first ? '{' : ',')
    out.add(open)
    out.add(`${JSON.stringify(key)}${pretty ? ': ' : ':'}`)
    first = false
    emit(item, depth + 1, pretty, out)
  }
  out.add(first ? '{}' : `${close}}`)
}

/** canonicalJson(value, options), handed to `sink`: as one string when it fits in one
 * (the fast path), else in chunks. */
export function writeCanonicalJson(value: unknown, sink: (chunk: string) => void, options: { pretty?: boolean } = {}): void {
  let text: string
  try {
    text = canonicalJson(value, options)
  } catch (e) {
    if (!(e instanceof RangeError)) throw e
    return writeCanonicalJsonChunks(value, sink, options)
  }
  sink(text)
}

/** canonicalJson(value, options), made and handed to `sink` in chunks of about 1 MiB. */
export function writeCanonicalJsonChunks(value: unknown, sink: (chunk: string) => void, options: { pretty?: boolean } = {}): void {
  writeOrderedChunks(canonicalOrder(value), sink, options)
}

/** writeCanonicalJsonChunks of a value canonicalOrder returned (no second walk). */
function writeOrderedChunks(value: unknown, sink: (chunk: string) => void, options: { pretty?: boolean }): void {
  const out = new Chunks(sink)
  emit(value, 0, options.pretty ?? false, out)
  if (options.pretty) out.add('\n')
  out.flush()
}

/** Write canonicalJson(value, options) to the file at `path`, always in chunks: the whole
 * text at once would be the largest allocation of a big run (and its peak memory). */
export function writeCanonicalJsonFile(path: string, value: unknown, options: { pretty?: boolean } = {}): void {
  const fd = openSync(path, 'w')
  try {
    writeCanonicalJsonChunks(
      value,
      (chunk) => {
        const bytes = Buffer.from(chunk, 'utf8')
        for (let at = 0; at < bytes.length; ) at += writeSync(fd, bytes, at)
      },
      options,
    )
  } finally {
    closeSync(fd)
  }
}

/** sha256 of canonicalJson(value) (compact), hashed chunk by chunk without making the text. */
export function canonicalDigest(value: unknown): string {
  return orderedDigest(canonicalOrder(value))
}

/** canonicalDigest of a value canonicalOrder returned: sealing orders the evidence once for
 * its digest and its writes. */
export function orderedDigest(ordered: unknown): string {
  const hash = createHash('sha256')
  writeOrderedChunks(ordered, (chunk) => hash.update(chunk), {})
  return `sha256:${hash.digest('hex')}`
}
