import { describe, expect, it } from '@jest/globals'
import { normalizeRepoPath } from '../../src/repo/paths.js'

/** The definition: forward slashes, then no empty and no `.` segments. */
const reference = (p: string): string =>
  p
    .replace(/\\/g, '/')
    .split('/')
    .filter((seg) => seg !== '' && seg !== '.')
    .join('/')

describe('normalizeRepoPath', () => {
  it('gives the definition on every path made of these parts, the ones it leaves alone included', () => {
    const parts = ['a', '.', '..', '', '.a', 'a.', '...', 'b c', '\\', 'é']
    const paths = new Set<string>([''])
    for (const x of parts) for (const y of parts) for (const z of parts) for (const sep of ['/', '\\', '//']) paths.add([x, y, z].join(sep))
    for (const p of [...paths]) for (const q of [`/${p}`, `${p}/`, `./${p}`, `${p}/.`]) paths.add(q)
    const differing = [...paths].filter((p) => normalizeRepoPath(p) !== reference(p))
    expect(differing).toEqual([])
    expect(paths.size).toBeGreaterThan(2000)
    expect(normalizeRepoPath('docs/./a//b/')).toBe('docs/a/b')
    expect(normalizeRepoPath('.github/workflows/x.yml')).toBe('.github/workflows/x.yml')
  })
})
