import { describe, expect, it } from '@jest/globals'
import { combineOutcomes } from '../../src/engine/combine.js'
import type { AssertionOutcome, FindingStatus } from '../../src/core/outcome.js'

const pass: AssertionOutcome = { result: 'pass', findings: [] }
const na: AssertionOutcome = { result: 'not_applicable', findings: [], reason: 'no change set' }
function bad(status: FindingStatus, code = 'X'): AssertionOutcome {
  return { result: status, reason: status === 'fail' ? undefined : `${status} reason`, findings: [{ status, code, message: code, location: { path: 'f', line: 1, column: 1 } }] }
}

describe('combineOutcomes', () => {
  it.each([
    ['all pass', [pass, pass], false, 'pass'],
    ['pass and not applicable', [pass, na], false, 'pass'],
    ['all not applicable', [na, na], false, 'not_applicable'],
    ['a failure', [pass, bad('fail')], false, 'fail'],
    ['missing only', [bad('missing')], false, 'missing'],
    ['blocked beats missing', [bad('missing'), bad('blocked')], false, 'blocked'],
    ['fail beats blocked', [bad('blocked'), bad('fail')], false, 'fail'],
    ['partial needs residual risk', [pass, bad('fail')], true, 'partial'],
    ['no partial when nothing holds', [bad('fail'), bad('missing')], true, 'fail'],
  ] as const)('%s', (_name, outcomes, residual, expected) => {
    expect(combineOutcomes([...outcomes], residual).result).toBe(expected)
  })

  it('keeps every finding and gives the reason of what could not be checked', () => {
    const c = combineOutcomes([bad('fail', 'A'), bad('missing', 'B')], false)
    expect(c.findings.map((f) => f.code)).toEqual(['A', 'B'])
    expect(c.missingReason).toBe('missing reason')
  })

  it('says why a gate is not applicable', () => {
    expect(combineOutcomes([na], false).missingReason).toBe('no change set')
  })

  it('keeps what the applicable assertions observed, each once, whatever their result', () => {
    const seen = { source: 'http', subject: 'https://example.test/health', facts: { status: 200 } }
    const other = { source: 'tls', subject: 'example.test', facts: { days_to_expiry: 40 } }
    const ignored = { source: 'dns', subject: 'n.a.test', facts: { a: ['127.0.0.1'] } }
    const c = combineOutcomes(
      [
        { ...pass, observations: [seen] },
        { ...bad('fail'), observations: [{ ...seen, facts: { status: 200 } }, other] },
        { ...na, observations: [ignored] },
      ],
      false,
    )
    expect(c.result).toBe('fail')
    expect(c.observations).toEqual([seen, other])
    expect(combineOutcomes([{ ...pass, observations: [seen] }], false).observations).toEqual([seen])
  })
})
