import { BoundedCache } from '../../src/core/bounded-cache.js'

test('a value is computed once per key, and everything is forgotten at the limit', () => {
  const calls: string[] = []
  const cache = new BoundedCache<string, number>(2)
  const length = (k: string) => {
    calls.push(k)
    return k.length
  }
  expect([cache.get('a', length), cache.get('bb', length), cache.get('a', length)]).toEqual([1, 2, 1])
  expect(calls).toEqual(['a', 'bb'])
  // A third key clears the two kept: both are computed again.
  expect([cache.get('ccc', length), cache.get('a', length), cache.get('ccc', length)]).toEqual([3, 1, 3])
  expect(calls).toEqual(['a', 'bb', 'ccc', 'a'])
  cache.get('bb', length)
  expect(calls).toEqual(['a', 'bb', 'ccc', 'a', 'bb'])
})
