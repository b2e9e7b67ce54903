import { describe, expect, it } from '@jest/globals'
import { parseTomlPositioned } from '../../src/repo/toml.js'
import { parseJsoncPositioned } from '../../src/repo/jsonc.js'

describe('parseTomlPositioned', () => {
  const text = [
    'title = "svc"', // 1
    'a.b.c = 1', // 2
    '[package]', // 3
    'version = "1.2.3"', // 4
    'big = 9007199254740993', // 5
    'when = 1979-05-27 07:32:00z', // 6
    'day = 1979-05-27', // 7
    '"__proto__" = "data"', // 8
    '[[bin]]', // 9
    'name = "x"', // 10
    '[[bin]]', // 11
    'name = "y"', // 12
    '[bin.extra]', // 13
    'k = [1, { v = true }]', // 14
  ].join('\n')
  const doc = parseTomlPositioned('Cargo.toml', text)

  it('gives the value TOML means, with dates as their text and big integers as digits', () => {
    expect(doc.problems).toEqual([])
    const value = doc.value as { title: string; a: unknown; bin: unknown; package: Record<string, unknown> }
    expect(value.title).toBe('svc')
    expect(value.a).toEqual({ b: { c: 1 } })
    expect(value.package.big).toBe('9007199254740993')
    expect(value.package.when).toBe('1979-05-27T07:32:00Z')
    expect(value.package.day).toBe('1979-05-27')
    expect(Object.getPrototypeOf(value.package)).toBe(Object.prototype)
    expect(Object.keys(value.package)).toContain('__proto__')
    expect(value.bin).toEqual([{ name: 'x' }, { name: 'y', extra: { k: [1, { v: true }] } }])
  })

  it('locates every key and value where it is written', () => {
    expect(doc.locate(['package', 'version']).location).toEqual({ path: 'Cargo.toml', line: 4, column: 11 })
    expect(doc.locate(['a', 'b', 'c']).location).toEqual({ path: 'Cargo.toml', line: 2, column: 9 })
    expect(doc.locate(['bin', 1, 'name']).location).toEqual({ path: 'Cargo.toml', line: 12, column: 8 })
    expect(doc.locate(['bin', 1, 'extra', 'k', 1, 'v']).location).toEqual({ path: 'Cargo.toml', line: 14, column: 15 })
    expect(doc.locateKey(['package', 'big'])).toEqual({ path: 'Cargo.toml', line: 5, column: 1 })
    // A missing key points where it must be added: the table that lacks it.
    expect(doc.locate(['package', 'edition'])).toEqual({ location: { path: 'Cargo.toml', line: 3, column: 2 }, found: false })
  })

  it('reports a syntax error or a repeated key at its 1-based line and column', () => {
    expect(parseTomlPositioned('a.toml', 'a = 1\nb = "x').problems).toEqual([{ message: expect.stringContaining('Unterminated'), line: 2, column: 7 }])
    expect(parseTomlPositioned('a.toml', 'a = 1\na = 2\n').problems).toEqual([{ message: expect.any(String), line: 2, column: 1 }])
    expect(parseTomlPositioned('a.toml', 'a = 1\na = 2\n').value).toBeUndefined()
  })

  it('withholds the parser\'s words in a secret-holding file', () => {
    expect(parseTomlPositioned('secrets.toml', 'token = "abc').problems[0].message).toContain('not shown')
  })
})

describe('parseJsoncPositioned', () => {
  it('reads comments and trailing commas, with positions', () => {
    const doc = parseJsoncPositioned('tsconfig.json', '{\n  // why\n  "compilerOptions": { "strict": true, /* x */ },\n  "list": [1, 2,],\n}\n')
    expect(doc.problems).toEqual([])
    expect(doc.value).toEqual({ compilerOptions: { strict: true }, list: [1, 2] })
    expect(doc.locate(['compilerOptions', 'strict']).location).toEqual({ path: 'tsconfig.json', line: 3, column: 34 })
    expect(doc.locate(['list', 1]).location).toEqual({ path: 'tsconfig.json', line: 4, column: 15 })
  })

  it('reports syntax errors, repeated keys and an empty file at their position', () => {
    expect(parseJsoncPositioned('a.jsonc', '{\n  "a": 1\n  "b": 2\n}').problems).toEqual([{ message: 'comma expected', line: 3, column: 3 }])
    expect(parseJsoncPositioned('a.jsonc', '{ "a": 1,\n  "a": 2 }').problems).toEqual([{ message: 'Map keys must be unique', line: 2, column: 3 }])
    expect(parseJsoncPositioned('a.jsonc', '// nothing\n').problems).toHaveLength(1)
  })

  it('keeps a __proto__ key as data', () => {
    const value = parseJsoncPositioned('a.jsonc', '{ "__proto__": { "x": 1 } }').value as object
    expect(Object.getPrototypeOf(value)).toBe(Object.prototype)
    expect(Object.keys(value)).toEqual(['__proto__'])
  })
})
