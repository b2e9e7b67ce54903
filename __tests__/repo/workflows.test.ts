import { describe, expect, it } from '@jest/globals'
import { RepoReader } from '../../src/repo/reader.js'
import { loadWorkflow, type Workflow } from '../../src/repo/workflows.js'
import { FIXTURE_REPO, fixtureRepo } from '../support/gates.js'

function load(path: string, root = FIXTURE_REPO): Workflow {
  const r = loadWorkflow(new RepoReader(root), path)
  if (r.kind !== 'ok') throw new Error(`expected ok, got ${r.kind}`)
  return r.workflow
}

function loadText(text: string): Workflow {
  return load('.github/workflows/x.yml', fixtureRepo({ '.github/workflows/x.yml': text }))
}

describe('workflow model', () => {
  it.each([
    ['string', 'on: push\njobs: {}\n', [['push', 1, 5]]],
    ['list', 'on: [push, pull_request]\njobs: {}\n', [['push', 1, 6], ['pull_request', 1, 12]]],
    ['map', 'on:\n  push:\n    branches: [main]\n  schedule:\n    - cron: "0 0 * * *"\njobs: {}\n', [['push', 2, 3], ['schedule', 4, 3]]],
  ])('normalises `on:` in its %s form', (_form, text, expected) => {
    const wf = loadText(text)
    expect(wf.triggers.map((t) => [t.value, t.location.line, t.location.column])).toEqual(expected)
    expect(wf.on).toMatchObject({ line: 1, column: 1 })
  })

  it('reads workflow_dispatch inputs with positions', () => {
    const wf = load('.github/workflows/promotion.yml')
    expect(wf.dispatch?.location).toMatchObject({ line: 3, column: 3 })
    expect(wf.dispatch?.inputsLocation).toMatchObject({ line: 4, column: 5 })
    const [target, skip] = wf.dispatch!.inputs
    expect(target).toMatchObject({
      name: 'target_environment',
      location: { line: 5, column: 7 },
      type: { value: 'choice', location: { line: 7, column: 15 } },
      required: { value: true, location: { line: 8, column: 19 } },
      options: { value: ['staging', 'production', 'qa'], location: { line: 10, column: 11 } },
    })
    expect(skip).toMatchObject({ name: 'skip_parity', type: { value: 'boolean' }, required: null, options: null })
  })

  it('a workflow_dispatch trigger without inputs has an empty input list', () => {
    expect(loadText('on: [workflow_dispatch]\njobs: {}\n').dispatch).toMatchObject({ inputs: [], inputsLocation: null, location: { line: 1, column: 6 } })
  })

  it('locates every line of literal, folded, plain and quoted run scripts', () => {
    const wf = load('.github/workflows/promotion.yml')
    const gate = wf.jobs.find((j) => j.id === 'gate')!
    expect(gate.steps[1].run?.lines).toEqual([
      { text: 'echo "checking"', line: 26, column: 11 },
      { text: 'npm test || true', line: 27, column: 11 },
      { text: 'echo done', line: 28, column: 11 },
    ])
    const deploy = wf.jobs.find((j) => j.id === 'deploy')!
    expect(deploy.steps.map((s) => s.run?.lines)).toEqual([
      [
        { text: './scripts/deploy.sh', line: 38, column: 11 },
        { text: '--env ${{ inputs.target_environment }} || true', line: 39, column: 11 },
      ],
      [{ text: 'echo "smoke" || true', line: 40, column: 14 }],
      [{ text: 'curl -f https://x.example.com || true', line: 42, column: 15 }],
    ])
  })

  it('handles explicit indentation indicators, blank lines, multi-line plain scalars and CRLF', () => {
    const wf = loadText(
      'on: push\r\njobs:\r\n  a:\r\n    steps:\r\n      - run: |2-\r\n           two\r\n\r\n          one\r\n      - run: first\r\n          second\r\n',
    )
    const [block, plain] = wf.jobs[0].steps
    expect(block.run?.lines).toEqual([
      { text: ' two', line: 6, column: 11 },
      { text: 'one', line: 8, column: 11 },
    ])
    expect(plain.run?.lines).toEqual([
      { text: 'first', line: 9, column: 14 },
      { text: 'second', line: 10, column: 11 },
    ])
  })

  it('counts lines of Unicode whitespace as blank, as trim() does, and keeps content after it', () => {
    const wf = loadText('on: push\njobs:\n  a:\n    steps:\n      - run: |\n          one\n          \u00a0\n          \u00a0two\n')
    expect(wf.jobs[0].steps[0].run?.lines).toEqual([
      { text: 'one', line: 6, column: 11 },
      { text: '\u00a0two', line: 8, column: 11 },
    ])
  })

  it('takes a step shell, else the job defaults, else the workflow defaults, whatever the key order', () => {
    const wf = loadText(
      [
        'jobs:',
        '  a:',
        '    steps: [{ run: x }, { shell: sh, run: y }]',
        '    defaults: { run: { shell: pwsh } }',
        '  b:',
        '    steps: [{ run: z }]',
        'defaults:',
        '  run: { shell: bash }',
        'on: push',
        '',
      ].join('\n'),
    )
    expect(wf.jobs.map((j) => j.steps.map((s) => [s.shell?.value, s.shell?.location.line, s.shell?.location.column]))).toEqual([
      [
        ['pwsh', 4, 31],
        ['sh', 3, 34],
      ],
      [['bash', 8, 17]],
    ])
  })

  it('reads job environments in string and {name, url} form, permissions and continue-on-error', () => {
    const promotion = load('.github/workflows/promotion.yml')
    const deploy = promotion.jobs.find((j) => j.id === 'deploy')!
    expect(deploy.environment).toEqual({ value: '${{ inputs.target_environment }}', location: { path: '.github/workflows/promotion.yml', line: 32, column: 18 } })
    expect(deploy.permissions).toMatchObject({ kind: 'all', level: 'write-all', location: { line: 33, column: 18 } })
    expect(deploy.continueOnError).toMatchObject({ value: '${{ inputs.skip_parity }}', location: { line: 34, column: 24 } })
    expect(deploy.steps[1].continueOnError).toMatchObject({ value: true, location: { line: 41, column: 28 } })
    expect(promotion.permissions).toMatchObject({
      kind: 'scopes',
      scopes: [
        { scope: 'contents', level: 'read', location: { line: 17, column: 13 } },
        { scope: 'deployments', level: 'write', location: { line: 18, column: 16 } },
      ],
    })
    const ci = load('.github/workflows/ci.yml')
    expect(ci.jobs.find((j) => j.id === 'preview')?.environment).toMatchObject({ value: 'preview', location: { line: 11, column: 13 } })
    expect(ci.jobs.find((j) => j.id === 'matrixed')?.strategyMatrix).toEqual({ target: ['staging', 'sandbox'], include: [{ target: 'production' }] })
    expect(ci.jobs.find((j) => j.id === 'test')?.environment).toBeNull()
  })

  it.each([
    ['invalid YAML', 'on: [push\njobs: {}\n', 'not valid YAML'],
    ['not a mapping', '- on\n- jobs\n', 'must be a YAML mapping'],
  ])('reports %s with a line', (_what, text, message) => {
    const r = loadWorkflow(new RepoReader(fixtureRepo({ '.github/workflows/x.yml': text })), '.github/workflows/x.yml')
    expect(r.kind).toBe('unparsable')
    if (r.kind !== 'unparsable') return
    expect(r.message).toContain(message)
    expect(r.location.line).toBeGreaterThanOrEqual(1)
  })

  it('a missing file is missing', () => {
    expect(loadWorkflow(new RepoReader(FIXTURE_REPO), '.github/workflows/nope.yml')).toEqual({ kind: 'missing' })
  })
})
