import { describe, expect, test } from '@jest/globals'
import { assertionKind } from '../../src/gates/assertions/registry.js'
import { parseOptions } from '../../src/matrix/assertion-options.js'

describe('parseOptions', () => {
  const file = assertionKind('file')!
  const docs = assertionKind('docs')!

  test('parses as the kind does, once per options object', () => {
    const options = { path: 'README.md', contains: '^# ' }
    const first = parseOptions(file, options)
    expect(first).toEqual(file.options.safeParse(options))
    expect(parseOptions(file, options)).toBe(first)
    // An equal object is another entry: parsed for itself.
    expect(parseOptions(file, { ...options })).not.toBe(first)
  })

  test('another kind parses the same object with its own schema', () => {
    const options = { path: 'README.md' }
    expect(parseOptions(file, options).success).toBe(true)
    expect(parseOptions(docs, options)).toEqual(docs.options.safeParse(options))
  })

  test('a value that is no object is parsed each time, and its failure kept as the kind gives it', () => {
    expect(parseOptions(file, 'README.md')).toEqual(file.options.safeParse('README.md'))
    expect(parseOptions(file, 'README.md').success).toBe(false)
  })
})
