import { dataKind, formatOf } from '../../src/gates/assertions/data.js'
import { brief, tempRepo as makeRepo, optionLocation, runKind as run, validateKind as validate } from '../support/gates.js'

const SMOKE = `on: push
jobs:
  smoke:
    runs-on: ubuntu-latest
    env:
      BASE_URL: https://staging-portal.example.com
      API_TOKEN: s3cr3t-value
    steps:
      - run: npm test
      - uses: actions/checkout@v4
      - run: npm run smoke
`

const AASA = `{
  "applinks": {
    "details": [
      { "appIDs": ["ABCDE12345.com.example.app"], "components": [] }
    ]
  },
  "ids.with.dots": 3
}
`

const root = makeRepo({
  '.github/workflows/ci-smoke.yml': SMOKE,
  'website/.well-known/apple-app-site-association': AASA,
  'metrics.yaml': 'coverage: "81.5"\nlatency_ms: 120\nname: thing\nempty:\n',
  'deploy/.env.production': '# prod\nREAD_ONLY=true\nexport DATABASE_URL="postgres://x"\nDB_PASSWORD=hunter2\n',
  'deploy/bad.env': 'OK=1\nthis is not env\n',
  'bad.json': '{"a": 1,}\n',
  'bad.yml': 'a: [1, 2\n',
  'blob.json': Buffer.from([0x7b, 0, 0x7d]),
})

const WF = '.github/workflows/ci-smoke.yml'
const AA = 'website/.well-known/apple-app-site-association'

type Row = [string, Record<string, unknown>, string, unknown[][]]

describe('data', () => {
  it.each<Row>([
    ['equals: pass', { file: WF, path: 'jobs.smoke.env.BASE_URL', equals: 'https://staging-portal.example.com' }, 'pass', []],
    ['equals: mismatch at the value', { file: WF, path: 'jobs.smoke.env.BASE_URL', equals: 'https://portal.example.com' }, 'fail', [
      ['VALUE_MISMATCH', 'fail', WF, 6, 17],
    ]],
    ['path not found: at the deepest parent', { file: WF, path: 'jobs.smoke.env.API_URL', equals: 'x' }, 'fail', [
      ['PATH_NOT_FOUND', 'fail', WF, 5, 5],
    ]],
    ['path not found: missing job', { file: WF, path: 'jobs.deploy.env', exists: true }, 'fail', [['PATH_NOT_FOUND', 'fail', WF, 2, 1]]],
    ['index past the end', { file: WF, path: 'jobs.smoke.steps[5].run', exists: true }, 'fail', [['PATH_NOT_FOUND', 'fail', WF, 8, 5]]],
    ['wildcard: the flattened list', { file: WF, path: 'jobs.smoke.steps[*].run', equals: ['npm test', 'npm run smoke'] }, 'pass', []],
    ['wildcard equals: first offending element', { file: WF, path: 'jobs.smoke.steps[*].run', equals: ['npm test', 'npm run e2e'] }, 'fail', [
      ['VALUE_MISMATCH', 'fail', WF, 11, 14],
    ]],
    ['wildcard exists: every branch', { file: WF, path: 'jobs.smoke.steps[*].run', exists: true }, 'fail', [['PATH_NOT_FOUND', 'fail', WF, 10, 9]]],
    ['wildcard includes', { file: WF, path: 'jobs.*.steps[*].uses', includes: 'actions/checkout@v4' }, 'pass', []],
    ['wildcard one_of: each', { file: WF, path: 'jobs.smoke.steps[*].run', one_of: ['npm test', 'npm ci'] }, 'fail', [
      ['VALUE_MISMATCH', 'fail', WF, 11, 14],
    ]],
    ['wildcard matches: each', { file: WF, path: 'jobs.smoke.steps[*].run', matches: '^npm ' }, 'pass', []],
    ['absent: forbidden at the value', { file: WF, path: 'jobs.smoke.env.BASE_URL', absent: true }, 'fail', [['VALUE_FORBIDDEN', 'fail', WF, 6, 17]]],
    ['absent: pass', { file: WF, path: 'jobs.smoke.continue-on-error', absent: true }, 'pass', []],
    ['absent with wildcard: each match', { file: WF, path: 'jobs.smoke.steps[*].run', absent: true }, 'fail', [
      ['VALUE_FORBIDDEN', 'fail', WF, 9, 14],
      ['VALUE_FORBIDDEN', 'fail', WF, 11, 14],
    ]],
    ['file without extension reads as JSON', { file: AA, path: 'applinks.details[0].appIDs', includes: 'ABCDE12345.com.example.app' }, 'pass', []],
    ['includes: missing item at the list', { file: AA, path: 'applinks.details[0].appIDs', includes: ['ABCDE12345.com.example.app', 'X.y'] }, 'fail', [
      ['VALUE_MISMATCH', 'fail', AA, 4, 19],
    ]],
    ['includes on a non-list', { file: AA, path: '["ids.with.dots"]', includes: 3 }, 'fail', [['VALUE_MISMATCH', 'fail', AA, 7, 20]]],
    ['quoted key', { file: AA, path: '["ids.with.dots"]', lte: 3 }, 'pass', []],
    ['lte over', { file: AA, path: '["ids.with.dots"]', lte: 2 }, 'fail', [['VALUE_MISMATCH', 'fail', AA, 7, 20]]],
    ['gte on a numeric string', { file: 'metrics.yaml', path: 'coverage', gte: 80 }, 'pass', []],
    ['gte on a numeric string: under', { file: 'metrics.yaml', path: 'coverage', gte: 90 }, 'fail', [['VALUE_MISMATCH', 'fail', 'metrics.yaml', 1, 11]]],
    ['lte on text', { file: 'metrics.yaml', path: 'name', lte: 1 }, 'fail', [['VALUE_MISMATCH', 'fail', 'metrics.yaml', 3, 7]]],
    ['matches a number as text', { file: 'metrics.yaml', path: 'latency_ms', matches: '^1\\d\\d$' }, 'pass', []],
    ['null value: where it would be written', { file: 'metrics.yaml', path: 'empty', equals: 'x' }, 'fail', [['VALUE_MISMATCH', 'fail', 'metrics.yaml', 4, 7]]],
    ['key under a scalar: at the scalar\'s entry', { file: 'metrics.yaml', path: 'name.first', exists: true }, 'fail', [['PATH_NOT_FOUND', 'fail', 'metrics.yaml', 3, 1]]],
    ['env: equals as text', { file: 'deploy/.env.production', path: 'READ_ONLY', equals: true }, 'pass', []],
    ['env: mismatch at the value', { file: 'deploy/.env.production', path: 'DATABASE_URL', matches: '^mysql:' }, 'fail', [
      ['VALUE_MISMATCH', 'fail', 'deploy/.env.production', 3, 21],
    ]],
    ['env: not set', { file: 'deploy/.env.production', path: 'WRITE_MODE', exists: true }, 'fail', [
      ['PATH_NOT_FOUND', 'fail', 'deploy/.env.production', 1, 1],
    ]],
    ['env: unparsable', { file: 'deploy/bad.env', path: 'OK', exists: true }, 'fail', [['DATA_UNPARSABLE', 'fail', 'deploy/bad.env', 2, 1]]],
    ['strict JSON', { file: 'bad.json', path: 'a', exists: true }, 'fail', [['DATA_UNPARSABLE', 'fail', 'bad.json', 1, 9]]],
    ['YAML syntax', { file: 'bad.yml', path: 'a', exists: true }, 'fail', [['DATA_UNPARSABLE', 'fail', 'bad.yml', 2, 1]]],
    ['missing file', { file: 'nope.json', path: 'a', exists: true }, 'missing', [['FILE_MISSING', 'missing', 'nope.json', undefined, undefined]]],
    ['binary file', { file: 'blob.json', path: 'a', exists: true }, 'blocked', [['FILE_UNREADABLE', 'blocked', 'blob.json', undefined, undefined]]],
  ])('%s', async (_name, options, result, findings) => {
    const outcome = await run(dataKind, root, options)
    expect(brief(outcome)).toEqual(findings)
    expect(outcome.result).toBe(result)
  })

  it.each<[Record<string, unknown>, string]>([
    [{ file: WF, path: 'jobs.smoke.env.BASE_URL', equals: 'https://portal.example.com' },
      'jobs.smoke.env.BASE_URL is "https://staging-portal.example.com", expected "https://portal.example.com"'],
    [{ file: WF, path: 'jobs.smoke.env.API_URL', equals: 'x' }, 'jobs.smoke.env.API_URL is not in .github/workflows/ci-smoke.yml: jobs.smoke.env has no key "API_URL"; add it there'],
    [{ file: WF, path: 'jobs.smoke.env.API_TOKEN', equals: 'guess' }, 'jobs.smoke.env.API_TOKEN is <redacted>, expected <redacted>'],
    [{ file: 'deploy/.env.production', path: 'DB_PASSWORD', absent: true }, 'DB_PASSWORD is set (<redacted>) but must be absent; remove it'],
    [{ file: 'deploy/.env.production', path: 'DB_PASSWORD', one_of: ['a'] }, 'DB_PASSWORD is <redacted>, expected one of <redacted>'],
    [{ file: AA, path: '["ids.with.dots"]', includes: 3 }, '["ids.with.dots"] is 3, not a list, so it cannot include 3'],
    [{ file: 'metrics.yaml', path: 'name', gte: 1 }, 'name is "thing", not a number'],
    [{ file: 'metrics.yaml', path: 'coverage', gte: 90 }, 'coverage is 81.5, expected at least 90'],
    [{ file: 'bad.json', path: 'a', exists: true }, 'bad.json is not valid JSON: Expected double-quoted property name'],
  ])('message for %j', async (options, message) => {
    const outcome = await run(dataKind, root, options)
    expect(outcome.findings[0].message).toBe(message)
  })

  it.each(['apiKey', 'private_key', 'Secret', 'GITHUB_TOKEN', 'db_password', 'credentials'])('redacts values under %s', async (key) => {
    const repo = makeRepo({ 'c.json': JSON.stringify({ outer: { [key]: 'visible-value' } }) })
    const outcome = await run(dataKind, repo, { file: 'c.json', path: `outer.${key}`, equals: 'other' })
    expect(outcome.findings[0].message).toBe(`outer.${key} is <redacted>, expected <redacted>`)
  })

  it('never prints a secret value', async () => {
    const outcome = await run(dataKind, root, { file: WF, path: 'jobs.smoke.env.API_TOKEN', matches: '^x' })
    expect(outcome.findings[0].message).not.toContain('s3cr3t')
  })

  it('a YAML file whose aliases expand without bound is unparsable, not an internal error', async () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x]']
    for (let i = 1; i < 12; i++) lines.push(`b${i}: &b${i} [${Array(9).fill(i === 1 ? '*a' : `*b${i - 1}`).join(', ')}]`)
    const repo = makeRepo({ 'bomb.yml': `${lines.join('\n')}\n` })
    const outcome = await run(dataKind, repo, { file: 'bomb.yml', path: 'a[0]', equals: 'x' })
    expect(outcome.result).toBe('fail')
    expect(outcome.findings[0]).toMatchObject({ code: 'DATA_UNPARSABLE', location: { path: 'bomb.yml', line: 1, column: 1 } })
    expect(outcome.findings[0].message).toMatch(/alias/i)
  })

  it('reports a path that only became invalid through an expression at the option', async () => {
    const options = { file: WF, path: 'jobs[' , exists: true }
    const outcome = await run(dataKind, root, options)
    expect(outcome.findings[0]).toMatchObject({ code: 'EXPRESSION_FAILED', location: optionLocation('data', options, ['path']) })
  })
})

describe('formatOf', () => {
  it.each([
    ['a.json', 'json'], ['a.yml', 'yaml'], ['a/b.YAML', 'yaml'], ['.env', 'env'], ['deploy/.env.production', 'env'],
    ['production.env', 'env'], ['.well-known/assetlinks', 'json'], ['a.ini', undefined],
    ['Cargo.toml', 'toml'], ['crates/x/Cargo.TOML', 'toml'], ['tsconfig.json', 'jsonc'], ['packages/a/tsconfig.build.json', 'jsonc'],
    ['.vscode/settings.json', 'jsonc'], ['.devcontainer/devcontainer.json', 'jsonc'], ['a.jsonc', 'jsonc'], ['vscode/settings.json', 'json'],
  ])('%s → %s', (file, format) => {
    expect(formatOf(file)).toBe(format)
  })
})

describe('data validate', () => {
  it.each<[Record<string, unknown>, string, string]>([
    [{ file: 'a.toml', path: 'a', same_as: { file: 'b.json', path: 'x[*]' } }, 'path', 'wildcard'],
    [{ file: 'a.toml', path: 'a', same_as: { file: 'b/*.json', path: 'x' } }, 'file', 'glob'],
    [{ file: 'a.toml', path: 'a', same_as: { file: 'b.ini', path: 'x' } }, 'file', 'format'],
    [{ file: 'a.toml', path: 'a', same_as: { file: 'b.json', path: 'x[y]' } }, 'path', 'not an index'],
  ])('%j: problem at same_as.%s', (options, option, message) => {
    expect(validate(dataKind, options)).toEqual([{ location: optionLocation('data', options, ['same_as', option]), message: expect.stringContaining(message) }])
  })

  it.each<[Record<string, unknown>, string, string]>([
    [{ file: 'a.json', path: 'a', matches: 'x(?!y)' }, 'matches', 'linear time'],
    [{ file: 'a.json', path: 'a[x]', exists: true }, 'path', 'not an index'],
    [{ file: 'a.ini', path: 'a', exists: true }, 'file', 'format'],
  ])('%j: problem at %s', (options, option, message) => {
    expect(validate(dataKind, options)).toEqual([{ location: optionLocation('data', options, [option]), message: expect.stringContaining(message) }])
  })

  it.each<Record<string, unknown>>([
    { file: 'a.json', path: 'a[*].b', matches: '^x' },
    { file: '.env', path: 'ANY.NAME[', exists: true },
    { file: 'a.ini', format: 'toml', path: 'a', exists: true },
    { file: 'a.toml', path: 'a', same_as: { file: 'b.json', path: 'x.y' } },
    { file: 'a.json', path: '${{ environment.path }}', exists: true },
  ])('accepts %j', (options) => {
    expect(validate(dataKind, options)).toEqual([])
  })
})
