// A text that names a plain value exactly, to look up what was computed from an equal value
// (the parse of resolved options). Unlike JSON it keeps apart what JSON conflates (NaN, ±Infinity
// and null; -0 and 0; undefined and a missing key; key order), and it names nothing it cannot
// tell apart (holes, objects that are not plain, functions, symbols, bigints): those have no key.
// Plain data is what resolveTemplates makes: arrays and objects of own enumerable data properties.

/** The value's key, or undefined when it is not plain data (then look nothing up). */
export function plainKey(value: unknown): string | undefined {
  switch (typeof value) {
    case 'string':
      // JSON escapes every quote, backslash and lone surrogate: a string's text cannot end early.
      return JSON.stringify(value)
    case 'number':
      return Object.is(value, -0) ? 'n-0' : `n${value}`
    case 'boolean':
      return value ? 't' : 'f'
    case 'undefined':
      return 'u'
    case 'object':
      if (value === null) return 'z'
      return Array.isArray(value) ? arrayKey(value) : objectKey(value)
    default:
      return undefined
  }
}

function arrayKey(value: unknown[]): string | undefined {
  if (Object.getPrototypeOf(value) !== Array.prototype) return undefined
  let key = '['
  for (let i = 0; i < value.length; i++) {
    if (!(i in value)) return undefined
    const item = plainKey(value[i])
    if (item === undefined) return undefined
    key += i > 0 ? `,${item}` : item
  }
  return `${key}]`
}

function objectKey(value: object): string | undefined {
  const proto: unknown = Object.getPrototypeOf(value)
  if (proto !== Object.prototype && proto !== null) return undefined
  let key = '{'
  let first = true
  for (const name of Object.keys(value)) {
    const item = plainKey((value as Record<string, unknown>)[name])
    if (item === undefined) return undefined
    key += `${first ? '' : ','}${JSON.stringify(name)}:${item}`
    first = false
  }
  return `${key}}`
}
