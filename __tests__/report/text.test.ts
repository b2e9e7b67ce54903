import { describe, expect, test } from '@jest/globals'
import { renderText } from '../../src/report/text.js'
import { cleanEvidence, sampleEvidence } from '../fixtures/reports/evidence.js'
import { sealEvidence } from '../../src/evidence/seal.js'
import { draft, gate, stagingDraft } from '../fixtures/reports/evidence.js'

// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[/

describe('renderText', () => {
  const e = sampleEvidence()
  const plain = renderText(e, { color: false })
  const lines = plain.split('\n')

  test('has no ANSI escapes when colour is off, and some when it is on', () => {
    expect(plain).not.toMatch(ANSI)
    const coloured = renderText(e, { color: true })
    expect(coloured).toMatch(ANSI)
    // eslint-disable-next-line no-control-regex
    expect(coloured.replace(/\u001b\[[0-9;]*m/g, '')).toBe(plain)
  })

  test('draws gates × environments with a "*" column for repository-wide built-ins', () => {
    const header = lines.find((l) => l.startsWith('gate '))!
    expect(header.split(/\s+/)).toEqual(['gate', '*', 'staging', 'production'])
    const col = (name: string) => header.indexOf(name)
    const row = (id: string) => lines.find((l) => l.startsWith(`${id} `))!
    // Symbols sit under their column headers.
    expect([...row('gate-matrix/matrix-updated')][col('*')]).toBe('✗')
    const smoke = [...row('smoke-targets-environment-host')]
    expect(smoke[col('staging')]).toBe('✓')
    expect(smoke[col('production')]).toBe('✗')
    const bypass = [...row('promotion-has-no-bypass')]
    expect(bypass.slice(col('staging'), col('staging') + 2).join('')).toBe('✗w')
    expect([...row('parity-threshold')][col('staging')]).toBe('·')
    expect([...row('parity-threshold')][col('production')]).toBe('?')
    expect([...row('rollback-documented')][col('staging')]).toBe('◐')
    expect([...row('store-checks-green')][col('production')]).toBe('⊘')
  })

  test('lists every blocker as path:line:col CODE message [env gate], path only without a line', () => {
    const start = lines.indexOf('Blockers (4):')
    expect(start).toBeGreaterThan(0)
    expect(lines.slice(start + 1, start + 5).map((l) => l.trim())).toEqual([
      'website/.well-known/assetlinks.json:1:1 MATRIX_NOT_UPDATED website/.well-known/assetlinks.json is tracked and changed, but gate-matrix.yml is not [* gate-matrix/matrix-updated]',
      '.github/workflows/ci-smoke.yml:12:7 VALUE_MISMATCH jobs.smoke.env.BASE_URL is "https://staging-portal.example.com", expected "https://portal.example.com" (production) [production smoke-targets-environment-host]',
      '.github/workflows/promotion.yml:30:15 PATTERN_FORBIDDEN run step matches forbidden pattern `\\|\\|\\s*true`: <npm publish || true> | *bold* [production promotion-has-no-bypass]',
      'gate-matrix.yml:80:5 GATE_BLOCKED GitHub API unavailable: no GITHUB_TOKEN [production store-checks-green]',
    ])
  })

  test('lists non-blocking findings after the blockers as warnings, once across environments', () => {
    const start = lines.indexOf('Warnings (3):')
    expect(start).toBeGreaterThan(lines.indexOf('Blockers (4):'))
    const warnings = lines.slice(start + 1, start + 4).map((l) => l.trim())
    expect(warnings).toContain(
      'docs/runbooks/DEPLOYMENT.md:14:3 DOC_REFERENCE_BROKEN scripts/old-rollback.sh is cited but does not exist [staging, production runbook-references] (warn)',
    )
    expect(warnings).toContain('parity/reports/latest.json REPORT_MISSING the report parity/reports/latest.json does not exist [production parity-threshold] (report)')
    expect(warnings).toContain('deploy/staging.yml:3:1 PATH_NOT_FOUND rollback.manifest_or_revision is not set [staging rollback-documented] (not blocking)')
  })

  test('ends with the verdict line', () => {
    expect(lines.at(-2)).toBe('Verdict: blocked: 4 blockers (* 1, production 3)')
    const clean = renderText(cleanEvidence(), { color: false }).trimEnd().split('\n')
    expect(clean.at(-1)).toBe('Verdict: clean: no blockers')
    expect(clean.join('\n')).not.toContain('Blockers')
  })

  test('a blocker without a line shows its path only', () => {
    const env = stagingDraft()
    env.gates = [
      gate({
        gate_id: 'aasa-present',
        result: 'missing',
        findings: [{ code: 'FILE_MISSING', status: 'missing', message: 'no file matches', location: { path: 'website/.well-known/apple-app-site-association' } }],
      }),
    ]
    const out = renderText(sealEvidence(draft([env])), { color: false })
    expect(out).toContain('\n  website/.well-known/apple-app-site-association FILE_MISSING no file matches [staging aasa-present]\n')
  })

  test('strips control characters from user text, so a message cannot inject escapes', () => {
    const env = stagingDraft()
    env.gates = [
      gate({
        gate_id: 'evil',
        result: 'fail',
        findings: [{ code: 'VALUE_MISMATCH', status: 'fail', message: 'bad\u001b[2Jvalue\nnext line', location: { path: 'a.yml', line: 2, column: 3 } }],
      }),
    ]
    const out = renderText(sealEvidence(draft([env])), { color: false })
    expect(out).not.toMatch(ANSI)
    expect(out).toContain('a.yml:2:3 VALUE_MISMATCH bad [2Jvalue next line [staging evil]')
  })
})
