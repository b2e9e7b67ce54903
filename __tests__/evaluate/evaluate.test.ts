import { afterAll, describe, expect, it } from '@jest/globals'
import { runCheck } from '../../src/engine/index.js'
import { UsageError } from '../../src/core/errors.js'
import { canonicalJson } from '../../src/core/canonical-json.js'
import type { Evidence, GateEvidence } from '../../src/evidence/types.js'
import { localRun, makeRepo } from '../support/gates.js'

const MATRIX = `version: 1
owner: release-engineering
recovery: docs/RECOVERY.md
environments:
  staging:
    branch: main
    hosts: { portal: staging-portal.example.com }
    release_manifest: release/manifest.json
  production:
    branch: main
    hosts: { portal: portal.example.com }
    rollback: { command: scripts/rollback.sh, manifest_or_revision: release/manifest.json, migration_posture: forward_only, owner: sre }
change_classes:
  web: [web/**]
  api: [api/**]
profiles:
  standard: { classes: [web, api] }
  web-fast: { classes: [web], skip_families: [schema-seed] }
gates:
  - id: smoke-host
    family: dns-tls-edge
    owner: sre
    artifact: smoke.yml
    assert:
      - data: { file: smoke.yml, path: env.BASE_URL, equals: "https://\${{ environment.hosts.portal }}" }
  - id: readme
    family: docs
    environments: [staging]
    assert:
      - file: { path: README.md }
  - id: schema-co-change
    family: schema-seed
    when: { changed: [api/prisma/**] }
    assert:
      - changes: { require_changed: [migrations/**] }
  - id: warn-then-enforce
    family: hygiene
    mode: warn
    enforce_after: 2026-06-01
    assert:
      - file: { path: CHANGELOG.md }
  - id: only-on-dispatch
    family: hygiene
    when: { events: [workflow_dispatch] }
    assert:
      - file: { path: nothing-here }
  - id: only-production
    family: hygiene
    if: \${{ environment.name == 'production' }}
    assert:
      - file: { path: PROD.md }
  - id: partial-ok
    family: hygiene
    residual_risk: { owner: qa, reason: parity report lags a day }
    assert:
      - file: { path: README.md }
      - file: { path: parity.json }
  - id: waived
    family: hygiene
    assert:
      - file: { path: waived.txt }
waivers:
  - { gate: waived, environments: [staging], owner: sre, reason: vendor outage, expires: 2026-12-01 }
  - { gate: waived, environments: [production], owner: sre, reason: old, expires: 2026-01-01 }
`

const FILES = {
  'gate-matrix.yml': MATRIX,
  'smoke.yml': 'env:\n  BASE_URL: https://portal.example.com\n',
  'README.md': '# hi\n',
  'smoke-unused.txt': '',
  'release/manifest.json': '{"version": "1.2.3"}\n',
  'docs/RECOVERY.md': '# Recovery\n',
  // Every tracked / change-class / when.changed / require_changed glob must match a file.
  'web/index.ts': '',
  'api/prisma/schema.prisma': '',
  'migrations/.gitkeep': '',
}

const repo = makeRepo(FILES)
afterAll(() => repo.cleanup())

async function check(over: Parameters<typeof localRun>[0] = {}): Promise<Evidence> {
  return (await runCheck({ root: repo.root, matrixPath: 'gate-matrix.yml', run: localRun(over) })).evidence
}

function cell(e: Evidence, env: string, gate: string): GateEvidence {
  const g = e.environments.find((x) => x.environment_profile === env)?.gates.find((x) => x.gate_id === gate)
  if (!g) throw new Error(`no cell ${env}/${gate}`)
  return g
}

describe('evaluateMatrix', () => {
  it('judges each environment with its own facts, pointing at the offending value', async () => {
    const e = await check()
    expect(cell(e, 'staging', 'smoke-host')).toMatchObject({ result: 'fail', blocking: true, owner: 'sre', artifact: 'smoke.yml', evidence_types: ['data'] })
    expect(cell(e, 'staging', 'smoke-host').findings[0]).toMatchObject({ code: 'VALUE_MISMATCH', location: { path: 'smoke.yml', line: 2, column: 13 } })
    expect(cell(e, 'production', 'smoke-host').result).toBe('pass')
  })

  it('skips environments a gate does not list (no cell at all)', async () => {
    const e = await check()
    expect(e.environments[1].gates.find((g) => g.gate_id === 'readme')).toBeUndefined()
    expect(cell(e, 'staging', 'readme').result).toBe('pass')
  })

  it('when.changed: not applicable without a change set, judged with one, fail-closed when unavailable', async () => {
    expect(cell(await check(), 'staging', 'schema-co-change')).toMatchObject({ result: 'not_applicable', blocking: false })
    expect(cell(await check({ changes: { kind: 'files', files: ['web/a.ts'] } }), 'staging', 'schema-co-change').result).toBe('not_applicable')
    const hit = cell(await check({ changes: { kind: 'files', files: ['api/prisma/schema.prisma'] } }), 'staging', 'schema-co-change')
    expect(hit).toMatchObject({ result: 'fail', blocking: true })
    expect(hit.findings[0].code).toBe('CO_CHANGE_MISSING')
    const unavailable = cell(await check({ changes: { kind: 'unavailable', reason: 'API down' } }), 'staging', 'schema-co-change')
    expect(unavailable).toMatchObject({ result: 'blocked', blocking: true })
  })

  it('graduates a warn gate on its enforce_after date', async () => {
    expect(cell(await check({ today: '2026-05-31' }), 'staging', 'warn-then-enforce')).toMatchObject({ result: 'missing', mode: 'warn', blocking: false })
    expect(cell(await check({ today: '2026-06-01' }), 'staging', 'warn-then-enforce')).toMatchObject({ result: 'missing', mode: 'enforce', blocking: true })
  })

  it('when.events and if: make a gate not applicable, with the reason', async () => {
    const e = await check()
    expect(cell(e, 'staging', 'only-on-dispatch')).toMatchObject({ result: 'not_applicable', missing_reason: expect.stringContaining('when.events') })
    expect(cell(e, 'staging', 'only-production')).toMatchObject({ result: 'not_applicable', missing_reason: expect.stringContaining('is false') })
    expect(cell(e, 'production', 'only-production').result).toBe('missing')
  })

  it('partial only with a residual-risk record, and then it does not block', async () => {
    const g = cell(await check(), 'staging', 'partial-ok')
    expect(g).toMatchObject({ result: 'partial', blocking: false, residual_risk: { owner: 'qa', reason: 'parity report lags a day' } })
  })

  it('an active waiver keeps the result but stops it blocking; an expired one does not, and is a finding', async () => {
    const e = await check()
    expect(cell(e, 'staging', 'waived')).toMatchObject({ result: 'missing', blocking: false, waiver: { active: true, owner: 'sre', expires: '2026-12-01' } })
    expect(cell(e, 'production', 'waived')).toMatchObject({ result: 'missing', blocking: true, waiver: { active: false } })
    const expired = e.repository.gates.find((g) => g.gate_id === 'gate-matrix/waivers-current')!
    expect(expired).toMatchObject({ result: 'fail', mode: 'warn', blocking: false })
    expect(expired.findings[0]).toMatchObject({ code: 'WAIVER_EXPIRED', location: { path: 'gate-matrix.yml', line: 64, column: 83 } })
  })

  it('a release profile skips its families (no prior validation required) and checks change classes', async () => {
    const e = await check({ profile: 'web-fast', changes: { kind: 'files', files: ['api/prisma/schema.prisma', 'web/x.ts'] } })
    expect(cell(e, 'staging', 'schema-co-change')).toMatchObject({ result: 'not_applicable', missing_reason: 'skipped by release profile web-fast' })
    expect(cell(e, 'staging', 'gate-matrix/change-class')).toMatchObject({ result: 'fail', blocking: true })
    expect(e.environments[0]).toMatchObject({ release_profile: 'web-fast', change_class: ['api', 'web'] })
  })

  it('records rollback, the release manifest digest and the blockers in matrix order', async () => {
    const e = await check()
    expect(e.environments[0].release_manifest_digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(e.environments[1].rollback).toEqual({ command: 'scripts/rollback.sh', manifest_or_revision: 'release/manifest.json', migration_posture: 'forward_only', owner: 'sre' })
    expect(e.verdict).toBe('blocked')
    expect(e.blockers.map((b) => `${b.environment} ${b.gate_id} ${b.code}`)).toEqual([
      'staging smoke-host VALUE_MISMATCH',
      'staging warn-then-enforce FILE_MISSING',
      'production warn-then-enforce FILE_MISSING',
      'production only-production FILE_MISSING',
      'production waived FILE_MISSING',
    ])
  })

  it('gives each environment the cell it gets when judged alone (gates shared by every environment included)', async () => {
    // A gate whose assertions are the same in every environment is evaluated once and its cell
    // reused: the production cells must equal those of a run that judges production only.
    const both = await check()
    const alone = await check({ environments: ['production'] })
    expect(both.environments[1].gates).toEqual(alone.environments[0].gates)
    expect(cell(both, 'staging', 'only-production').result).toBe('not_applicable')
  })

  it('gives identical bytes for identical inputs', async () => {
    expect(canonicalJson(await check())).toBe(canonicalJson(await check()))
  })

  it('selects environments, and refuses unknown environments and profiles', async () => {
    const e = await check({ environments: ['production'] })
    expect(e.environments.map((x) => x.environment_profile)).toEqual(['production'])
    await expect(check({ environments: ['prod'] })).rejects.toThrow(UsageError)
    await expect(check({ environments: ['prod'] })).rejects.toThrow(/"prod" not declared in gate-matrix.yml \(declared: staging, production\)/)
    await expect(check({ profile: 'fast' })).rejects.toThrow(/profile "fast" is not declared/)
  })
})

describe('expressions at evaluation time', () => {
  const r = makeRepo({
    'gate-matrix.yml': `version: 1
environments:
  staging: { vars: { n: 3, file: README.md } }
  production: { vars: { n: 3, file: README.md } }
  qa: { vars: { n: 3, file: absent.md } }
  e4: { vars: { n: 4, file: README.md } }
  e5: { vars: { n: 5, file: README.md } }
  e6: { vars: { n: 6, file: README.md } }
  e7: { vars: { n: 7, file: README.md } }
  e8: { vars: { n: 7, file: README.md } }
gates:
  - id: wrong-type
    family: x
    assert:
      - file: { path: "\${{ environment.vars.n }}" }
  - id: same-resolved
    family: x
    assert:
      - file: { path: "\${{ environment.vars.file }}" }
`,
    'README.md': '# readme\n',
  })
  afterAll(() => r.cleanup())

  it('an expression that gives the wrong type fails the gate at the assertion, naming it', async () => {
    const { evidence } = await runCheck({ root: r.root, matrixPath: 'gate-matrix.yml', run: localRun() })
    const g = evidence.environments[0].gates.find((x) => x.gate_id === 'wrong-type')!
    expect(g.result).toBe('fail')
    expect(g.findings[0]).toMatchObject({ code: 'EXPRESSION_FAILED', location: { path: 'gate-matrix.yml', line: 15 } })
    expect(g.findings[0].message).toMatch(/after expressions were resolved for staging, path/)
  })

  it('options that resolve alike in several environments are judged alike, each message naming its environment', async () => {
    // The parse of equal resolved options is shared: a failed one still names each environment;
    // after several new values in a row (e4 to e7) options are parsed unkeyed, to the same effect.
    const { evidence } = await runCheck({ root: r.root, matrixPath: 'gate-matrix.yml', run: localRun() })
    const envs = ['staging', 'production', 'qa', 'e4', 'e5', 'e6', 'e7', 'e8']
    const cell = (env: string, gate: string) => evidence.environments.find((e) => e.environment_profile === env)!.gates.find((x) => x.gate_id === gate)!
    expect(envs.map((env) => cell(env, 'wrong-type').findings[0].message)).toEqual(
      envs.map((env) => expect.stringMatching(new RegExp(`^after expressions were resolved for ${env}, path`))),
    )
    expect(envs.map((env) => cell(env, 'same-resolved').result)).toEqual(['pass', 'pass', 'missing', 'pass', 'pass', 'pass', 'pass', 'pass'])
  })
})
