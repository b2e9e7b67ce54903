import { describe, expect, it } from '@jest/globals'
import { environmentsDeclaredGate } from '../../src/gates/builtins/environments-declared.js'
import type { AssertionOutcome } from '../../src/core/outcome.js'
import { fixtureRepo, fixtureContext as makeContext } from '../support/gates.js'

async function run(root?: string): Promise<AssertionOutcome> {
  return environmentsDeclaredGate.evaluate(makeContext({ root }))
}

const where = (o: AssertionOutcome) => o.findings.map((f) => [f.code, f.location.path, f.location.line, f.location.column])

describe('built-in environments-declared', () => {
  it('flags literal and dispatch-option environments the matrix lacks, skips what cannot be resolved', async () => {
    const o = await run()
    expect(o.result).toBe('fail')
    expect(where(o)).toEqual([
      ['ENVIRONMENT_UNDECLARED', '.github/workflows/ci.yml', 11, 13],
      ['ENVIRONMENT_UNDECLARED', '.github/workflows/promotion.yml', 32, 18],
    ])
    expect(o.findings[0].message).toContain('"preview"')
    expect(o.findings[1].message).toContain('"qa"')
    expect(o.findings[1].message).toContain('workflow_dispatch input "target_environment"')
  })

  it.each<[string, string, Array<[string, number, number]>]>([
    [
      'strategy matrix values, include rows too',
      'on: push\njobs:\n  d:\n    strategy:\n      matrix:\n        env: [staging, qa]\n        include:\n          - env: uat\n    environment: ${{ matrix.env }}\n    steps: [{ run: echo }]\n',
      [['ENVIRONMENT_UNDECLARED', 9, 18], ['ENVIRONMENT_UNDECLARED', 9, 18]],
    ],
    [
      'github.event.inputs with options',
      'on:\n  workflow_dispatch:\n    inputs:\n      env:\n        type: choice\n        options: [production, nowhere]\njobs:\n  d:\n    environment:\n      name: ${{ github.event.inputs.env }}\n    steps: [{ run: echo }]\n',
      [['ENVIRONMENT_UNDECLARED', 10, 13]],
    ],
    [
      'a type: environment input is not judged',
      'on:\n  workflow_dispatch:\n    inputs:\n      env:\n        type: environment\njobs:\n  d:\n    environment: ${{ inputs.env }}\n    steps: [{ run: echo }]\n',
      [],
    ],
    [
      'an input without options, or a workflow_call input, is not judged',
      'on:\n  workflow_dispatch:\n    inputs:\n      env: { type: string }\n  workflow_call:\n    inputs:\n      other: { type: string }\njobs:\n  d:\n    environment: ${{ inputs.env }}\n  e:\n    environment: ${{ inputs.other }}\n',
      [],
    ],
    ['mixed text is not judged', 'on: push\njobs:\n  d:\n    environment: prod-${{ github.ref_name }}\n', []],
  ])('%s', async (_name, text, expected) => {
    const root = fixtureRepo({ '.github/workflows/ci.yml': 'on: push\njobs: {}\n', '.github/workflows/promotion.yml': 'on: push\njobs: {}\n', '.github/workflows/x.yaml': text })
    const o = await run(root)
    expect(o.findings.map((f) => [f.code, f.location.line, f.location.column])).toEqual(expected)
    expect(o.result).toBe(expected.length ? 'fail' : 'pass')
  })

  it('an unparsable workflow is a finding with its line', async () => {
    const root = fixtureRepo({ '.github/workflows/ci.yml': 'on: push\njobs:\n  a: {\n', '.github/workflows/promotion.yml': 'on: push\njobs: {}\n' })
    const o = await run(root)
    expect(o.result).toBe('fail')
    expect(o.findings).toHaveLength(1)
    expect(o.findings[0]).toMatchObject({ status: 'fail', code: 'WORKFLOW_UNPARSABLE', location: { path: '.github/workflows/ci.yml' } })
    expect(o.findings[0].location.line).toBeGreaterThanOrEqual(3)
  })

  it('is repository-scoped in the source-promotion family', () => {
    expect(environmentsDeclaredGate).toMatchObject({ id: 'gate-matrix/environments-declared', family: 'source-promotion', scope: 'repository' })
  })
})
