import { describe, expect, it } from '@jest/globals'
import { guardedTo } from '../../src/gates/support/environment-triggers.js'
import type { WorkflowJob } from '../../src/repo/workflows.js'
import { loadWorkflow } from '../../src/repo/workflows.js'
import { RepoReader } from '../../src/repo/reader.js'
import { tempRepo } from '../support/gates.js'

function job(condition: string | null): WorkflowJob {
  return {
    id: 'deploy',
    location: { path: 'w.yml', line: 1, column: 1 },
    environment: null,
    permissions: null,
    continueOnError: null,
    uses: null,
    steps: [],
    runsOn: null,
    strategyMatrix: null,
    needs: [],
    needsKey: null,
    condition: condition === null ? null : { value: condition, location: { path: 'w.yml', line: 2, column: 9 } },
  }
}

describe('guardedTo', () => {
  it.each<[string | null, boolean]>([
    ["github.ref == 'refs/heads/main'", true],
    ['${{ github.ref=="refs/heads/main" }}', true],
    ["'refs/heads/main' == github.ref && github.event_name == 'push'", true],
    ["github.ref_name == 'main'", true],
    ["github.ref == 'refs/heads/main' || github.event_name == 'workflow_dispatch'", false],
    ["!(github.ref == 'refs/heads/main')", false],
    ["github.ref != 'refs/heads/main'", false],
    ["github.ref == 'refs/heads/main-next'", false],
    ["github.ref == 'refs/heads/develop'", false],
    ["startsWith(github.ref, 'refs/heads/main')", false],
    [null, false],
  ])('%s → %s', (condition, guarded) => {
    expect(guardedTo(job(condition), 'main')).toBe(guarded)
  })
})

describe('workflow model: needs, if and trigger filters', () => {
  it('reads them with positions', () => {
    const root = tempRepo({
      'w.yml': [
        'on:', // 1
        '  push:', // 2
        '    branches: [main]', // 3
        "    tags: 'v*'", // 4
        '  workflow_dispatch:', // 5
        'jobs:', // 6
        '  a:', // 7
        '    runs-on: x', // 8
        '  b:', // 9
        '    needs: a', // 10
        "    if: github.ref == 'refs/heads/main'", // 11
        '  c:', // 12
        '    needs: [a, b]', // 13
      ].join('\n'),
    })
    const load = loadWorkflow(new RepoReader(root), 'w.yml')
    if (load.kind !== 'ok') throw new Error(load.kind)
    const wf = load.workflow
    expect(wf.filters).toEqual([
      { event: 'push', filter: 'branches', patterns: ['main'], location: { path: 'w.yml', line: 3, column: 15 } },
      { event: 'push', filter: 'tags', patterns: ['v*'], location: { path: 'w.yml', line: 4, column: 11 } },
    ])
    const [a, b, c] = wf.jobs
    expect(a.needs).toEqual([])
    expect(a.needsKey).toBeNull()
    expect(b.needs).toEqual([{ value: 'a', location: { path: 'w.yml', line: 10, column: 12 } }])
    expect(b.condition).toEqual({ value: "github.ref == 'refs/heads/main'", location: { path: 'w.yml', line: 11, column: 9 } })
    expect(c.needs.map((n) => n.value)).toEqual(['a', 'b'])
    expect(c.needsKey).toEqual({ path: 'w.yml', line: 13, column: 5 })
  })
})
