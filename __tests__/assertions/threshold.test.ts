import { thresholdKind } from '../../src/gates/assertions/threshold.js'
import { brief, tempRepo as makeRepo, runKind as run } from '../support/gates.js'

const REPORT = `{
  "parity": {
    "mismatch_rate": 0.04,
    "coverage": 0.97,
    "label": "nightly"
  },
  "suites": [
    { "name": "web", "failures": 0 },
    { "name": "api", "failures": 3 }
  ]
}
`

function repo(thresholds: unknown, report: string = REPORT) {
  return makeRepo({
    'parity/reports/latest.json': report,
    'parity/thresholds.json': typeof thresholds === 'string' ? thresholds : JSON.stringify(thresholds, null, 2) + '\n',
  })
}

const OPTIONS = { report: 'parity/reports/latest.json', thresholds: 'parity/thresholds.json' }
const R = OPTIONS.report
const T = OPTIONS.thresholds

describe('threshold', () => {
  it.each<[string, unknown, string, unknown[][]]>([
    ['within max and min', { 'parity.mismatch_rate': { max: 0.05 }, 'parity.coverage': { min: 0.9, max: 1 } }, 'pass', []],
    ['over max: at the metric', { 'parity.mismatch_rate': { max: 0.01 } }, 'fail', [['THRESHOLD_EXCEEDED', 'fail', R, 3, 22]]],
    ['under min: at the metric', { 'parity.coverage': { min: 0.99 } }, 'fail', [['THRESHOLD_EXCEEDED', 'fail', R, 4, 17]]],
    ['wildcard: each match', { 'suites[*].failures': { max: 0 } }, 'fail', [['THRESHOLD_EXCEEDED', 'fail', R, 9, 34]]],
    ['absent metric: at the nearest parent', { 'parity.latency_p95': { max: 100 } }, 'fail', [['METRIC_MISSING', 'fail', R, 2, 3]]],
    ['not a number', { 'parity.label': { max: 1 } }, 'fail', [['METRIC_MISSING', 'fail', R, 5, 14]]],
    ['bound is not a number', { 'parity.coverage': { min: 'high' } }, 'fail', [['DATA_UNPARSABLE', 'fail', T, 3, 12]]],
    ['no bound: at the entry', { 'parity.coverage': { below: 1 } }, 'fail', [['DATA_UNPARSABLE', 'fail', T, 2, 22]]],
    ['thresholds not an object', [1], 'fail', [['DATA_UNPARSABLE', 'fail', T, 1, 1]]],
    ['bad metric path', { 'parity[': { max: 1 } }, 'fail', [['DATA_UNPARSABLE', 'fail', T, 2, 3]]],
    ['thresholds not JSON', '{ "a": { "max": 1 }, }', 'fail', [['DATA_UNPARSABLE', 'fail', T, 1, 22]]],
  ])('%s', async (_name, thresholds, result, findings) => {
    const outcome = await run(thresholdKind, repo(thresholds), OPTIONS)
    expect(brief(outcome)).toEqual(findings)
    expect(outcome.result).toBe(result)
  })

  it('says the value and the bound', async () => {
    const outcome = await run(thresholdKind, repo({ 'parity.mismatch_rate': { max: 0.01 } }), OPTIONS)
    expect(outcome.findings[0].message).toBe('metric parity.mismatch_rate is 0.04, above its max 0.01')
  })

  it('is missing without a report or thresholds', async () => {
    const empty = makeRepo({ 'README.md': '' })
    const outcome = await run(thresholdKind, empty, OPTIONS)
    expect(outcome.result).toBe('missing')
    expect(brief(outcome)).toEqual([
      ['REPORT_MISSING', 'missing', R, undefined, undefined],
      ['REPORT_MISSING', 'missing', T, undefined, undefined],
    ])
    expect(outcome.reason).toBe('the report parity/reports/latest.json does not exist')
  })

  it('fails on a report that is not JSON', async () => {
    const outcome = await run(thresholdKind, repo({ a: { max: 1 } }, '{\n  "a": 1\n  "b": 2\n}\n'), OPTIONS)
    expect(brief(outcome)).toEqual([['DATA_UNPARSABLE', 'fail', R, expect.any(Number), expect.any(Number)]])
    // The line that lacks its comma.
    expect(outcome.findings[0].location).toMatchObject({ line: 2 })
    expect(outcome.findings[0].message).toMatch(/^parity\/reports\/latest.json is not valid JSON: /)
  })
})
