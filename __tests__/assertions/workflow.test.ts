import { describe, expect, it } from '@jest/globals'
import { workflowKind, type WorkflowOptions } from '../../src/gates/assertions/workflow.js'
import type { AssertionOutcome } from '../../src/core/outcome.js'
import { fixtureRepo, fixtureContext as makeContext } from '../support/gates.js'

const PROMOTION = '.github/workflows/promotion.yml'

async function run(options: WorkflowOptions, root?: string): Promise<AssertionOutcome> {
  const parsed = workflowKind.options.parse(options)
  return workflowKind.evaluate(parsed, makeContext({ root, declaredPath: ['gates', 0, 'assert', 0, 'workflow'] }))
}

/** [code, line, column] of each finding. */
function where(o: AssertionOutcome): Array<[string, number | undefined, number | undefined]> {
  return o.findings.map((f) => [f.code, f.location.line, f.location.column])
}

describe('workflow kind', () => {
  it.each<[string, WorkflowOptions, Array<[string, number, number]>]>([
    ['triggers present', { file: PROMOTION, triggers: ['workflow_dispatch'] }, []],
    ['trigger missing → at on:', { file: PROMOTION, triggers: ['workflow_dispatch', 'push'] }, [['TRIGGER_MISSING', 2, 1]]],
    ['list-form triggers', { file: '.github/workflows/ci.yml', triggers: ['push', 'pull_request'] }, []],
    ['dispatch input matches', { file: PROMOTION, dispatch_input: { name: 'target_environment', type: 'choice', required: true, options: ['qa', 'production', 'staging'] } }, []],
    ['dispatch input absent → at inputs', { file: PROMOTION, dispatch_input: { name: 'version' } }, [['WORKFLOW_INPUT_MISMATCH', 4, 5]]],
    ['no workflow_dispatch → at on:', { file: '.github/workflows/ci.yml', dispatch_input: { name: 'version' } }, [['WORKFLOW_INPUT_MISMATCH', 2, 1]]],
    ['type differs → at type', { file: PROMOTION, dispatch_input: { name: 'target_environment', type: 'environment' } }, [['WORKFLOW_INPUT_MISMATCH', 7, 15]]],
    ['required differs → at required', { file: PROMOTION, dispatch_input: { name: 'target_environment', required: false } }, [['WORKFLOW_INPUT_MISMATCH', 8, 19]]],
    ['undeclared required defaults to false → at the input', { file: PROMOTION, dispatch_input: { name: 'skip_parity', required: true } }, [['WORKFLOW_INPUT_MISMATCH', 13, 7]]],
    ['undeclared type defaults to string', { file: '.github/workflows/promotion.yml', dispatch_input: { name: 'skip_parity', type: 'boolean' } }, []],
    ['options differ → at options', { file: PROMOTION, dispatch_input: { name: 'target_environment', options: ['staging', 'production', 'sandbox'] } }, [['WORKFLOW_INPUT_MISMATCH', 10, 11]]],
    ['options on an input without options → at the input', { file: PROMOTION, dispatch_input: { name: 'skip_parity', options: ['x'] } }, [['WORKFLOW_INPUT_MISMATCH', 13, 7]]],
    [
      'forbid_run → each line in literal, folded, plain and quoted runs',
      { file: PROMOTION, forbid_run: '\\|\\|\\s*true' },
      [['PATTERN_FORBIDDEN', 27, 20], ['PATTERN_FORBIDDEN', 39, 50], ['PATTERN_FORBIDDEN', 40, 27], ['PATTERN_FORBIDDEN', 42, 45]],
    ],
    ['forbid_run over a glob of workflows', { file: '.github/workflows/*.{yml,yaml}', forbid_run: 'deploy\\.sh' }, [['PATTERN_FORBIDDEN', 38, 21]]],
    ['forbid_continue_on_error → true and expressions, not false', { file: PROMOTION, forbid_continue_on_error: true }, [['CONTINUE_ON_ERROR', 34, 24], ['CONTINUE_ON_ERROR', 41, 28]]],
    ['max_permissions: scope over the limit', { file: PROMOTION, max_permissions: { deployments: 'read' } }, [['PERMISSION_EXCEEDED', 18, 16], ['PERMISSION_EXCEEDED', 33, 18]]],
    ['max_permissions: write everywhere allows write-all', { file: PROMOTION, max_permissions: { contents: 'write', deployments: 'write' } }, []],
    ['environments_declared → dispatch option qa', { file: PROMOTION, environments_declared: true }, [['ENVIRONMENT_UNDECLARED', 32, 18]]],
  ])('%s', async (_name, options, expected) => {
    const outcome = await run(options)
    expect(where(outcome)).toEqual(expected)
    expect(outcome.result).toBe(expected.length ? 'fail' : 'pass')
  })

  it('names what is missing and what is extra in the options', async () => {
    const o = await run({ file: PROMOTION, dispatch_input: { name: 'target_environment', options: ['staging', 'production', 'sandbox'] } })
    expect(o.findings[0].message).toContain('missing "sandbox"')
    expect(o.findings[0].message).toContain('extra "qa"')
  })

  it('read-all exceeds none only', async () => {
    const root = fixtureRepo({ '.github/workflows/x.yml': 'on: push\npermissions: read-all\njobs: {}\n' })
    expect(where(await run({ file: '.github/workflows/x.yml', max_permissions: { contents: 'read' } }, root))).toEqual([])
    expect(where(await run({ file: '.github/workflows/x.yml', max_permissions: { contents: 'none' } }, root))).toEqual([['PERMISSION_EXCEEDED', 2, 14]])
  })

  it('no matching file → FILE_MISSING, missing, no line', async () => {
    const o = await run({ file: '.github/workflows/nope-*.yml', triggers: ['push'] })
    expect(o.result).toBe('missing')
    expect(o.findings).toEqual([expect.objectContaining({ code: 'FILE_MISSING', status: 'missing', location: { path: '.github/workflows/nope-*.yml' } })])
  })

  it('an unparsable workflow → WORKFLOW_UNPARSABLE with its line', async () => {
    const root = fixtureRepo({ '.github/workflows/bad.yml': 'on: push\njobs:\n  a: [\n' })
    const o = await run({ file: '.github/workflows/bad.yml', triggers: ['push'] }, root)
    expect(o.result).toBe('fail')
    expect(o.findings[0]).toMatchObject({ code: 'WORKFLOW_UNPARSABLE', location: { path: '.github/workflows/bad.yml' } })
    expect(o.findings[0].location.line).toBeGreaterThanOrEqual(3)
  })

  it('validate refuses a forbid_run that is not linear-time, at the option', () => {
    const at = (p: ReadonlyArray<string | number>) => ({ path: 'gate-matrix.yml', line: p.length, column: 1 })
    expect(workflowKind.validate!({ file: PROMOTION, forbid_run: '(a)\\1' }, at)).toEqual([
      { location: { path: 'gate-matrix.yml', line: 1, column: 1 }, message: expect.stringContaining('forbid_run') },
    ])
    expect(workflowKind.validate!({ file: PROMOTION, forbid_run: 'ok' }, at)).toEqual([])
  })
})
