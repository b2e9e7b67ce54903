import { symlinkSync } from 'node:fs'
import { join } from 'node:path'
import { fileKind } from '../../src/gates/assertions/file.js'
import { brief, tempRepo as makeRepo, optionLocation, runKind as run, validateKind as validate } from '../support/gates.js'

const root = makeRepo({
  '.github/workflows/promotion.yml': 'on: workflow_dispatch\njobs:\n  promote:\n    steps:\n      - run: ./deploy.sh || true\n      - run: echo ok\n      - run: make  ||  true\n',
  '.github/workflows/ci.yml': 'on: push\njobs:\n  test:\n    steps:\n      - run: npm test\n',
  'docs/unicode.md': 'é😀 secret here\n',
  'assets/logo.png': Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0]),
  'crlf.txt': 'one\r\ntwo TODO\r\n',
})

describe('file', () => {
  it.each<[string, Record<string, unknown>, string, unknown[][]]>([
    ['plain path exists', { path: '.github/workflows/ci.yml' }, 'pass', []],
    ['glob exists', { path: '.github/workflows/*.yml' }, 'pass', []],
    ['missing path', { path: 'docs/RUNBOOK.md' }, 'missing', [['FILE_MISSING', 'missing', 'docs/RUNBOOK.md', undefined, undefined]]],
    ['glob without match', { path: 'deploy/**/*.tf' }, 'missing', [['FILE_MISSING', 'missing', 'deploy/**/*.tf', undefined, undefined]]],
    ['a directory is not a file', { path: 'docs' }, 'missing', [['FILE_MISSING', 'missing', 'docs', undefined, undefined]]],
    ['exists: false and absent', { path: 'legacy/*.sh', exists: false }, 'pass', []],
    ['exists: false and present', { path: '.github/workflows/*.yml', exists: false }, 'fail', [
      ['FILE_FORBIDDEN', 'fail', '.github/workflows/ci.yml', undefined, undefined],
      ['FILE_FORBIDDEN', 'fail', '.github/workflows/promotion.yml', undefined, undefined],
    ]],
    ['not_contains: every matching line', { path: '.github/workflows/*.yml', not_contains: '\\|\\|\\s*true' }, 'fail', [
      ['PATTERN_FORBIDDEN', 'fail', '.github/workflows/promotion.yml', 5, 26],
      ['PATTERN_FORBIDDEN', 'fail', '.github/workflows/promotion.yml', 7, 20],
    ]],
    ['not_contains: clean', { path: '.github/workflows/ci.yml', not_contains: '\\|\\|\\s*true' }, 'pass', []],
    ['contains: every file needs a line', { path: '.github/workflows/*.yml', contains: '^on: push$' }, 'fail', [
      ['PATTERN_MISSING', 'fail', '.github/workflows/promotion.yml', undefined, undefined],
    ]],
    ['contains: satisfied', { path: '.github/workflows/*.yml', contains: '^jobs:' }, 'pass', []],
    ['columns count UTF-16 code units', { path: 'docs/unicode.md', not_contains: 'secret' }, 'fail', [
      ['PATTERN_FORBIDDEN', 'fail', 'docs/unicode.md', 1, 5],
    ]],
    ['CRLF lines', { path: 'crlf.txt', not_contains: 'TODO$' }, 'fail', [['PATTERN_FORBIDDEN', 'fail', 'crlf.txt', 2, 5]]],
    ['binary file exists', { path: 'assets/logo.png' }, 'pass', []],
    ['binary file cannot be searched', { path: 'assets/logo.png', not_contains: 'x' }, 'blocked', [
      ['FILE_UNREADABLE', 'blocked', 'assets/logo.png', undefined, undefined],
    ]],
  ])('%s', async (_name, options, result, findings) => {
    const outcome = await run(fileKind, root, options)
    expect(brief(outcome)).toEqual(findings)
    expect(outcome.result).toBe(result)
  })

  it('says what matched and where in the message', async () => {
    const outcome = await run(fileKind, root, { path: '.github/workflows/promotion.yml', not_contains: '\\|\\|\\s*true' })
    expect(outcome.findings[0].message).toBe('line matches forbidden /\\|\\|\\s*true/: - run: ./deploy.sh || true')
  })

  it('exists: false finds a committed symlink whatever it points at: outside the repository, or nowhere', async () => {
    const linked = makeRepo({ 'ok.txt': 'x\n', 'config/app.yml': 'a: 1\n' })
    symlinkSync('/etc/hostname', join(linked, '.env'))
    symlinkSync(join(linked, 'no-such-file'), join(linked, 'config', '.env.production'))
    for (const path of ['.env', '.env*', 'config/.env.*', '**/.env*']) {
      const outcome = await run(fileKind, linked, { path, exists: false })
      expect([path, outcome.result]).toEqual([path, 'fail'])
      expect(outcome.findings.every((f) => f.code === 'FILE_FORBIDDEN')).toBe(true)
    }
    expect((await run(fileKind, linked, { path: '**/.env*', exists: false })).findings.map((f) => f.location.path)).toEqual(['.env', 'config/.env.production'])
    expect((await run(fileKind, linked, { path: 'config/*.txt', exists: false })).result).toBe('pass')
  })

  it('blocks a file over the size limit', async () => {
    const big = makeRepo({ 'big.log': 'x'.repeat(300 * 1024) })
    const outcome = await run(fileKind, big, { path: 'big.log', contains: 'x' })
    expect(outcome.result).toBe('blocked')
    expect(outcome.findings[0]).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('limit') })
  })

  it('runs a catastrophic pattern over a long line in linear time', async () => {
    const long = makeRepo({ 'long.txt': 'a'.repeat(100_000) + '!\n' })
    const outcome = await run(fileKind, long, { path: 'long.txt', not_contains: '^(a+)+$' })
    expect(outcome.result).toBe('pass')
  })

  it('reports a regex that only became invalid through an expression at the option', async () => {
    const options = { path: 'crlf.txt', contains: '(a)\\1' }
    const outcome = await run(fileKind, root, options)
    expect(outcome.result).toBe('fail')
    expect(outcome.findings[0]).toMatchObject({ code: 'EXPRESSION_FAILED', location: optionLocation('file', options, ['contains']) })
  })
})

describe('file validate', () => {
  it('reports a non-linear regex at the option', () => {
    const options = { path: 'a', not_contains: '(?=x)' }
    expect(validate(fileKind, options)).toEqual([
      { location: optionLocation('file', options, ['not_contains']), message: expect.stringContaining('linear time') },
    ])
  })

  it('checks both patterns and leaves expressions for later', () => {
    expect(validate(fileKind, { path: 'a', contains: '(', not_contains: '${{ environment.pattern }}' })).toHaveLength(1)
    expect(validate(fileKind, { path: 'a', contains: 'ok', not_contains: 'fine' })).toEqual([])
  })

  it('refuses patterns together with exists: false', () => {
    const options = { path: 'a', exists: false, contains: 'x' }
    expect(validate(fileKind, options)).toEqual([
      { location: optionLocation('file', options, ['contains']), message: expect.stringContaining('exists: false') },
    ])
  })
})
