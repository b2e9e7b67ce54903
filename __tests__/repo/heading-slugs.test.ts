import { describe, expect, it } from '@jest/globals'
import { headingSlugs } from '../../src/repo/heading-slugs.js'

const h = (...texts: string[]) => texts.map((text) => ({ text, depth: 2, line: 1, column: 1 }))

describe('GitHub heading anchors', () => {
  it('lower-cases, turns spaces into -, drops punctuation and keeps letters of any script', () => {
    expect(headingSlugs(h("What's next? (v2)", 'Roll back: the `deploy.sh` way', 'Überprüfung_1 — fertig'))).toEqual([
      'whats-next-v2',
      'roll-back-the-deploysh-way',
      'überprüfung_1--fertig',
    ])
  })

  it('numbers repeats -1, -2 in order, past a heading literally named like a repeat', () => {
    expect(headingSlugs(h('Setup', 'Setup', 'Setup-1', 'Setup'))).toEqual(['setup', 'setup-1', 'setup-1-1', 'setup-2'])
  })
})
