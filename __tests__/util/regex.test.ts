import { compileSafeRegex, type SafeRegex } from '../../src/core/safe-regex.js'

function compile(source: string, ignoreCase = false): SafeRegex {
  const result = compileSafeRegex(source, { ignoreCase })
  if (!result.ok) throw new Error(result.message)
  return result.regex
}

describe('compileSafeRegex', () => {
  it.each([
    ['\\|\\|\\s*true', 'run: deploy || true', true],
    ['\\|\\|\\s*true', 'run: deploy', false],
    ['^foo$', 'foo', true],
    ['^foo$', 'foo bar', false],
  ])('/%s/ test(%j) = %s', (source, text, expected) => {
    expect(compile(source).test(text)).toBe(expected)
  })

  it('keeps the source', () => {
    expect(compile('a+b').source).toBe('a+b')
  })

  it('finds the first match as JS string index and length', () => {
    expect(compile('b+').find('xxbbbyb')).toEqual({ index: 2, length: 3 })
    expect(compile('z').find('abc')).toBeNull()
    expect(compile('').find('abc')).toEqual({ index: 0, length: 0 })
  })

  it('counts indices in UTF-16 code units, not bytes', () => {
    const text = 'é😀xbbb'
    const found = compile('b+').find(text)
    expect(found).toEqual({ index: 4, length: 3 })
    expect(text.slice(found!.index, found!.index + found!.length)).toBe('bbb')
  })

  it('honours ignoreCase', () => {
    expect(compile('secret').test('MY_SECRET')).toBe(false)
    expect(compile('secret', true).test('MY_SECRET')).toBe(true)
    expect(compile('secret', true).find('MY_SECRET')).toEqual({ index: 3, length: 6 })
  })

  it('runs a catastrophic-backtracking pattern on a 100k-character line', () => {
    const regex = compile('^(a+)+$')
    expect(regex.test('a'.repeat(100_000) + '!')).toBe(false)
    expect(regex.test('a'.repeat(100_000))).toBe(true)
  })

  it.each([
    ['(a)\\1', 'backreferences'],
    ['(?<n>a)\\k<n>', 'backreferences'],
    ['foo(?=bar)', 'lookaround'],
    ['foo(?!bar)', 'lookaround'],
    ['(?<=a)b', 'lookaround'],
  ])('refuses %s (%s) because matrix regexes run in linear time', (source, what) => {
    const result = compileSafeRegex(source)
    expect(result.ok).toBe(false)
    if (!result.ok) {
      expect(result.message).toContain(what)
      expect(result.message).toContain('linear time')
    }
  })

  it('reports a malformed pattern with the parser reason', () => {
    const result = compileSafeRegex('(abc')
    expect(result).toEqual({ ok: false, message: expect.stringContaining('missing closing )') })
  })
})
