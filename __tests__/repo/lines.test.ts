import { describe, expect, it } from '@jest/globals'
import { LineCursor, lineStarts, positionAt } from '../../src/repo/lines.js'

describe('LineCursor', () => {
  const text = 'on: push\r\n\njobs:\n  a:\n    steps: []\n\n\nend'
  const starts = lineStarts(text)
  const offsets = Array.from({ length: text.length + 3 }, (_, i) => i - 1)

  it.each([
    ['in order', offsets],
    ['in reverse', [...offsets].reverse()],
    ['jumping', offsets.map((_, i) => offsets[(i * 7) % offsets.length])],
  ])('finds what positionAt finds, offsets %s (before the text, on every line, past its end)', (_name, order) => {
    const cursor = new LineCursor(starts)
    for (const offset of order) expect(cursor.positionAt(offset)).toEqual(positionAt(starts, offset))
  })
})
