// Secrets never leave the runner, in process: the last line of defence (the seal, merge, the
// reporters) for a message whatever built it, determinism of the redacted evidence, and the
// kinds' own redaction where secrets.test.ts has no case.
import { afterAll, describe, expect, test } from '@jest/globals'
import { runCheck } from '../../src/engine/index.js'
import { mergeEvidence } from '../../src/evidence/merge.js'
import { canonicalJson } from '../../src/core/canonical-json.js'
import { evidenceDigest, sealEvidence } from '../../src/evidence/seal.js'
import type { Evidence } from '../../src/evidence/types.js'
import { toAnnotations } from '../../src/report/annotations.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import { renderSarif } from '../../src/report/sarif.js'
import { renderText } from '../../src/report/text.js'
import { draft, productionDraft, stagingDraft } from '../fixtures/reports/evidence.js'
import { localRun, makeRepo } from '../support/gates.js'

const TOKEN = 'ghp_R7d2LmQx9VbT4nWc8ZkP1sYh6JfA3gEu5Oi0'
const PASSWORD = 'Mrg5ecretPw'

/** The fixture's drafts with a secret in every finding message and missing reason. */
function leakyDraft(environments = [stagingDraft(), productionDraft()]) {
  const d = draft(environments)
  for (const g of [...d.repository.gates, ...d.environments.flatMap((e) => e.gates)]) {
    g.findings = g.findings.map((f) => ({ ...f, message: `${f.message} (token ${TOKEN}, db postgres://app:${PASSWORD}@db/app)` }))
    if (g.missing_reason !== null) g.missing_reason = `${g.missing_reason} via ${TOKEN}`
  }
  return d
}

describe('the seal redacts every message, whatever built it', () => {
  test('findings, missing reasons and blockers; the digest is of the redacted document', () => {
    const e = sealEvidence(leakyDraft())
    const text = canonicalJson(e)
    expect(e.blockers.length).toBeGreaterThan(0)
    expect(text).not.toContain(TOKEN)
    expect(text).not.toContain(PASSWORD)
    expect(text).toContain('postgres://app:***@db/app')
    expect(e.digest).toBe(evidenceDigest(e))
  })

  test('sealing what was sealed changes nothing (merge seals again)', () => {
    const once = sealEvidence(leakyDraft())
    const { verdict: _v, blockers: _b, digest: _d, ...rest } = structuredClone(once)
    const twice = sealEvidence({ ...rest, environments: rest.environments.map(({ verdict: _ev, ...env }) => env) })
    expect(canonicalJson(twice)).toBe(canonicalJson(once))
  })

  test('merging evidence an older version wrote unredacted gives redacted evidence', () => {
    // Written without redaction, with a valid digest over what it holds.
    const raw = (environments: ReturnType<typeof stagingDraft>[]): Evidence => {
      const d = leakyDraft(environments)
      const sealed = sealEvidence(d)
      const unredacted = { ...sealed, environments: sealed.environments.map((env, i) => ({ ...env, gates: d.environments[i].gates })) }
      return { ...unredacted, digest: evidenceDigest(unredacted) }
    }
    const staging = raw([stagingDraft()])
    expect(canonicalJson(staging)).toContain(TOKEN)
    const merged = mergeEvidence([
      { path: 'staging.json', evidence: JSON.parse(canonicalJson(staging)) },
      { path: 'production.json', evidence: JSON.parse(canonicalJson(raw([productionDraft()]))) },
    ])
    expect(canonicalJson(merged)).not.toContain(TOKEN)
    expect(merged.digest).toBe(evidenceDigest(merged))
  })
})

describe('the reporters redact what they are given', () => {
  // Evidence that skipped the seal (a future code path, a hand-edited document).
  const sealed = sealEvidence(draft())
  const e: Evidence = structuredClone(sealed)
  for (const b of e.blockers) b.message = `${b.message} Authorization: Bearer ${TOKEN}`
  for (const g of e.environments.flatMap((env) => env.gates)) g.findings = g.findings.map((f) => ({ ...f, message: `${f.message} ${TOKEN}` }))

  test.each([
    ['text', () => renderText(e, { color: false })],
    ['markdown', () => renderMarkdown(e, { repository: 'acme/app', sha: 'a'.repeat(40) })],
    ['sarif', () => canonicalJson(renderSarif(e, { toolVersion: '0.0.0', ruleDescriptions: {} }))],
    ['annotations', () => JSON.stringify(toAnnotations(e))],
  ])('%s', (_format, render) => {
    const out = render()
    expect(out).not.toContain(TOKEN)
    expect(out).toMatch(/redacted/)
  })
})

describe('the kinds', () => {
  const matrix = `version: 1
environments:
  production: { branch: main }
gates:
  - id: env-format
    family: secrets-pki
    assert:
      - data: { file: deploy/app.properties, format: env, path: DATABASE_URL, equals: none }
  - id: yaml-error
    family: secrets-pki
    assert:
      - data: { file: config/values.yaml, path: a, exists: true }
  - id: key-named
    family: secrets-pki
    assert:
      - data: { file: config/app.yaml, path: stripe.STRIPE_SK, equals: none }
`
  const repo = makeRepo({
    'gate-matrix.yml': matrix,
    // Not named like an env file, read as one: its values are not shown either.
    'deploy/app.properties': 'DATABASE_URL=postgres-plain-host-Pw0rdish\n',
    // YAML quotes the source in this message: the token's shape is redacted.
    'config/values.yaml': `token: |${TOKEN}\n  body\n`,
    'config/app.yaml': 'stripe:\n  STRIPE_SK: plain-words-only\n',
  })
  afterAll(() => repo.cleanup())

  test('each finding names the place, not the value; two runs give the same bytes', async () => {
    const run = async () => (await runCheck({ root: repo.root, matrixPath: 'gate-matrix.yml', run: localRun() })).evidence
    const first = await run()
    const byGate = new Map(first.blockers.map((b) => [b.gate_id, b]))
    expect(byGate.get('env-format')).toMatchObject({ message: 'DATABASE_URL is <redacted>, expected <redacted>', location: { path: 'deploy/app.properties', line: 1 } })
    expect(byGate.get('yaml-error')!.location).toMatchObject({ path: 'config/values.yaml', line: 1 })
    expect(byGate.get('yaml-error')!.message).toMatch(/^config\/values\.yaml is not valid YAML: /)
    expect(byGate.get('key-named')!.message).toBe('stripe.STRIPE_SK is <redacted>, expected <redacted>')
    const text = canonicalJson(first)
    for (const secret of [TOKEN, 'Pw0rdish', 'plain-words-only']) expect(text).not.toContain(secret)
    expect(canonicalJson(await run())).toBe(text)
  })
})
