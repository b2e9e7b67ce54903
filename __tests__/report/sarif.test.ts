import { describe, expect, test } from '@jest/globals'
import fs from 'node:fs'
import path from 'node:path'
import { Ajv } from 'ajv'
import addFormats from 'ajv-formats'
import type { Log } from 'sarif'
import { renderSarif } from '../../src/report/sarif.js'
import { cleanEvidence, sampleEvidence } from '../fixtures/reports/evidence.js'

// The official OASIS SARIF 2.1.0 schema (draft-07); see __tests__/fixtures/sarif/README.md.
const schema = JSON.parse(fs.readFileSync(path.join(process.cwd(), '__tests__/fixtures/sarif/sarif-schema-2.1.0.json'), 'utf8'))
// The schema's `language` pattern is not valid with the `u` flag: compile without it.
const ajv = new Ajv({ strict: false, allErrors: true, unicodeRegExp: false })
addFormats.default(ajv)
const validateSarif = ajv.compile(schema)

const ruleDescriptions = {
  VALUE_MISMATCH: 'A value differs from what the matrix requires',
  PATTERN_FORBIDDEN: 'A forbidden pattern is present',
}

describe('renderSarif', () => {
  const log = renderSarif(sampleEvidence(), { toolVersion: '1.2.3', ruleDescriptions }) as Log
  const run = log.runs[0]
  const results = run.results!

  test('validates against the official SARIF 2.1.0 schema', () => {
    const ok = validateSarif(log)
    expect(validateSarif.errors ?? []).toEqual([])
    expect(ok).toBe(true)
    expect(validateSarif(renderSarif(cleanEvidence(), { toolVersion: '1.2.3', ruleDescriptions: {} }))).toBe(true)
    // The validator does reject a broken log (so the test above means something).
    expect(validateSarif({ version: '2.1.0', runs: [{ tool: { driver: {} }, results: [] }] })).toBe(false)
  })

  test('has one rule per reason code used, described from ruleDescriptions', () => {
    const rules = run.tool.driver.rules!
    expect(rules.map((r) => r.id)).toEqual([
      'DOC_REFERENCE_BROKEN',
      'GATE_BLOCKED',
      'MATRIX_NOT_UPDATED',
      'PATH_NOT_FOUND',
      'PATTERN_FORBIDDEN',
      'REPORT_MISSING',
      'VALUE_MISMATCH',
    ])
    expect(rules.find((r) => r.id === 'VALUE_MISMATCH')!.shortDescription!.text).toBe(ruleDescriptions.VALUE_MISMATCH)
    expect(run.tool.driver.version).toBe('1.2.3')
    for (const r of results) expect(rules[r.ruleIndex!].id).toBe(r.ruleId)
  })

  test("each rule links to its code's section of the reason-code page, and the log stays valid", () => {
    const log = renderSarif(sampleEvidence(), { toolVersion: '1.2.3', ruleDescriptions, reasonCodesUrl: 'https://example.test/docs/reason-codes.md' }) as Log
    const rules = log.runs[0].tool.driver.rules!
    expect(rules.find((r) => r.id === 'VALUE_MISMATCH')!.helpUri).toBe('https://example.test/docs/reason-codes.md#value_mismatch')
    expect(rules.every((r) => r.helpUri === `https://example.test/docs/reason-codes.md#${r.id.toLowerCase()}`)).toBe(true)
    expect(validateSarif(log)).toBe(true)
    expect(run.tool.driver.rules!.every((r) => r.helpUri === undefined)).toBe(true)
  })

  test('levels follow blocking, warn, report and waivers', () => {
    const level = (code: string) => results.filter((r) => r.ruleId === code).map((r) => r.level)
    expect(level('VALUE_MISMATCH')).toEqual(['error'])
    expect(level('DOC_REFERENCE_BROKEN')).toEqual(['warning'])
    expect(level('REPORT_MISSING')).toEqual(['note'])
    expect(level('PATH_NOT_FOUND')).toEqual(['warning'])
    // Blocking in production, waived in staging: one result, the most severe level, both environments.
    const bypass = results.filter((r) => r.ruleId === 'PATTERN_FORBIDDEN')
    expect(bypass).toHaveLength(1)
    expect(bypass[0].level).toBe('error')
    expect(bypass[0].properties).toMatchObject({ environments: ['staging', 'production'], gate_id: 'promotion-has-no-bypass', waived: true })
  })

  test('gives regions where there is a line, the missing path alone where there is not', () => {
    const smoke = results.find((r) => r.ruleId === 'VALUE_MISMATCH')!
    expect(smoke.locations![0].physicalLocation).toEqual({
      artifactLocation: { uri: '.github/workflows/ci-smoke.yml' },
      region: { startLine: 12, startColumn: 7 },
    })
    expect(smoke.properties).toMatchObject({ environments: ['production'], gate_id: 'smoke-targets-environment-host', mode: 'enforce' })
    const missing = results.find((r) => r.ruleId === 'REPORT_MISSING')!
    expect(missing.locations![0].physicalLocation).toEqual({ artifactLocation: { uri: 'parity/reports/latest.json' } })
    const warned = results.find((r) => r.ruleId === 'DOC_REFERENCE_BROKEN')!
    expect(warned.properties!.environments).toEqual(['staging', 'production'])
  })

  test('orders results by place and gives the same output for the same evidence', () => {
    const places = results.map((r) => r.locations![0].physicalLocation!.artifactLocation!.uri)
    expect(places).toEqual([...places].sort((a, b) => a!.localeCompare(b!, 'en')))
    expect(JSON.stringify(renderSarif(sampleEvidence(), { toolVersion: '1.2.3', ruleDescriptions }))).toBe(JSON.stringify(log))
  })
})
