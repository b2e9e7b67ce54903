import { createHash } from 'node:crypto'
import { readFileSync, symlinkSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { InputError, type Problem } from '../../src/core/errors.js'
import { loadMatrix } from '../../src/matrix/load.js'
import { RepoReader } from '../../src/repo/reader.js'
import { makeRepo } from '../support/gates.js'

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'matrix')

function tempRepo(files: Record<string, string | Buffer> = {}): string {
  return makeRepo(files).root
}

function problemsOf(load: () => unknown): Problem[] {
  try {
    load()
  } catch (e) {
    if (e instanceof InputError) return e.problems
    throw e
  }
  throw new Error('expected the matrix to be rejected')
}

const emptyRepo = new RepoReader(tempRepo())
const problemsOfText = (text: string): Problem[] => problemsOf(() => loadMatrix(emptyRepo, 'gate-matrix.yml', { text }))

describe('a valid matrix', () => {
  const root = join(fixtures, 'valid')
  const bytes = readFileSync(join(root, 'gate-matrix.yml'))
  const matrix = loadMatrix(new RepoReader(root), 'gate-matrix.yml')

  test('loads with its spec, path and the digest of its bytes', () => {
    expect(matrix.path).toBe('gate-matrix.yml')
    expect(matrix.digest).toBe(`sha256:${createHash('sha256').update(bytes).digest('hex')}`)
    expect(Object.keys(matrix.spec.environments)).toEqual(['staging', 'production', 'store-readiness'])
    expect(matrix.spec.gates.map((g) => g.id)).toEqual([
      'smoke-targets-environment-host',
      'promotion-has-no-bypass',
      'schema-change-has-migration-and-approvals',
      'production-from-main',
    ])
    expect(matrix.spec.gates[0].assert[0]).toEqual({
      data: { file: '.github/workflows/ci-smoke.yml', path: 'jobs.smoke.env.BASE_URL', equals: 'https://${{ environment.hosts.portal }}' },
    })
    expect(matrix.spec.environments.production.rollback?.migration_posture).toBe('forward_only')
  })

  test('keeps positions for later findings', () => {
    expect(matrix.doc.locate(['gates', 1, 'artifact']).location).toEqual({ path: 'gate-matrix.yml', line: 51, column: 15 })
  })

  test('trusted text is used instead of the file, and digested', () => {
    const text = 'version: 1\nenvironments: { staging: {} }\ngates: []\n'
    const loaded = loadMatrix(new RepoReader(root), 'gate-matrix.yml', { text })
    expect(Object.keys(loaded.spec.environments)).toEqual(['staging'])
    expect(loaded.digest).toBe(`sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`)
  })

  test('trusted text loads even when the file does not exist', () => {
    expect(loadMatrix(emptyRepo, 'ci/matrix.yml', { text: 'version: 1\nenvironments: { s: {} }\ngates: []\n' }).path).toBe('ci/matrix.yml')
  })
})

describe('an unusable file', () => {
  const outside = tempRepo({ 'secret.yml': 'version: 1\n' })
  // A file that cannot be read has no line: the location is the path alone.
  const cases: Array<[string, () => Problem[], Problem['location'] | Partial<Problem['location']>, RegExp]> = [
    ['missing', () => problemsOf(() => loadMatrix(emptyRepo, 'gate-matrix.yml')), { path: 'gate-matrix.yml' }, /no gate matrix at "gate-matrix.yml".*--matrix.*"matrix" input/],
    [
      'binary',
      () => problemsOf(() => loadMatrix(new RepoReader(tempRepo({ 'm.yml': Buffer.from([0x76, 0, 1, 2]) })), 'm.yml')),
      { path: 'm.yml' },
      /binary/,
    ],
    [
      'too large',
      () => problemsOf(() => loadMatrix(new RepoReader(tempRepo({ 'm.yml': `version: 1\n${'#'.repeat(200)}\n` }), { maxFileBytes: 100 }), 'm.yml')),
      { path: 'm.yml' },
      /over the 100-byte limit/,
    ],
    [
      'a symlink out of the repository',
      () => {
        const root = tempRepo()
        symlinkSync(join(outside, 'secret.yml'), join(root, 'gate-matrix.yml'))
        return problemsOf(() => loadMatrix(new RepoReader(root), 'gate-matrix.yml'))
      },
      { path: 'gate-matrix.yml' },
      /symlink that resolves outside the repository/,
    ],
    ['empty', () => problemsOfText(''), { line: 1, column: 1 }, /the matrix is empty/],
    ['only comments', () => problemsOfText('# nothing yet\n'), { line: 1, column: 1 }, /the matrix is empty/],
    ['a YAML syntax error', () => problemsOfText('version: 1\nenvironments: { s: {} }\ngates: [\n'), { line: 4, column: 1 }, /^YAML syntax: /],
    ['a duplicate key', () => problemsOfText('version: 1\nversion: 1\n'), { line: 2, column: 1 }, /^YAML syntax: .*unique/i],
    ['a top-level list', () => problemsOfText('- version: 1\n'), { line: 1, column: 1 }, /must be a mapping .*found a list/],
    ['another version', () => problemsOfText('version: 2\nenvironments: nope\n'), { line: 1, column: 10 }, /^unsupported version 2: this gate-matrix reads version 1$/],
    ['no version', () => problemsOfText('environments: { s: {} }\ngates: []\n'), { line: 1, column: 1 }, /"version: 1" is missing/],
  ]
  test.each(cases)('%s: one positioned problem', (_label, run, location, message) => {
    const problems = run()
    expect(problems).toHaveLength(1)
    expect(problems[0].location).toEqual({ path: 'gate-matrix.yml', ...location })
    expect(problems[0].message).toMatch(message)
  })
})

// Each case: a small matrix with one mistake → where it is and what the message says.
const HEAD = 'version: 1\nenvironments:\n  staging: { branch: main }\n  production: { after: [staging] }\n'
const GATE = (lines: string): string => `${HEAD}gates:\n  - id: g\n    family: f\n${lines}`
const FILE_ASSERT = '    assert:\n      - file: { path: README.md }\n'

const mistakes: Array<[string, string, number, number, RegExp]> = [
  // schema
  ['unknown key, with a suggestion', `${HEAD}  qa: { brnch: main }\ngates: []\n`, 5, 9, /^unknown key "brnch" \(did you mean "branch"\?\)$/],
  ['unknown top-level key', `${HEAD}gates: []\nextra: 1\n`, 6, 1, /^unknown key "extra"; allowed here: version, owner,/],
  ['missing required key', 'version: 1\nenvironments: { s: {} }\n', 1, 1, /^"gates" is required: add it \(a list\)$/],
  ['wrong type', `${HEAD}gates: {}\n`, 5, 8, /^expected a list, found a mapping$/],
  ['bad enum value', GATE(`    mode: enforced\n${FILE_ASSERT}`), 8, 11, /^the text "enforced" is not one of report, warn, enforce \(did you mean "enforce"\?\)$/],
  ['bad name', GATE(FILE_ASSERT).replace('id: g', 'id: "a b"'), 6, 9, /^"a b" is not valid here: expected a name of letters/],
  ['bad environment name', `${HEAD}  "bad env": {}\ngates: []\n`, 5, 3, /^"bad env" is not a valid name: expected a name/],
  ['not a calendar date', GATE(`    enforce_after: 2027-02-30\n${FILE_ASSERT}`), 8, 20, /^"2027-02-30" is not valid here: not a calendar date$/],
  ['empty assert list', GATE('    assert: []\n'), 8, 13, /^"assert" needs at least 1 entry$/],
  // assertions, entry by entry
  ['unknown assertion kind', GATE('    assert:\n      - fiel: { path: x }\n'), 9, 9, /^unknown assertion kind "fiel" \(did you mean "file"\?\); known kinds: file, data, workflow,/],
  ['two kinds in one entry', GATE('    assert:\n      - file: { path: x }\n        docs: { files: x }\n'), 10, 9, /names file and docs: write one entry per kind/],
  ['entry not a mapping', GATE('    assert:\n      - file\n'), 9, 9, /one-key map .*found the text "file"/],
  ['options missing', GATE('    assert:\n      - ref:\n'), 9, 9, /"ref" needs its options as a mapping \(write ref: \{\} for none\)/],
  ['unknown option', GATE('    assert:\n      - file: { path: x, exist: true }\n'), 9, 26, /^unknown key "exist" \(did you mean "exists"\?\)$/],
  ['missing option', GATE('    assert:\n      - data:\n          file: x.json\n          equals: 1\n'), 9, 9, /^"path" is required: add it \(text\)$/],
  ['option refinement', GATE('    assert:\n      - data: { file: x.json, path: a }\n'), 9, 15, /^data needs one of equals, one_of/],
  ['option format', GATE('    assert:\n      - checks: { names: [ci], wait: 2h }\n'), 9, 38, /^"2h" is not valid here: expected a duration/],
  ['text where a list or one expression is expected', GATE('    assert:\n      - data: { file: x.json, path: a, one_of: "${{ inputs.a }}-x" }\n'), 9, 48, /^"\$\{\{ inputs.a \}\}-x" is not valid here: expected a value or one \$\{\{ … \}\} expression$/],
  // cross-checks
  ['gate names an undeclared environment', GATE(`    environments: [stagin]\n${FILE_ASSERT}`), 8, 20, /^unknown environment "stagin" \(did you mean "staging"\?\); declared under environments: staging, production$/],
  ['duplicate gate id', `${GATE(FILE_ASSERT)}  - id: g\n    family: f\n${FILE_ASSERT}`, 10, 9, /^duplicate gate id "g" \(first used at line 6\)/],
  ['profile names an unknown change class', `${HEAD}change_classes: { web: [web/**] }\nprofiles: { std: { classes: [web, api] } }\ngates: []\n`, 6, 35, /^unknown change class "api"; declared under change_classes: web$/],
  ['profile skips an unknown gate', `${HEAD}profiles: { fast: { classes: [], skip_gates: [nope] } }\ngates: []\n`, 5, 47, /^unknown gate "nope"; declared gate ids: none$/],
  ['unknown default profile', `${HEAD}profiles: { std: { classes: [] } }\ndefault_profile: sdt\ngates: []\n`, 6, 18, /^unknown profile "sdt" \(did you mean "std"\?\)/],
  ['when.profiles unknown', GATE(`    when: { profiles: [fast] }\n${FILE_ASSERT}`), 8, 24, /^unknown profile "fast"; declared under profiles: none$/],
  ['waiver names an unknown gate', `${GATE(FILE_ASSERT)}waivers:\n  - { gate: h, owner: o, reason: r, expires: 2027-01-01 }\n`, 11, 13, /^unknown gate "h"/],
  ['waiver names an unknown environment', `${GATE(FILE_ASSERT)}waivers:\n  - { gate: g, environments: [prod], owner: o, reason: r, expires: 2027-01-01 }\n`, 11, 31, /^unknown environment "prod"/],
  ['after names an unknown environment', `${HEAD}  beta: { after: [qa] }\ngates: []\n`, 5, 19, /^unknown environment "qa"/],
  ['cycle in after', 'version: 1\nenvironments:\n  a: { after: [c] }\n  b: { after: [a] }\n  c: { after: [b] }\ngates: []\n', 4, 16, /^environments wait on each other in a cycle: a → c → b → a; remove one of these "after" entries$/],
  ['environment after itself', 'version: 1\nenvironments:\n  a: { after: [a] }\ngates: []\n', 3, 16, /cycle: a → a/],
  ['protected family in warn without enforce_after', GATE(`    mode: warn\n${FILE_ASSERT}`).replace('family: f', 'family: secrets-pki'), 8, 11, /protected family "secrets-pki": mode warn needs enforce_after/],
  // paths that leave the repository
  ['artifact leaves the root', GATE(`    artifact: ../x.yml\n${FILE_ASSERT}`), 8, 15, /^artifact: "..\/x.yml" leaves the repository/],
  ['artifact with an expression', GATE(`    artifact: "deploy/\${{ environment.name }}.yml"\n${FILE_ASSERT}`), 8, 15, /^artifact names one file for every environment/],
  ['recovery is absolute', GATE(`    recovery: /docs/x.md#anchor\n${FILE_ASSERT}`), 8, 15, /^recovery doc: "\/docs\/x.md" is absolute/],
  ['top-level recovery', `version: 1\nrecovery: ../RUNBOOK.md\nenvironments: { s: {} }\ngates: []\n`, 2, 11, /^recovery doc: /],
  ['tracked glob', `version: 1\ntracked: [ok/**, ../**]\nenvironments: { s: {} }\ngates: []\n`, 2, 18, /^tracked glob: /],
  ['change class glob', `version: 1\nchange_classes: { web: ["!../web/**"] }\nenvironments: { s: {} }\ngates: []\n`, 2, 25, /^change class "web": /],
  ['release manifest', `version: 1\nenvironments:\n  p: { release_manifest: /etc/manifest }\ngates: []\n`, 3, 26, /^release_manifest: .* is absolute/],
  ['rollback manifest path', `version: 1\nenvironments:\n  p:\n    rollback: { command: x, manifest_or_revision: ../m.json, migration_posture: none, owner: o }\ngates: []\n`, 4, 51, /^rollback manifest: /],
  ['file.path', GATE('    assert:\n      - file: { path: ../etc/passwd }\n'), 9, 23, /^file.path: /],
  ['data.file', GATE('    assert:\n      - data: { file: /x.json, path: a, exists: true }\n'), 9, 23, /^data.file: /],
  ['workflow.file', GATE('    assert:\n      - workflow: { file: ../w.yml, triggers: [push] }\n'), 9, 27, /^workflow.file: /],
  ['docs.files', GATE('    assert:\n      - docs: { files: ../*.md }\n'), 9, 24, /^docs.files: /],
  ['threshold.thresholds', GATE('    assert:\n      - threshold: { report: r.json, thresholds: ../t.json }\n'), 9, 50, /^threshold.thresholds: /],
  ['changes globs', GATE('    assert:\n      - changes: { require_changed: [a/**, ../b/**] }\n'), 9, 44, /^changes.require_changed: /],
  ['when.changed', GATE(`    when: { changed: [../**] }\n${FILE_ASSERT}`), 8, 23, /^when.changed glob: /],
  // expressions
  ['unknown context in if', GATE(`    if: \${{ secrets.TOKEN != '' }}\n${FILE_ASSERT}`), 8, 9, /uses the unknown context "secrets"; expressions may use environment, matrix, profile, github, inputs$/],
  ['unknown context in a bare if', GATE(`    if: env.X == 'y'\n${FILE_ASSERT}`), 8, 9, /unknown context "env"/],
  ['syntax error in an option', GATE('    assert:\n      - ref: { branch: "${{ environment. }}" }\n'), 9, 24, /^\$\{\{ environment. \}\} is not a valid expression: the expression ends too early$/],
  ['unknown function', GATE(`    if: \${{ success() }}\n${FILE_ASSERT}`), 8, 9, /calls the unknown function success\(\)/],
  ['unclosed expression', GATE('    assert:\n      - data: { file: x.json, path: a, equals: "${{ inputs.a" }\n'), 9, 48, /opens \$\{\{ without a closing \}\}/],
  ['text around expressions in if', GATE(`    if: \${{ inputs.a }} && \${{ inputs.b }}\n${FILE_ASSERT}`), 8, 9, /mixes text and expressions, which is always true/],
  ['expression inside environment facts', `version: 1\nenvironments:\n  p: { vars: { url: "https://\${{ vars.HOST }}" } }\ngates: []\n`, 3, 21, /unknown context "vars"/],
]

test.each(mistakes)('%s', (_label, text, line, column, message) => {
  const problems = problemsOfText(text)
  expect(problems.map((p) => `${p.location.line}:${p.location.column}: ${p.message}`)).toHaveLength(1)
  expect(problems[0]).toEqual({ location: { path: 'gate-matrix.yml', line, column }, message: expect.stringMatching(message) })
})

test('expression-valued paths are not checked as paths', () => {
  const text = GATE('    assert:\n      - file: { path: "${{ inputs.dir }}/x" }\n')
  expect(loadMatrix(emptyRepo, 'gate-matrix.yml', { text }).spec.gates[0].assert[0]).toEqual({ file: { path: '${{ inputs.dir }}/x' } })
})

test('a revision is not taken for a path', () => {
  const text = 'version: 1\nenvironments:\n  p:\n    rollback: { command: x, manifest_or_revision: v1.2.3, migration_posture: none, owner: o }\ngates: []\n'
  expect(loadMatrix(emptyRepo, 'gate-matrix.yml', { text }).spec.environments.p.rollback?.manifest_or_revision).toBe('v1.2.3')
})

test('recovery may be a URL', () => {
  const text = GATE(`    recovery: https://wiki.example.com/../runbook#x\n${FILE_ASSERT}`)
  expect(loadMatrix(emptyRepo, 'gate-matrix.yml', { text }).spec.gates[0].recovery).toBe('https://wiki.example.com/../runbook#x')
})

test('every problem is reported at once, in file order', () => {
  const problems = problemsOf(() => loadMatrix(new RepoReader(join(fixtures, 'invalid')), 'gate-matrix.yml'))
  const expected: Array<[string, RegExp]> = [
    ['3:28', /^unknown key "hots" \(did you mean "hosts"\?\)$/],
    ['4:34', /^unknown environment "qa"/],
    ['6:25', /^unknown change class "web"/],
    ['10:11', /protected family "dns-tls-edge"/],
    ['11:20', /^unknown environment "stagin"/],
    ['12:9', /unknown context "secrets"/],
    ['14:23', /^file.path: "..\/outside.txt" leaves the repository/],
    ['15:9', /^unknown assertion kind "dta"/],
    ['16:9', /^duplicate gate id "smoke" \(first used at line 8\)/],
    ['18:13', /^"assert" needs at least 1 entry$/],
    ['20:13', /^unknown gate "nope"/],
  ]
  expect(problems.map((p) => `${p.location.line}:${p.location.column}`)).toEqual(expected.map(([at]) => at))
  problems.forEach((p, i) => expect(p.message).toMatch(expected[i][1]))
})

test('the error message lists every problem as path:line:column: message', () => {
  try {
    loadMatrix(new RepoReader(join(fixtures, 'invalid')), 'gate-matrix.yml')
  } catch (e) {
    expect((e as Error).message.split('\n')[0]).toBe('gate-matrix.yml:3:28: unknown key "hots" (did you mean "hosts"?)')
    return
  }
  throw new Error('expected the matrix to be rejected')
})
