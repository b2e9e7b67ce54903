import { describe, expect, test } from '@jest/globals'
import { Ajv2020 } from 'ajv/dist/2020.js'
import { evidenceJsonSchema, evidenceSchema } from '../../src/evidence/schema.js'
import { canonicalJson } from '../../src/core/canonical-json.js'
import { sampleEvidence } from '../fixtures/reports/evidence.js'

describe('evidenceSchema', () => {
  const sealed = sampleEvidence()

  test('accepts a sealed document, through a JSON round trip', () => {
    const parsed = evidenceSchema.parse(JSON.parse(canonicalJson(sealed)))
    expect(canonicalJson(parsed)).toBe(canonicalJson(sealed))
  })

  test.each([
    ['an unknown key', (e: Record<string, unknown>) => ({ ...e, extra: 1 }), ['extra']],
    ['a wrong schema id', (e: Record<string, unknown>) => ({ ...e, schema: 'gate-matrix/evidence@2' }), ['schema']],
    ['a bad verdict', (e: Record<string, unknown>) => ({ ...e, verdict: 'green' }), ['verdict']],
    ['a malformed digest', (e: Record<string, unknown>) => ({ ...e, digest: 'md5:00' }), ['digest']],
    [
      'a line of 0',
      (e: Record<string, unknown>) => {
        const copy = JSON.parse(JSON.stringify(e))
        copy.blockers[0].location.line = 0
        return copy
      },
      ['blockers', 0, 'location', 'line'],
    ],
    [
      'an unknown result',
      (e: Record<string, unknown>) => {
        const copy = JSON.parse(JSON.stringify(e))
        copy.environments[1].gates[0].result = 'ok'
        return copy
      },
      ['environments', 1, 'gates', 0, 'result'],
    ],
  ])('rejects %s, pointing at it', (_name, breakIt, where) => {
    const result = evidenceSchema.safeParse(breakIt(sealed as unknown as Record<string, unknown>))
    expect(result.success).toBe(false)
    // An unknown key is reported on its parent, with the key named in `keys`.
    const paths = result.error!.issues.map((i) => (i.code === 'unrecognized_keys' ? [...i.path, ...i.keys] : i.path))
    expect(paths).toContainEqual(where)
  })

  test('its JSON Schema validates the same documents', () => {
    const json = evidenceJsonSchema()
    expect(json.$schema).toBe('https://json-schema.org/draft/2020-12/schema')
    const validate = new Ajv2020({ strict: false }).compile(json)
    expect(validate(JSON.parse(canonicalJson(sealed)))).toBe(true)
    expect(validate({ ...sealed, verdict: 'green' })).toBe(false)
    expect(validate({ ...sealed, extra: true })).toBe(false)
  })
})
