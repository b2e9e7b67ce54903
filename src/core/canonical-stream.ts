// Canonical JSON written in chunks. Evidence of a large matrix (tens of thousands of
// gates × environments) can be longer than the longest string V8 makes (about 512 M
// characters), so neither the file nor the digest may need the whole text at once. When
// the text does not fit in one string, it is made in chunks with exactly canonicalJson's
// bytes: the outer levels are written here, key by key and item by item, and each value
// below them by JSON.stringify.
import { createHash } from 'node:crypto'
import { closeSync, openSync, writeSync } from 'node:fs'
import { canonicalJson, sortedKeys } from './canonical-json.js'

/** Levels written piece by piece: evidence → environments → [i] → gates → [j] (one cell). */
const STREAMED_DEPTH = 4
/** Chunks are gathered up to about this many characters before they are handed on. */
const CHUNK = 1 << 20

class Chunks {
  private parts: string[] = []
  private size = 0

  constructor(private readonly sink: (chunk: string) => void) {}

  add(text: string): void {
    this.parts.push(text)
    this.size += text.length
    if (this.size >= CHUNK) this.flush()
  }

  flush(): void {
    if (this.size) this.sink(this.parts.join(''))
    this.parts = []
    this.size = 0
  }
}

function emit(value: unknown, depth: number, pretty: boolean, out: Chunks): void {
  if (depth >= STREAMED_DEPTH || value === null || typeof value !== 'object') {
    // undefined only reaches here as an array item, which JSON writes as null.
    const text = JSON.stringify(value, sortedKeys, pretty ? 2 : undefined) ?? 'null'
    out.add(pretty && depth ? text.replace(/\n/g, `\n${'  '.repeat(depth)}`) : text)
    return
  }
  const open = pretty ? `\n${'  '.repeat(depth + 1)}` : ''
  const close = pretty ? `\n${'  '.repeat(depth)}` : ''
  if (Array.isArray(value)) {
    if (!value.length) return out.add('[]')
    out.add('[')
    value.forEach((item, i) => {
      out.add(i ? `,${open}` : open)
      emit(item, depth + 1, pretty, out)
    })
    return out.add(`${close}]`)
  }
  const record = value as Record<string, unknown>
  const keys = Object.keys(record)
    .sort()
    .filter((k) => record[k] !== undefined)
  if (!keys.length) return out.add('{}')
  out.add('{')
  keys.forEach((key, i) => {
    out.add(`${i ? ',' : ''}${open}${JSON.stringify(key)}${pretty ? ': ' : ':'}`)
    emit(record[key], depth + 1, pretty, out)
  })
  out.add(`${close}}`)
}

/** canonicalJson(value, options), handed to `sink`: as one string when it fits in one
 * (the fast path), else in chunks. */
export function writeCanonicalJson(value: unknown, sink: (chunk: string) => void, options: { pretty?: boolean } = {}): void {
  let text: string
  try {
    text = canonicalJson(value, options)
  } catch (e) {
    // "Invalid string length": longer than V8 can make a string.
    if (!(e instanceof RangeError)) throw e
    return writeCanonicalJsonChunks(value, sink, options)
  }
  sink(text)
}

/** canonicalJson(value, options), made and handed to `sink` in chunks of about 1 MiB. */
export function writeCanonicalJsonChunks(value: unknown, sink: (chunk: string) => void, options: { pretty?: boolean } = {}): void {
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
  const hash = createHash('sha256')
  writeCanonicalJsonChunks(value, (chunk) => hash.update(chunk))
  return `sha256:${hash.digest('hex')}`
}
