import { formatKeyPath, parseDataPath, resolveDataPath, type PathSegment } from '../../src/repo/data-path.js'

function segments(text: string): PathSegment[] {
  const parsed = parseDataPath(text)
  if (!parsed.ok) throw new Error(parsed.message)
  return parsed.segments
}

describe('parseDataPath', () => {
  it.each<[string, PathSegment[]]>([
    ['a', [{ kind: 'key', key: 'a' }]],
    ['jobs.smoke.env.BASE_URL', ['jobs', 'smoke', 'env', 'BASE_URL'].map((key) => ({ kind: 'key' as const, key }))],
    ['a[0]', [{ kind: 'key', key: 'a' }, { kind: 'index', index: 0 }]],
    ['a[*].b', [{ kind: 'key', key: 'a' }, { kind: 'wildcard' }, { kind: 'key', key: 'b' }]],
    ['a.*.b', [{ kind: 'key', key: 'a' }, { kind: 'wildcard' }, { kind: 'key', key: 'b' }]],
    ['["key.with.dots"]', [{ kind: 'key', key: 'key.with.dots' }]],
    ["a['x]y'].c", [{ kind: 'key', key: 'a' }, { kind: 'key', key: 'x]y' }, { kind: 'key', key: 'c' }]],
    ['a.b[*]', [{ kind: 'key', key: 'a' }, { kind: 'key', key: 'b' }, { kind: 'wildcard' }]],
    ['applinks.details[0].appIDs[1]', [
      { kind: 'key', key: 'applinks' }, { kind: 'key', key: 'details' }, { kind: 'index', index: 0 },
      { kind: 'key', key: 'appIDs' }, { kind: 'index', index: 1 },
    ]],
    ['/.well-known.x-y', [{ kind: 'key', key: '/' }, { kind: 'key', key: 'well-known' }, { kind: 'key', key: 'x-y' }]],
  ])('%s', (text, expected) => {
    expect(segments(text)).toEqual(expected)
  })

  it.each([
    ['a..b', 3, 'empty key'],
    ['a[', 2, 'missing "]"'],
    ['a[x]', 2, 'not an index'],
    ['a["x', 3, 'unterminated'],
    ['a["x"', 6, 'expected "]"'],
    ['a[0]b', 5, 'expected "."'],
    ['', 1, 'empty path'],
  ])('rejects %j at column %i', (text, column, message) => {
    const parsed = parseDataPath(text)
    expect(parsed.ok).toBe(false)
    if (!parsed.ok) {
      expect(parsed.column).toBe(column)
      expect(parsed.message).toContain(message)
    }
  })

  it('flags wildcards', () => {
    expect(parseDataPath('a[*]')).toMatchObject({ hasWildcard: true })
    expect(parseDataPath('a[1]')).toMatchObject({ hasWildcard: false })
  })
})

describe('resolveDataPath', () => {
  const data = {
    jobs: { build: { steps: [{ run: 'a' }, { uses: 'x' }, { run: 'c' }] }, test: { steps: [{ run: 'd' }] } },
    'key.with.dots': 1,
    list: [[1, 2], [3]],
  }

  it('resolves a plain path', () => {
    expect(resolveDataPath(data, segments('jobs.build.steps[2].run'))).toEqual({
      matches: [{ keyPath: ['jobs', 'build', 'steps', 2, 'run'], value: 'c' }],
      misses: [],
    })
  })

  it('flattens wildcard matches and records the branches that stop', () => {
    const r = resolveDataPath(data, segments('jobs[*].steps[*].run'))
    expect(r.matches.map((m) => m.value)).toEqual(['a', 'c', 'd'])
    expect(r.matches[2].keyPath).toEqual(['jobs', 'test', 'steps', 0, 'run'])
    expect(r.misses).toEqual([{ keyPath: ['jobs', 'build', 'steps', 1, 'run'], parent: { uses: 'x' } }])
  })

  it('nested wildcards give a flat list', () => {
    expect(resolveDataPath(data, segments('list[*][*]')).matches.map((m) => m.value)).toEqual([1, 2, 3])
  })

  it('reads quoted keys', () => {
    expect(resolveDataPath(data, segments('["key.with.dots"]')).matches[0].value).toBe(1)
  })

  it.each<[string, (string | number)[], unknown]>([
    ['jobs.deploy.steps', ['jobs', 'deploy'], data.jobs],
    ['jobs.build.steps[7]', ['jobs', 'build', 'steps', 7], data.jobs.build.steps],
    ['jobs.build.steps[0].run.x', ['jobs', 'build', 'steps', 0, 'run', 'x'], 'a'],
    ['jobs.build.steps[0].run[*]', ['jobs', 'build', 'steps', 0, 'run', 0], 'a'],
  ])('%s misses at %j', (text, keyPath, parent) => {
    expect(resolveDataPath(data, segments(text))).toEqual({ matches: [], misses: [{ keyPath, parent }] })
  })

  it('keeps null values as matches', () => {
    expect(resolveDataPath({ a: null }, segments('a')).matches).toEqual([{ keyPath: ['a'], value: null }])
  })
})

describe('formatKeyPath', () => {
  it('writes key paths back in path syntax', () => {
    expect(formatKeyPath(['jobs', 'smoke', 'steps', 2, 'run'])).toBe('jobs.smoke.steps[2].run')
    expect(formatKeyPath(['a', 'key.with.dots'])).toBe('a["key.with.dots"]')
  })
})
