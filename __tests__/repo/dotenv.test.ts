import { dotenvLookup, parseDotenv } from '../../src/repo/dotenv.js'

describe('parseDotenv', () => {
  const text = [
    '# production settings',
    'READ_ONLY=true',
    'export API_URL = https://api.example.com # trailing comment',
    '',
    "  SINGLE='a # b'",
    'DOUBLE="line\\nnext \\"q\\""',
    'MULTI="first',
    'second"',
    'EMPTY=',
    'HASH=a#b',
    'READ_ONLY=false',
  ].join('\n')
  const parsed = parseDotenv(text)

  it.each([
    ['API_URL', 'https://api.example.com', 3, 18],
    ['SINGLE', 'a # b', 5, 10],
    ['DOUBLE', 'line\nnext "q"', 6, 8],
    ['MULTI', 'first\nsecond', 7, 7],
    ['EMPTY', '', 9, 7],
    ['HASH', 'a#b', 10, 6],
    ['READ_ONLY', 'false', 11, 11],
  ])('%s = %j at %i:%i', (key, value, line, column) => {
    expect(dotenvLookup(parsed, key)).toMatchObject({ value, line, column })
  })

  it('keeps the key position', () => {
    expect(dotenvLookup(parsed, 'API_URL')).toMatchObject({ keyLine: 3, keyColumn: 8 })
    expect(dotenvLookup(parsed, 'SINGLE')).toMatchObject({ keyColumn: 3 })
  })

  it('has no problem and every entry', () => {
    expect(parsed.problem).toBeUndefined()
    expect(parsed.entries.map((e) => e.key)).toEqual(['READ_ONLY', 'API_URL', 'SINGLE', 'DOUBLE', 'MULTI', 'EMPTY', 'HASH', 'READ_ONLY'])
  })

  it('returns undefined for an absent key', () => {
    expect(dotenvLookup(parsed, 'NOPE')).toBeUndefined()
  })

  it.each([
    ['A=1\nnot an assignment', { line: 2, column: 1, message: 'expected KEY=VALUE' }],
    ['A=1\n  B="open', { line: 2, column: 5, message: 'unterminated " quote' }],
    ["A='x' y", { line: 1, column: 7, message: "unexpected text after the closing '" }],
  ])('reports %j', (input, problem) => {
    expect(parseDotenv(input).problem).toEqual(problem)
  })

  it('reads CRLF files', () => {
    expect(parseDotenv('A=1\r\nB=2\r\n').entries.map((e) => [e.key, e.value])).toEqual([['A', '1'], ['B', '2']])
  })
})
