// Reading HTTP answers the way the live kinds judge them: a media type without parameters,
// the HSTS directives, a value at a dotted JSON path, and the retry schedule.

/** `application/json; charset=utf-8` → `application/json`; absent → null. */
export function mediaType(header: string | undefined): string | null {
  if (header === undefined) return null
  return header.split(';')[0].trim().toLowerCase() || null
}

/** The HSTS header's max-age and includeSubDomains; null when absent or without a valid max-age. */
export function parseHsts(header: string | undefined): { maxAge: number; includeSubDomains: boolean } | null {
  if (header === undefined) return null
  let maxAge: number | null = null
  let includeSubDomains = false
  for (const part of header.split(';')) {
    const [name, ...rest] = part.trim().split('=')
    const key = name.trim().toLowerCase()
    const value = rest.join('=').trim().replace(/^"(.*)"$/, '$1')
    if (key === 'max-age') {
      if (maxAge !== null || !/^\d{1,12}$/.test(value)) return null // repeated or malformed: invalid per RFC 6797
      maxAge = Number(value)
    } else if (key === 'includesubdomains') includeSubDomains = true
  }
  return maxAge === null ? null : { maxAge, includeSubDomains }
}

/** The value at a dotted path (`a.b.0.c`) of a JSON body. */
export function jsonAt(body: Buffer, path: string): { ok: true; value: unknown } | { ok: false; message: string } {
  let value: unknown
  try {
    value = JSON.parse(body.toString('utf8'))
  } catch {
    return { ok: false, message: body.length ? 'the body is not JSON' : 'the body is empty' }
  }
  for (const key of path.split('.')) {
    if (value !== null && typeof value === 'object' && Object.prototype.hasOwnProperty.call(value, key)) {
      value = (value as Record<string, unknown>)[key]
    } else {
      return { ok: false, message: `the JSON body has no ${path}` }
    }
  }
  return { ok: true, value }
}

/** 1 s, 2 s, 4 s, 8 s, then 10 s between retries. */
export function retryDelay(retry: number): number {
  return Math.min(1000 * 2 ** retry, 10_000)
}
