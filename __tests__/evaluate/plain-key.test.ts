import { describe, expect, it } from '@jest/globals'
import { plainKey } from '../../src/engine/plain-key.js'

/** The straightforward definition: the same leaves (Object.is), the same keys in the same order. */
function samePlain(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) || Array.isArray(b)) return Array.isArray(a) && Array.isArray(b) && a.length === b.length && a.every((v, i) => samePlain(v, b[i]))
  if (a !== null && b !== null && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a)
    const kb = Object.keys(b)
    return ka.length === kb.length && ka.every((k, i) => k === kb[i] && samePlain((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  }
  return Object.is(a, b)
}

const values: unknown[] = [
  null, undefined, NaN, Infinity, -Infinity, 0, -0, 1, 1.5, 1e21, '1', 'n1', '', '"', '\\', '\ud800', 'a,b', true, false, 'true',
  [], [null], [undefined], [[]], ['a', 'b'], ['a,b'], ['b', 'a'],
  {}, { a: 1 }, { a: undefined }, { b: 1, a: 2 }, { a: 2, b: 1 }, { 'a":1,"b': 2 }, { a: { b: [] } }, { a: null }, { a: NaN }, { a: -0 }, { a: 0 },
  JSON.parse('{"__proto__": 1}'), Object.assign(Object.create(null), { a: 1 }),
]

describe('plainKey', () => {
  it('gives two plain values the same key exactly when they are the same value', () => {
    for (const a of values) {
      for (const b of values) expect([a, b, plainKey(a) === plainKey(b)]).toEqual([a, b, samePlain(a, b)])
    }
  })

  it('gives an equal copy the same key', () => {
    const copy = (v: unknown): unknown =>
      Array.isArray(v) ? v.map(copy) : v !== null && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, copy(x)])) : v
    for (const v of values) expect(plainKey(copy(v))).toBe(plainKey(v))
  })

  it('names nothing it cannot tell apart', () => {
    // eslint-disable-next-line no-sparse-arrays
    for (const v of [new Date(0), new Map(), /x/, () => 1, Symbol('s'), 1n, [, 1], { a: new Date(0) }, [() => 1], new (class Box {})()]) {
      expect(plainKey(v)).toBeUndefined()
    }
  })
})
