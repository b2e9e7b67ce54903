// Strict UTF-8 decoding for every text gate-matrix reads: a replacement character would
// make two different files read (and digest) the same, so invalid bytes are an error
// with the position of the first one.

const decoder = new TextDecoder('utf-8', { fatal: true })

export type Decoded = { ok: true; text: string } | { ok: false; offset: number; line: number; column: number; message: string }

/** Byte offset of the first byte that starts an invalid UTF-8 sequence, or -1 (the
 * WHATWG decoder's rules: no overlongs, no surrogates, nothing above U+10FFFF). */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0
  while (i < bytes.length) {
    const b = bytes[i]
    if (b < 0x80) {
      i++
      continue
    }
    let need: number
    let lo = 0x80
    let hi = 0xbf
    if (b >= 0xc2 && b <= 0xdf) need = 1
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2
      if (b === 0xe0) lo = 0xa0
      if (b === 0xed) hi = 0x9f
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3
      if (b === 0xf0) lo = 0x90
      if (b === 0xf4) hi = 0x8f
    } else return i
    for (let j = 1; j <= need; j++) {
      const c = bytes[i + j]
      if (c === undefined || c < lo || c > hi) return i
      lo = 0x80
      hi = 0xbf
    }
    i += need + 1
  }
  return -1
}

/** `bytes` as text, or where (1-based line and column, in characters) the first invalid byte is. */
export function decodeUtf8(bytes: Uint8Array): Decoded {
  try {
    return { ok: true, text: decoder.decode(bytes) }
  } catch {
    const offset = Math.max(0, firstInvalidByte(bytes))
    const lineStart = offset === 0 ? 0 : bytes.lastIndexOf(0x0a, offset - 1) + 1
    const line = bytes.subarray(0, lineStart).reduce((n, b) => (b === 0x0a ? n + 1 : n), 1)
    const column = [...decoder.decode(bytes.subarray(lineStart, offset))].length + 1
    const hex = bytes[offset]?.toString(16).padStart(2, '0') ?? '??'
    return { ok: false, offset, line, column, message: `is not valid UTF-8: byte 0x${hex} at line ${line}, column ${column} (byte offset ${offset}); save the file as UTF-8` }
  }
}
