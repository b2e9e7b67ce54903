// Canonical JSON written in chunks. Evidence of a large matrix (tens of thousands of
// gates × environments) can be longer than the longest string V8 makes (about 512 M
// characters), so neither the file nor the digest may need the whole text at once. The
// chunks have exactly canonicalJson's bytes, written by a walk of the value here rather
// than by JSON.stringify with a sorting replacer, which copies every object it meets.
import { createHash } from 'node:crypto'
import { closeSync, openSync, writeSync } from 'node:fs'
import { canonicalJson, sortedKeys } from './canonical-json.js'

/** Chunks are gathered up to about this many characters before they are handed on. */
const CHUNK = 1 << 20

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

/** An array index key: an object made by sortedKeys lists these first, in numeric order. */
const INDEX_KEY = /^(?:0|[1-9][0-9]{0,9})$/

/** The keys JSON.stringify(value, sortedKeys) writes, in its order: sorted, except that
 * integer-like keys come first in numeric order (the order of the copy sortedKeys makes). */
function startsWithDigit(k: string): boolean {
  const c = k.charCodeAt(0)
  return c >= 0x30 && c <= 0x39
}

function keysOf(record: Record<string, unknown>): string[] {
  const keys = Object.keys(record).sort()
  // Only a key that starts with a digit can be an index (evidence keys never do).
  if (!keys.some(startsWithDigit)) return keys
  const isIndex = (k: string): boolean => INDEX_KEY.test(k) && Number(k) < 2 ** 32 - 1
  const indexKeys = keys.filter(isIndex)
  if (!indexKeys.length) return keys
  return [...indexKeys.sort((a, b) => Number(a) - Number(b)), ...keys.filter((k) => !isIndex(k))]
}

/** `"key":` (or `"key": `), kept per key: evidence repeats a few dozen keys a million times. */
const keyTexts = [new Map<string, string>(), new Map<string, string>()]
function keyText(key: string, pretty: boolean): string {
  const cache = keyTexts[pretty ? 1 : 0]
  let text = cache.get(key)
  if (text === undefined) {
    text = `${JSON.stringify(key)}${pretty ? ': ' : ':'}`
    if (cache.size < 1000) cache.set(key, text)
  }
  return text
}

/** What JSON.stringify leaves out of an object (and writes as null in an array). */
function isSkipped(value: unknown): boolean {
  return value === undefined || typeof value === 'function' || typeof value === 'symbol'
}

const indents: string[] = []
function newline(depth: number): string {
  return (indents[depth] ??= `\n${'  '.repeat(depth)}`)
}

function emit(value: unknown, depth: number, pretty: boolean, out: Chunks): void {
  if (value === null) return out.add('null')
  switch (typeof value) {
    case 'string':
      return out.add(JSON.stringify(value))
    case 'number':
    case 'boolean':
      return out.add(JSON.stringify(value))
    case 'object':
      break
    default:
      // undefined, a function or a symbol only reaches here as an array item: null, as JSON writes it.
      // A bigint throws in JSON.stringify, as it does in canonicalJson.
      return out.add(JSON.stringify(value) ?? 'null')
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    // Rare (a Date): JSON.stringify's own handling, indented to this depth.
    const text = JSON.stringify(value, sortedKeys, pretty ? 2 : undefined) ?? 'null'
    return out.add(pretty && depth ? text.replace(/\n/g, newline(depth)) : text)
  }
  const open = pretty ? newline(depth + 1) : ''
  const close = pretty ? newline(depth) : ''
  if (Array.isArray(value)) {
    if (!value.length) return out.add('[]')
    out.add('[')
    for (let i = 0; i < value.length; i++) {
      out.add(i ? `,${open}` : open)
      emit(value[i], depth + 1, pretty, out)
    }
    return out.add(`${close}]`)
  }
  const record = value as Record<string, unknown>
  let first = true
  for (const key of keysOf(record)) {
    const item = record[key]
    if (isSkipped(item)) continue
    out.add(first ? '{' : ',')
    out.add(open)
    out.add(keyText(key, pretty))
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
