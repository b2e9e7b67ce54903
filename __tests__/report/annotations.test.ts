import { describe, expect, test } from '@jest/globals'
import { toAnnotations } from '../../src/report/annotations.js'
import { sealEvidence } from '../../src/evidence/seal.js'
import { draft, gate, sampleEvidence, stagingDraft } from '../fixtures/reports/evidence.js'

describe('toAnnotations', () => {
  const annotations = toAnnotations(sampleEvidence())
  const byTitle = (title: string) => annotations.filter((a) => a.title === title)

  test('one annotation per distinct finding across environments, naming them', () => {
    const runbook = byTitle('DOC_REFERENCE_BROKEN · runbook-references')
    expect(runbook).toHaveLength(1)
    expect(runbook[0]).toMatchObject({
      path: 'docs/runbooks/DEPLOYMENT.md',
      start_line: 14,
      end_line: 14,
      start_column: 3,
      end_column: 3,
      annotation_level: 'warning',
    })
    expect(runbook[0].message).toContain('Environments: staging, production')
    expect(runbook[0].message).toContain('Recovery: docs/runbooks/DEPLOYMENT.md')
    // Every reported cell is covered: 7 distinct findings in the sample.
    expect(annotations).toHaveLength(7)
  })

  test('levels: failure when blocking, warning for warn or non-blocking, notice for report', () => {
    expect(byTitle('VALUE_MISMATCH · smoke-targets-environment-host')[0].annotation_level).toBe('failure')
    expect(byTitle('MATRIX_NOT_UPDATED · gate-matrix/matrix-updated')[0].annotation_level).toBe('failure')
    expect(byTitle('PATH_NOT_FOUND · rollback-documented')[0].annotation_level).toBe('warning')
    expect(byTitle('REPORT_MISSING · parity-threshold')[0].annotation_level).toBe('notice')
    // Blocking in production, waived in staging: one failure that says staging was waived.
    const bypass = byTitle('PATTERN_FORBIDDEN · promotion-has-no-bypass')
    expect(bypass).toHaveLength(1)
    expect(bypass[0].annotation_level).toBe('failure')
    expect(bypass[0].message).toContain('Environments: staging (waived), production')
  })

  test('a waived-only finding is a notice', () => {
    const env = stagingDraft()
    env.gates = env.gates.filter((g) => g.gate_id === 'promotion-has-no-bypass')
    const all = toAnnotations(sealEvidence({ ...draft([env]), repository: { gates: [] } }))
    expect(all).toHaveLength(1)
    const [only] = all
    expect(only.annotation_level).toBe('notice')
    expect(only.message).toContain('Environments: staging')
  })

  test('a finding without a line goes on the gate declaration and names the missing path', () => {
    const missing = byTitle('REPORT_MISSING · parity-threshold')[0]
    expect(missing).toMatchObject({ path: 'gate-matrix.yml', start_line: 60, end_line: 60, start_column: 5 })
    expect(missing.message.startsWith('parity/reports/latest.json (no line to annotate')).toBe(true)
    // A blocked gate without findings is annotated on its declaration with its reason.
    const blocked = byTitle('GATE_BLOCKED · store-checks-green')[0]
    expect(blocked).toMatchObject({ path: 'gate-matrix.yml', start_line: 80, annotation_level: 'failure' })
    expect(blocked.message).toContain('GitHub API unavailable: no GITHUB_TOKEN')
  })

  test('sorted failures first, then by path and line', () => {
    const rank = { failure: 0, warning: 1, notice: 2 }
    const keys = annotations.map((a) => [rank[a.annotation_level], a.path, a.start_line] as const)
    const sorted = [...keys].sort((a, b) => a[0] - b[0] || a[1].localeCompare(b[1], 'en') || a[2] - b[2])
    expect(keys).toEqual(sorted)
    expect(annotations.slice(0, 4).every((a) => a.annotation_level === 'failure')).toBe(true)
  })

  test('keeps titles within 255 characters and messages within 64 KiB', () => {
    const env = stagingDraft()
    env.gates = [
      gate({
        gate_id: `g-${'x'.repeat(400)}`,
        result: 'fail',
        findings: [{ code: 'VALUE_MISMATCH', status: 'fail', message: 'é'.repeat(70_000), location: { path: 'a.yml', line: 1, column: 1 } }],
      }),
    ]
    const [a] = toAnnotations(sealEvidence({ ...draft([env]), repository: { gates: [] } }))
    expect([...a.title].length).toBeLessThanOrEqual(255)
    expect(Buffer.byteLength(a.message)).toBeLessThanOrEqual(64 * 1024)
    expect(a.message.endsWith('…')).toBe(true)
  })

  test('nothing to annotate when every cell passes', () => {
    const env = stagingDraft()
    env.gates = [gate({ gate_id: 'ok', result: 'pass' }), gate({ gate_id: 'na', result: 'not_applicable' })]
    expect(toAnnotations(sealEvidence({ ...draft([env]), repository: { gates: [] } }))).toEqual([])
  })
})
