import { readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import ajv2020 from 'ajv/dist/2020.js'
import { parse } from 'yaml'
import { matrixJsonSchema } from '../../src/matrix/json-schema.js'

// ajv is CommonJS: imported from ESM, the class is the module's `default` member.
const Ajv2020 = ajv2020.default
const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'matrix')
const sample = parse(readFileSync(join(fixtures, 'valid', 'gate-matrix.yml'), 'utf8')) as Record<string, unknown>

// Compiling takes most of a second: once for the file.
const validate = new Ajv2020({ allErrors: true }).compile(matrixJsonSchema())

test('carries its id and title, draft 2020-12', () => {
  const schema = matrixJsonSchema()
  expect(schema.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
  expect(schema.$id).toMatch(/gate-matrix/)
  expect(schema.title).toBe('gate-matrix')
})

test('is deterministic', () => {
  expect(JSON.stringify(matrixJsonSchema())).toBe(JSON.stringify(matrixJsonSchema()))
})

test('accepts the sample matrix', () => {
  expect(validate(sample)).toBe(true)
  expect(validate.errors ?? null).toBeNull()
})

test.each([
  ['an unknown top-level key', { ...sample, extra: 1 }],
  ['another version', { ...sample, version: 2 }],
  ['a gate without assertions', { ...sample, gates: [{ id: 'g', family: 'f', assert: [] }] }],
  ['an unknown assertion kind', { ...sample, gates: [{ id: 'g', family: 'f', assert: [{ nope: {} }] }] }],
  ['a bad mode', { ...sample, gates: [{ id: 'g', family: 'f', mode: 'loud', assert: [{ file: { path: 'x' } }] }] }],
])('rejects %s', (_label, matrix) => {
  expect(validate(matrix)).toBe(false)
})
