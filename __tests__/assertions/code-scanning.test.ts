import { describe, expect, it } from '@jest/globals'
import type { CodeScanningAnswer } from '../../src/core/github-port.js'
import { codeScanningKind } from '../../src/gates/assertions/code-scanning.js'
import type { AssertionContext } from '../../src/gates/kit.js'
import { RepoReader } from '../../src/repo/reader.js'
import { memoryState, parseMatrix, runOf } from '../support/gates.js'

const MATRIX = `version: 1
environments:
  production: { branch: main }
gates:
  - id: g
    family: uat-security
    assert:
      - code_scanning:
          severity: high
`

function context(codeScanning: Record<string, CodeScanningAnswer> | null, ref: string | null = 'refs/heads/main'): AssertionContext {
  const matrix = parseMatrix(MATRIX)
  const declaredPath = ['gates', 0, 'assert', 0, 'code_scanning']
  const run = runOf({ root: '/nonexistent', matrixPath: matrix.path, api: codeScanning ? memoryState({ codeScanning }) : null, github: { event_name: 'push', ref } })
  return { repo: new RepoReader(process.cwd()), matrix, run, environment: { name: 'production', branch: 'main' }, gateId: 'g', declaredAt: matrix.doc.locate(declaredPath).location, declaredPath }
}

const alert = (number: number, security_severity: string | null) => ({ number, rule: `js/rule-${number}`, security_severity, tool: 'CodeQL' })
const judge = (ctx: AssertionContext, o: object = { severity: 'high' }) => codeScanningKind.evaluate(codeScanningKind.options.parse(o), ctx)

describe('code_scanning', () => {
  it('fails on open alerts at or above the severity, at the severity option, counting the rest', async () => {
    const o = await judge(context({ 'refs/heads/main': { kind: 'alerts', alerts: [alert(1, 'critical'), alert(2, 'medium'), alert(3, 'high'), alert(4, null)] } }))
    expect(o.findings.map((f) => [f.code, f.status, f.location.line])).toEqual([['CODE_SCANNING_ALERTS_OPEN', 'fail', 9]])
    expect(o.findings[0].message).toBe('2 open code scanning alerts at or above high on refs/heads/main: #1 js/rule-1 (critical), #3 js/rule-3 (high)')
    expect(o.observations).toEqual([{ source: 'code_scanning', subject: 'refs/heads/main', facts: { open: 4, low: 0, medium: 1, high: 1, critical: 1, severity: 'high', tool: null } }])
  })

  it('passes with only alerts below the severity (and non-security ones)', async () => {
    expect((await judge(context({ 'refs/heads/main': { kind: 'alerts', alerts: [alert(2, 'medium'), alert(4, null)] } }))).result).toBe('pass')
    expect((await judge(context({ 'refs/heads/main': { kind: 'alerts', alerts: [alert(2, 'medium')] } }), { severity: 'medium' })).result).toBe('fail')
  })

  it('403 is blocked, 404 (no analysis) is missing, each with its own code; no API is missing; no ref is not applicable', async () => {
    const forbidden = await judge(context({ 'refs/heads/main': { kind: 'forbidden', message: 'Advanced Security must be enabled for this repository to use code scanning.' } }))
    expect(forbidden.findings.map((f) => [f.code, f.status])).toEqual([['CODE_SCANNING_FORBIDDEN', 'blocked']])
    const none = await judge(context({}))
    expect(none.findings.map((f) => [f.code, f.status])).toEqual([['CODE_SCANNING_NO_ANALYSIS', 'missing']])
    expect((await judge(context(null))).findings.map((f) => f.code)).toEqual(['GITHUB_NOT_CONFIGURED'])
    expect((await judge(context({}, null))).result).toBe('not_applicable')
  })
})
