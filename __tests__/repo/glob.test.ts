// compileGlob and globMatcher test what picomatch(glob, { dot: true }) tests, without its
// result objects: every pattern against every path here agrees with picomatch's own answer.
import { describe, expect, it } from '@jest/globals'
import picomatch from 'picomatch'
import { compileGlob, globMatcher, matchingPaths } from '../../src/repo/glob.js'

const PATTERNS = [
  'docs/*.md', 'docs/**', '**/*.md', '**', '*', '.github/workflows/*.{yml,yaml}', 'deploy/dev-0[1-3]/**',
  'apps/?pi/**', '!docs/**', 'docs/[draft].md', 'a|b/*.pem', '@(apps|docs)/**', 'apps/!(web)/**', '+(a|b).txt',
  'README.md', '.env*', '**/.env', 'migrations/**/*.up.sql', 'src/**/[!_]*.ts', 'x/**/y', 'a/*/b', '{a,b}/**/c.*',
]
const PATHS = [
  '', 'README.md', 'docs', 'docs/a.md', 'docs/.hidden.md', 'docs/deep/b.md', 'docs/[draft].md', 'docs/d.md',
  '.github/workflows/ci.yml', '.github/workflows/ci.yaml', '.github/workflows/ci.json', 'deploy/dev-02/x.json',
  'deploy/dev-04/x.json', 'apps/api/main.ts', 'apps/web/main.ts', 'a', 'b/k.pem', 'c/k.pem', 'a.txt', 'ab.txt',
  '.env', '.env.local', 'config/.env', 'migrations/s1/001.up.sql', 'src/_private.ts', 'src/lib/public.ts',
  'x/y', 'x/1/2/y', 'a/q/b', 'a/b', 'b/z/c.js', 'a\\b', '!docs/a.md', 'a|b/*.pem',
]

describe('compileGlob', () => {
  it('agrees with picomatch on every pattern and path, the glob text matching itself included', () => {
    for (const pattern of PATTERNS) {
      const reference = picomatch(pattern, { dot: true })
      const fast = compileGlob(pattern)
      for (const path of [...PATHS, pattern]) expect([pattern, path, fast(path)]).toEqual([pattern, path, reference(path)])
    }
  })

  it('refuses an empty pattern as picomatch does', () => {
    expect(() => compileGlob('')).toThrow(TypeError)
  })
})

describe('globMatcher', () => {
  it('matches any of its patterns (normalised) as picomatch does, and is cached by the list', () => {
    const lists = [['docs/**', 'apps/api/**'], ['./docs/*.md'], ['docs\\*.md'], [], PATTERNS]
    for (const list of lists) {
      const reference = picomatch(list.map((p) => p.replace(/\\/g, '/').replace(/^\.\//, '')), { dot: true })
      const fast = globMatcher(list)
      for (const path of PATHS) expect([list, path, fast(path)]).toEqual([list, path, Boolean(reference(path))])
    }
    expect(globMatcher(['docs/**', 'apps/api/**'])).toBe(globMatcher(['docs/**', 'apps/api/**']))
  })

  it('takes one argument, so it can be handed to some() and filter()', () => {
    expect(['x', 'docs/a.md'].filter(globMatcher(['docs/*.md']))).toEqual(['docs/a.md'])
  })
})

describe('matchingPaths', () => {
  it('is the paths globMatcher matches, found once per list and patterns', () => {
    for (const list of [['docs/**'], ['docs/**', 'apps/api/**'], ['!docs/**'], []]) {
      expect([list, [...matchingPaths(PATHS, list)]]).toEqual([list, PATHS.filter(globMatcher(list))])
    }
    expect(matchingPaths(PATHS, ['docs/**'])).toBe(matchingPaths(PATHS, ['docs/**']))
    // Another list is matched for itself, whatever the first answered.
    const other = ['apps/web/x.ts']
    expect([...matchingPaths(other, ['docs/**'])]).toEqual([])
    expect([...matchingPaths(other, ['apps/**'])]).toEqual(['apps/web/x.ts'])
  })
})
