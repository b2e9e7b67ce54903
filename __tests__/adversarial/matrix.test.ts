// Typos and empty settings that used to switch a gate off silently: each is a matrix
// error at its line and column, naming what is wrong (and, for environment facts, the
// environment that lacks it).
import { describe, expect, test } from '@jest/globals'
import { runCheck } from '../../src/engine/index.js'
import { InputError } from '../../src/core/errors.js'
import { buildContexts } from '../../src/engine/contexts.js'
import { MATRIX_CONTEXT_KEYS } from '../../src/expressions/evaluate.js'
import { loadMatrix } from '../../src/matrix/load.js'
import { RepoReader } from '../../src/repo/reader.js'
import { localRun, makeRepo } from '../support/gates.js'

const emptyRepo = new RepoReader(makeRepo({}).root)

/** `line:column: message` of every problem, or [] when the matrix loads. */
function problems(text: string): string[] {
  try {
    loadMatrix(emptyRepo, 'gate-matrix.yml', { text })
    return []
  } catch (e) {
    if (!(e instanceof InputError)) throw e
    return e.problems.map((p) => `${p.location.line}:${p.location.column}: ${p.message}`)
  }
}

const ENVS = `version: 1
environments:
  staging: { hosts: { albs: s.example.com }, vars: { tier: 2 } }
  production: { hosts: { albs: p.example.com, albms: m.example.com }, posture: read-only, vars: { tier: 1 } }
gates:
`
// Gates start on line 6.
const gate = (body: string) => `${ENVS}  - id: g\n    family: f\n${body}`

describe('environment facts in expressions are declared by every environment the gate applies to', () => {
  test('a misspelt fact inside a string names the environment that lacks it', () => {
    const text = gate(`    assert:\n      - data: { file: c.json, path: url, equals: "https://\${{ environment.hosts.albms }}" }\n`)
    expect(problems(text)).toEqual([
      '9:50: environment.hosts.albms is not declared by environment "staging" (did you mean "albs"?); declare it there, or limit the gate\'s environments',
    ])
  })

  test('limited to the environments that declare it, it loads', () => {
    const text = gate(`    environments: [production]\n    assert:\n      - data: { file: c.json, path: url, equals: "https://\${{ environment.hosts.albms }}" }\n`)
    expect(problems(text)).toEqual([])
  })

  test('a fact no environment declares is reported once per environment', () => {
    const text = gate(`    assert:\n      - file: { path: "\${{ environment.vars.tierr }}.txt", exists: true }\n`)
    expect(problems(text)).toEqual([
      expect.stringMatching(/^9:23: environment\.vars\.tierr is not declared by environment "staging" \(did you mean "tier"\?\)/),
      expect.stringMatching(/^9:23: environment\.vars\.tierr is not declared by environment "production"/),
    ])
  })

  test('a key that is no environment fact at all is reported once, with the facts there are', () => {
    const text = gate(`    if: environment.postur == 'read-only'\n    assert:\n      - file: { path: a.txt, exists: true }\n`)
    expect(problems(text)).toEqual([expect.stringMatching(/^8:9: environment\.postur does not exist \(did you mean "posture"\?\): the environment context has description, branch, .*posture.*name$/)])
  })

  test("in an if, a declared kind of fact that an environment leaves out is null (false), not an error", () => {
    expect(problems(gate(`    if: environment.posture == 'read-only'\n    assert:\n      - file: { path: a.txt, exists: true }\n`))).toEqual([])
    // …but inside an assertion option it would check nothing in staging.
    expect(problems(gate(`    assert:\n      - file: { path: "\${{ environment.posture }}.txt", exists: true }\n`))).toEqual([
      expect.stringMatching(/^9:23: environment\.posture is not declared by environment "staging"/),
    ])
  })

  test('facts are matched case-insensitively, as GitHub does; computed indexes and inputs stay open', () => {
    const text = gate(
      `    if: \${{ github.EVENT_NAME == 'push' && inputs.anything != '' }}\n    assert:\n      - file: { path: "\${{ environment.HOSTS.Albs }}/\${{ environment.hosts[inputs.which] }}/\${{ toJSON(environment) }}", exists: true }\n`,
    )
    expect(problems(text)).toEqual([])
  })
})

test('each gate gets its own report when gates read the same fact (an option, an if, another spelling)', () => {
  // The loader judges a fact once per environment and reuses that: each use still reports at its place.
  const text = `${ENVS}  - id: a
    family: f
    assert:
      - file: { path: "\${{ environment.posture }}.txt", exists: true }
  - id: b
    family: f
    if: environment.posture == 'read-only'
    assert:
      - file: { path: "\${{ Environment.posture }}.txt", exists: true }
  - id: c
    family: f
    environments: [production]
    assert:
      - file: { path: "\${{ environment.posture }}.txt", exists: true }
`
  expect(problems(text)).toEqual([
    expect.stringMatching(/^9:23: environment\.posture is not declared by environment "staging";/),
    expect.stringMatching(/^14:23: Environment\.posture is not declared by environment "staging";/),
  ])
})

test('a duplicate gate id names the line of its first use', () => {
  const text = `${ENVS}  - id: g\n    family: f\n    assert: [{ file: { path: a.txt } }]\n  - id: h\n    family: f\n    assert: [{ file: { path: a.txt } }]\n  - id: g\n    family: f\n    assert: [{ file: { path: a.txt } }]\n`
  expect(problems(text)).toEqual(['12:9: duplicate gate id "g" (first used at line 6); give each gate its own id'])
})

describe('the github, matrix and profile contexts have fixed keys', () => {
  test('a misspelt github property in if', () => {
    const text = gate(`    if: github.event_nam == 'pull_request'\n    assert:\n      - file: { path: a.txt, exists: true }\n`)
    expect(problems(text)).toEqual([expect.stringMatching(/^8:9: github\.event_nam does not exist \(did you mean "event_name"\?\): the github context has event_name, sha, /)])
  })

  test('github properties are single values: github.event.* is not there', () => {
    const text = gate(`    if: \${{ github.event_name.action == 'opened' }}\n    assert:\n      - file: { path: a.txt, exists: true }\n`)
    expect(problems(text)).toEqual(['8:9: github.event_name.action does not exist: github.event_name is a single value'])
  })

  test('matrix and profile', () => {
    const text = gate(`    assert:\n      - file: { path: "\${{ matrix.environmnets }}-\${{ profile.nam }}", exists: true }\n`)
    expect(problems(text)).toEqual([
      expect.stringMatching(/^9:23: matrix\.environmnets does not exist \(did you mean "environments"\?\)/),
      expect.stringMatching(/^9:23: profile\.nam does not exist \(did you mean "name"\?\)/),
    ])
  })

  test("the loader's list of matrix keys is the evaluator's", () => {
    const matrix = loadMatrix(emptyRepo, 'gate-matrix.yml', { text: 'version: 1\nenvironments: { staging: {} }\ngates: []\n' })
    expect(Object.keys(buildContexts(matrix, null, { ...localRun(), root: '', matrixPath: '' }, null).matrix).sort()).toEqual([...MATRIX_CONTEXT_KEYS].sort())
  })
})

describe('settings that switch a gate off', () => {
  test('an unknown event in when.events', () => {
    const text = gate(`    when: { events: [push, pushh] }\n    assert:\n      - file: { path: a.txt, exists: true }\n`)
    expect(problems(text)).toEqual([expect.stringMatching(/^8:28: when\.events: "pushh" is not a GitHub workflow event \(did you mean "push"\?\), so it never matches/)])
  })

  test('a GitHub event gate-matrix never runs on, in when.events', () => {
    const text = gate(`    when: { events: [release] }\n    assert:\n      - file: { path: a.txt, exists: true }\n`)
    expect(problems(text)).toEqual([expect.stringMatching(/^8:22: when\.events: gate-matrix does not run on "release" events \(only pull_request, /)])
  })

  test('empty environments and when lists', () => {
    const text = gate(`    environments: []\n    when: { events: [], changed: [], profiles: [] }\n    assert:\n      - file: { path: a.txt, exists: true }\n`)
    expect(problems(text)).toEqual([
      expect.stringMatching(/^8:19: environments: \[\] makes the gate apply to no environment/),
      expect.stringMatching(/^9:21: when\.events: \[\] matches no event/),
      expect.stringMatching(/^9:34: when\.changed: \[\] matches no change/),
      expect.stringMatching(/^9:48: when\.profiles: \[\] matches no release profile/),
    ])
  })

  test('reviews that require no approval', () => {
    expect(problems(gate(`    assert:\n      - reviews: { approvals: 0 }\n`))).toEqual([expect.stringMatching(/^9:31: this reviews assertion requires no approval \(approvals: 0\)/)])
    expect(problems(gate(`    assert:\n      - reviews: { groups: {} }\n`))).toEqual([expect.stringMatching(/^9:28: this reviews assertion requires no approval \(groups: \{\}\)/)])
    expect(problems(gate(`    assert:\n      - reviews: { approvals: 0, groups: { sre: [alice] } }\n`))).toEqual([])
    expect(problems(gate(`    assert:\n      - reviews: {}\n`))).toEqual([])
  })

  test('a workflow assertion that checks nothing, or an unknown trigger', () => {
    expect(problems(gate(`    assert:\n      - workflow: { file: .github/workflows/ci.yml }\n`))).toEqual([
      expect.stringMatching(/^9:19: this workflow assertion checks nothing beyond the file existing; set at least one of triggers/),
    ])
    expect(problems(gate(`    assert:\n      - workflow: { file: w.yml, triggers: [], forbid_continue_on_error: false, max_permissions: {} }\n`))).toEqual([
      expect.stringMatching(/^9:19: this workflow assertion checks nothing/),
    ])
    expect(problems(gate(`    assert:\n      - workflow: { file: w.yml, triggers: [workflow_dispatch, pull_requests] }\n`))).toEqual([
      expect.stringMatching(/^9:64: triggers: "pull_requests" is not a GitHub workflow event \(did you mean "pull_request"\?\)/),
    ])
  })

  test('a data.file glob (data reads one file)', () => {
    expect(problems(gate(`    assert:\n      - data: { file: "config/*.json", path: region, exists: true }\n`))).toEqual([
      expect.stringMatching(/^9:23: "config\/\*\.json" is a glob; data reads one file/),
    ])
    expect(problems(gate(`    assert:\n      - data: { file: packages/@acme/app/package.json, path: name, exists: true }\n`))).toEqual([])
  })
})

describe('at run time, null inside a string is EXPRESSION_FAILED, never empty text', () => {
  test('https://${{ inputs.host }} without the input does not check "https://"', async () => {
    const repo = makeRepo({
      'gate-matrix.yml': `version: 1\nenvironments: { staging: {} }\ngates:\n  - id: url\n    family: f\n    assert:\n      - data: { file: c.json, path: url, equals: "https://\${{ inputs.host }}" }\n`,
      'c.json': '{ "url": "https://" }\n',
    })
    try {
      const { evidence } = await runCheck({ root: repo.root, matrixPath: 'gate-matrix.yml', run: localRun() })
      const cell = evidence.environments[0].gates.find((g) => g.gate_id === 'url')!
      expect(cell.result).toBe('fail')
      expect(cell.findings).toEqual([
        expect.objectContaining({ code: 'EXPRESSION_FAILED', message: expect.stringContaining('${{ inputs.host }} has no value (null)'), location: { path: 'gate-matrix.yml', line: 7, column: 15 } }),
      ])
      expect(evidence.verdict).not.toBe('clean')
    } finally {
      repo.cleanup()
    }
  })
})

describe('globs that match no file of the repository', () => {
  const MATRIX = `version: 1
tracked: [.github/workflow/*.yml, deploy/**, "!deploy/tmp/**"]
environments: { staging: {} }
change_classes:
  web: [web/**]
  api: [servces/api/**]
gates:
  - id: schema
    family: schema-seed
    when: { changed: [prisma/**] }
    assert:
      - changes: { require_changed: [migrations/**, CHANGELOG.md], forbid_changed: [secrets/**] }
  - id: dir
    family: f
    assert:
      - changes: { require_changed: [deploy] }
`
  const files = {
    'gate-matrix.yml': MATRIX,
    '.github/workflows/ci.yml': 'on: push\n',
    'deploy/app.yml': 'x: 1\n',
    'web/index.ts': '',
    'prisma/schema.prisma': '',
    'CHANGELOG.md': '# changes\n',
  }
  const expected = [
    '2:11: tracked glob ".github/workflow/*.yml" matches no file of the repository, so its rule never applies; fix the glob, or if its files are still to come, commit a placeholder it matches (e.g. dir/.gitkeep)',
    '6:9: change class "api" glob "servces/api/**" matches no file of the repository, so its rule never applies; fix the glob, or if its files are still to come, commit a placeholder it matches (e.g. dir/.gitkeep)',
    '12:38: changes.require_changed glob "migrations/**" matches no file of the repository, so its rule never applies; fix the glob, or if its files are still to come, commit a placeholder it matches (e.g. dir/.gitkeep)',
    '16:38: changes.require_changed glob "deploy" matches no file of the repository, so its rule never applies; "deploy" is a directory: write "deploy/**" for the files under it',
  ]

  test('validate: an error for each, at its line (negations and forbid_changed are not judged)', async () => {
    const repo = makeRepo(files)
    try {
      let stderr = ''
      const { main } = await import('../../src/cli/main.js')
      const code = await main(['validate', '--root', repo.root], { stdout: () => {}, stderr: (t) => (stderr += t), env: {}, isTTY: false })
      expect(code).toBe(2)
      expect(stderr.trim().split('\n').slice(0, -1)).toEqual(expected.map((p) => `gate-matrix.yml:${p}`))
    } finally {
      repo.cleanup()
    }
  })

  test('check: blocking findings of gate-matrix/matrix-valid at each glob; the rest is still evaluated', async () => {
    const repo = makeRepo(files)
    try {
      const { evidence } = await runCheck({ root: repo.root, matrixPath: 'gate-matrix.yml', run: localRun({ changes: { kind: 'files', files: ['prisma/schema.prisma'] } }) })
      const valid = evidence.repository.gates.find((g) => g.gate_id === 'gate-matrix/matrix-valid')!
      expect(valid).toMatchObject({ result: 'fail', blocking: true, mode: 'enforce' })
      expect(valid.findings.map((f) => `${f.location.line}:${f.location.column}: ${f.message}`)).toEqual(expected)
      expect(valid.findings.every((f) => f.code === 'GLOB_MATCHES_NOTHING' && f.status === 'fail')).toBe(true)
      expect(evidence.verdict).toBe('blocked')
      expect(evidence.environments[0].gates.find((g) => g.gate_id === 'schema')!.result).toBe('fail')
    } finally {
      repo.cleanup()
    }
  })

  test('the escape hatch for files still to come is a committed placeholder the glob matches', async () => {
    const fixed = MATRIX.replace('.github/workflow/', '.github/workflows/').replace('servces', 'services').replace('[deploy]', '[deploy/**]')
    const repo = makeRepo({ ...files, 'gate-matrix.yml': fixed, 'migrations/.gitkeep': '', 'services/api/.gitkeep': '' })
    try {
      const { evidence } = await runCheck({ root: repo.root, matrixPath: 'gate-matrix.yml', run: localRun() })
      expect(evidence.repository.gates.find((g) => g.gate_id === 'gate-matrix/matrix-valid')).toMatchObject({ result: 'pass', findings: [] })
    } finally {
      repo.cleanup()
    }
  })

  test('a changes assertion with only empty lists checks nothing', () => {
    expect(problems(gate(`    assert:\n      - changes: { require_changed: [], forbid_changed: [] }\n`))).toEqual([
      expect.stringMatching(/^9:18: this changes assertion checks nothing/),
    ])
  })
})
