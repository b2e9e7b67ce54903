import { describe, expect, test } from '@jest/globals'
import { diffMatrices, hasChanges, renderMatrixChanges } from '../../src/action/matrix-changes.js'

const base = `version: 1
environments: { staging: {}, production: {} }
gates:
  - id: a
    family: f
    environments: [staging, production]
    assert: [{ file: { path: x } }, { file: { path: y } }]
  - id: b
    family: f
    assert: [{ file: { path: z } }]
  - id: c
    family: f
    mode: warn
    enforce_after: 2027-01-01
    assert: [{ file: { path: z } }]
`

describe('diffMatrices', () => {
  test.each([
    ['mode lowered', base.replace('  - id: b\n    family: f\n', '  - id: b\n    family: f\n    mode: report\n'), 'b', /mode lowered from enforce to report/],
    ['environments dropped', base.replace('[staging, production]', '[staging]'), 'a', /environments dropped: production/],
    ['assertion removed', base.replace(', { file: { path: y } }', ''), 'a', /assertions removed or changed: file/],
    ['limited to some environments', base.replace("  - id: b\n    family: f\n", '  - id: b\n    family: f\n    environments: [staging]\n'), 'b', /limited to staging/],
    ['enforcement postponed', base.replace('2027-01-01', '2028-01-01'), 'c', /postponed to 2028-01-01/],
    ['condition added', base.replace("  - id: b\n    family: f\n", "  - id: b\n    family: f\n    when: { events: [push] }\n"), 'b', /`when` condition added/],
  ])('%s', (_name, head, gate, how) => {
    const c = diffMatrices(base, head)
    expect(c.loosened).toEqual([{ gate, how: [expect.stringMatching(how)] }])
  })

  test('added, removed, waivers and environments', () => {
    const head = base.replace('  - id: b\n    family: f\n    assert: [{ file: { path: z } }]\n', '  - id: d\n    family: f\n    assert: [{ file: { path: z } }]\n')
      .replace('production: {} }', '}') + 'waivers: [{ gate: a, owner: o, reason: r, expires: 2026-12-01 }]\n'
    const c = diffMatrices(base, head)
    expect(c).toMatchObject({ added: ['d'], removed: ['b'], environmentsRemoved: ['production'], waiversAdded: ['a until 2026-12-01'] })
    const md = renderMatrixChanges(c, 'gate-matrix.yml')
    expect(md).toContain('**gates added:** `d`')
    expect(md).toContain('**gates removed:** `b`')
  })

  test('a tightening is not reported as loosening; unchanged gives nothing', () => {
    expect(hasChanges(diffMatrices(base, base.replace('mode: warn', 'mode: enforce')))).toBe(false)
    expect(hasChanges(diffMatrices(base, base))).toBe(false)
  })

  test('an unreadable head matrix is said, not thrown', () => {
    const c = diffMatrices(base, 'gates: [\n')
    expect(c.unreadable).toBeTruthy()
    expect(renderMatrixChanges(c, 'm.yml')).toContain('not valid YAML')
  })
})
