import { describe, expect, it } from '@jest/globals'
import { artifactsExistGate } from '../../src/gates/builtins/artifacts-exist.js'
import { fixtureRepo, fixtureContext as makeContext } from '../support/gates.js'

describe('built-in artifacts-exist', () => {
  it('names each missing artifact and recovery doc by path, with the gate and the matrix line', async () => {
    const o = await artifactsExistGate.evaluate(makeContext())
    expect(o.result).toBe('fail')
    expect(o.findings).toEqual([
      {
        status: 'fail',
        code: 'ARTIFACT_MISSING',
        message: expect.stringMatching(/gate "runbook-gate".*gate-matrix\.yml:36/),
        location: { path: 'docs/runbooks/MISSING.md' },
      },
      {
        status: 'fail',
        code: 'RECOVERY_MISSING',
        message: expect.stringMatching(/gate "runbook-gate".*"docs\/runbooks\/GONE\.md".*gate-matrix\.yml:37/),
        location: { path: 'docs/runbooks/GONE.md' },
      },
    ])
  })

  it('passes when every file exists and the anchor after # names a heading', async () => {
    const root = fixtureRepo({ 'docs/runbooks/MISSING.md': '# x\n', 'docs/runbooks/GONE.md': '# y\n\n## When the gate fails\n' })
    expect(await artifactsExistGate.evaluate(makeContext({ root }))).toEqual({ result: 'pass', findings: [] })
  })

  it('fails when the anchor after # names no heading of the doc, at the matrix recovery value', async () => {
    const root = fixtureRepo({ 'docs/runbooks/MISSING.md': '# x\n', 'docs/runbooks/GONE.md': '# y\n' })
    const o = await artifactsExistGate.evaluate(makeContext({ root }))
    expect(o.findings.map((f) => [f.code, f.status, f.location])).toEqual([
      ['RECOVERY_ANCHOR_MISSING', 'fail', { path: 'gate-matrix.yml', line: 37, column: 15 }],
    ])
    expect(o.findings[0].message).toContain('#when-the-gate-fails')
  })

  it('checks the matrix default recovery and skips web links', async () => {
    const matrix = 'version: 1\nrecovery: docs/NOPE.md\nenvironments: { staging: {} }\ngates:\n  - id: g\n    family: f\n    recovery: https://wiki.example.com/runbook#x\n    assert: [{ ref: {} }]\n'
    const o = await artifactsExistGate.evaluate(makeContext({ root: fixtureRepo({ 'gate-matrix.yml': matrix }) }))
    expect(o.findings.map((f) => [f.code, f.location])).toEqual([['RECOVERY_MISSING', { path: 'docs/NOPE.md' }]])
    expect(o.findings[0].message).toContain('gate-matrix.yml:2')
  })
})
