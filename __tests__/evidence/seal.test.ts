import { describe, expect, it } from '@jest/globals'
import { canonicalJson } from '../../src/core/canonical-json.js'
import { evidenceDigest, sealEvidence, type EvidenceDraft } from '../../src/evidence/seal.js'
import type { GateEvidence } from '../../src/evidence/types.js'

function gate(over: Partial<GateEvidence>): GateEvidence {
  return {
    gate_id: 'g',
    family: 'f',
    result: 'pass',
    mode: 'enforce',
    owner: 'sre',
    evidence_types: ['file'],
    artifact: 'a.yml',
    recovery: 'docs/r.md',
    missing_reason: null,
    findings: [],
    blocking: false,
    residual_risk: null,
    waiver: null,
    declared_at: { path: 'gate-matrix.yml', line: 3, column: 5 },
    builtin: false,
    ...over,
  }
}

function draft(gates: GateEvidence[], repoGates: GateEvidence[] = []): EvidenceDraft {
  return {
    schema: 'gate-matrix/evidence@1',
    matrix: { path: 'gate-matrix.yml', digest: 'sha256:00' },
    source_commit: null,
    release_profile: null,
    event: { name: null, ref: null, pr_number: null, base_sha: null, head_sha: null },
    repository: { gates: repoGates },
    environments: [
      { environment_profile: 'staging', release_profile: null, source_commit: null, release_manifest_digest: null, change_class: [], validated_against_source_sha: null, gates, rollback: null },
    ],
  }
}

const finding = { status: 'fail' as const, code: 'VALUE_MISMATCH', message: 'm', location: { path: 'x.yml', line: 2, column: 3 } }

describe('canonicalJson', () => {
  it('sorts keys at every depth and drops undefined', () => {
    expect(canonicalJson({ b: 1, a: { d: [{ z: 1, y: 2 }], c: undefined } })).toBe('{"a":{"d":[{"y":2,"z":1}]},"b":1}')
  })
  it('pretty output ends with a newline', () => {
    expect(canonicalJson({ a: 1 }, { pretty: true })).toBe('{\n  "a": 1\n}\n')
  })
})

describe('sealEvidence', () => {
  it('is clean when nothing blocks', () => {
    const e = sealEvidence(draft([gate({})]))
    expect(e.verdict).toBe('clean')
    expect(e.environments[0].verdict).toBe('clean')
    expect(e.blockers).toEqual([])
  })

  it('derives a blocker per finding of each blocking gate, user gates naming their artifact', () => {
    const e = sealEvidence(draft([gate({ result: 'fail', blocking: true, findings: [finding] })]))
    expect(e.verdict).toBe('blocked')
    expect(e.environments[0].verdict).toBe('blocked')
    expect(e.blockers).toEqual([
      { environment: 'staging', gate_id: 'g', family: 'f', owner: 'sre', code: 'VALUE_MISMATCH', message: 'm', artifact: 'a.yml', location: finding.location, recovery: 'docs/r.md', mode: 'enforce', result: 'fail' },
    ])
  })

  it('gives repository-wide built-ins environment "*" and their finding\'s own file', () => {
    const e = sealEvidence(draft([], [gate({ gate_id: 'gate-matrix/x', builtin: true, result: 'fail', blocking: true, findings: [finding] })]))
    expect(e.blockers[0].environment).toBe('*')
    expect(e.blockers[0].artifact).toBe('x.yml')
  })

  it('a blocking gate without findings still names a blocker at its declaration', () => {
    const e = sealEvidence(draft([gate({ result: 'missing', blocking: true, missing_reason: 'no API' })]))
    expect(e.blockers[0]).toMatchObject({ code: 'GATE_MISSING', message: 'no API', location: { path: 'gate-matrix.yml', line: 3 } })
  })

  it('a non-blocking failure (warn, waived) does not block', () => {
    const e = sealEvidence(draft([gate({ result: 'fail', mode: 'warn', blocking: false, findings: [finding] })]))
    expect(e.verdict).toBe('clean')
  })

  it('the digest covers everything but itself, and is stable', () => {
    const a = sealEvidence(draft([gate({})]))
    const b = sealEvidence(draft([gate({})]))
    expect(a.digest).toMatch(/^sha256:[0-9a-f]{64}$/)
    expect(canonicalJson(a)).toBe(canonicalJson(b))
    expect(evidenceDigest(a)).toBe(a.digest)
    expect(evidenceDigest({ ...a, source_commit: 'abc' })).not.toBe(a.digest)
  })
})

describe('sealEvidence redacts what live gates observed', () => {
  const token = 'ghp_R7d2LmQx9VbT4nWc8ZkP1sYh6JfA3gEu5Oi0'
  it('a secret in an observation subject, a fact or a list of facts never reaches the evidence', () => {
    const observed = gate({
      observations: [
        { source: 'dns', subject: `${token}.example.com`, facts: { txt: [`verify=${token}`, 'v=spf1 -all'], status: 'ok', count: 2 } },
        { source: 'http', subject: 'https://portal.example.com/', facts: { status: 200 } },
      ],
    })
    const sealed = sealEvidence(draft([observed]))
    const text = canonicalJson(sealed)
    expect(text).not.toContain(token)
    const [dns, http] = sealed.environments[0].gates[0].observations!
    expect(dns.facts.txt).toEqual([expect.stringContaining('verify='), 'v=spf1 -all'])
    expect(dns.facts.count).toBe(2)
    expect(http).toEqual({ source: 'http', subject: 'https://portal.example.com/', facts: { status: 200 } })
  })

  it('observations with nothing to redact are kept as they are', () => {
    const obs = [{ source: 'http', subject: 'https://portal.example.com/', facts: { status: 200, hsts: 'max-age=31536000' } }]
    const kept = sealEvidence(draft([gate({ observations: obs })])).environments[0].gates[0].observations
    // The same values (sealing only puts keys in canonical order), and the input untouched.
    expect(kept).toStrictEqual(obs)
    expect(Object.keys(kept![0])).toEqual(['facts', 'source', 'subject'])
    expect(Object.keys(obs[0].facts)).toEqual(['status', 'hsts'])
  })
})
