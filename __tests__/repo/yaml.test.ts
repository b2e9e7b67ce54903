import { describe, expect, it } from '@jest/globals'
import { parsePositioned } from '../../src/repo/yaml.js'

describe('keys that become one JS key', () => {
  it('refuses 1 and "1" in one mapping, as it refuses any duplicate, at the repeat', () => {
    const doc = parsePositioned('x.yml', 'envs:\n  1: { a: x }\n  "1": { b: y }\n')
    expect(doc.problems).toEqual([expect.objectContaining({ message: 'Map keys must be unique', line: 3, column: 3 })])
  })
})
