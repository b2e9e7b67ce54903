// A text that names a plain value exactly, to look up what was computed from an equal value
// (the parse of resolved options). Unlike JSON it keeps apart what JSON conflates (NaN, ±Infinity
// and null; -0 and 0; undefined and a missing key; key order), and it names nothing it cannot
// tell apart (holes, non-plain objects, functions): those have no key.

/** The value's key, or undefined when it is not plain data (then look nothing up). */
export function plainKey(value: unknown): string | undefined {
  const parts: string[] = []
  return write(value, parts) ? parts.join('') : undefined
}

function write(value: unknown, parts: string[]): boolean {
  switch (typeof value) {
    case 'string':
      // JSON escapes every quote, backslash and lone surrogate: a string's text cannot end early.
      parts.push(JSON.stringify(value))
      return true
    case 'number':
      parts.push(Object.is(value, -0) ? 'n-0' : `n${String(value)}`)
      return true
    case 'boolean':
      parts.push(value ? 't' : 'f')
      return true
    case 'undefined':
      parts.push('u')
      return true
    case 'object':
      if (value === null) {
        parts.push('z')
        return true
      }
      return Array.isArray(value) ? writeArray(value, parts) : writeObject(value, parts)
    default:
      return false
  }
}

function writeArray(value: unknown[], parts: string[]): boolean {
  if (Object.getPrototypeOf(value) !== Array.prototype) return false
  parts.push('[')
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) return false
    if (i > 0) parts.push(',')
    if (!write(value[i], parts)) return false
  }
  parts.push(']')
  return true
}

function writeObject(value: object, parts: string[]): boolean {
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return false
  // Symbol keys, getters and non-enumerable keys are what a parse may see and the key would not.
  if (Object.getOwnPropertySymbols(value).length > 0) return false
  const descriptors = Object.getOwnPropertyDescriptors(value)
  parts.push('{')
  let first = true
  for (const key of Object.keys(descriptors)) {
    const d = descriptors[key]
    if (!d.enumerable || d.get || d.set) return false
    if (!first) parts.push(',')
    first = false
    parts.push(JSON.stringify(key), ':')
    if (!write(d.value, parts)) return false
  }
  parts.push('}')
  return true
}
