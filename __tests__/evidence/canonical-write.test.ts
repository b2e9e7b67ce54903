// The chunked writer of canonical JSON (file and digest) against its definition, where its
// shortcuts could differ: long lists written a run of items at a time, the fallback when a
// piece is longer than a string can be, and sealed evidence written without a second walk.
import { afterEach, describe, expect, it, jest } from '@jest/globals'
import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { canonicalJson, canonicalOrder, sha256 } from '../../src/core/canonical-json.js'
import { canonicalDigest, writeCanonicalJsonChunks, writeCanonicalJsonFile } from '../../src/core/canonical-stream.js'
import { sealEvidence, type EvidenceDraft } from '../../src/evidence/seal.js'
import type { GateEvidence } from '../../src/evidence/types.js'

/** The definition: JSON.stringify with a replacer that sorts every object's keys. */
const sortingReplacer = (_key: string, value: unknown): unknown => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  return Object.fromEntries(Object.keys(value).sort().map((k) => [k, (value as Record<string, unknown>)[k]]))
}
const reference = (value: unknown, pretty: boolean): string => (pretty ? `${JSON.stringify(value, sortingReplacer, 2)}\n` : JSON.stringify(value, sortingReplacer))

function chunked(value: unknown, pretty: boolean): string {
  let text = ''
  writeCanonicalJsonChunks(value, (chunk) => (text += chunk), { pretty })
  return text
}

const list = <T>(n: number, item: (i: number) => T): T[] => Array.from({ length: n }, (_, i) => item(i))

/** Lists around the run length (16) at every depth the walk reaches, with items that break a
 * run (one holding a long list of its own, undefined and functions written as null). */
const lists = {
  b: list(40, (i) => (i === 7 ? { z: list(20, (j) => j), a: 'x' } : i === 20 ? undefined : i === 21 ? () => 1 : { y: i, x: [i, { w: 'é\u2028' }] })),
  a: [list(0, Number), list(1, Number), list(15, String), list(16, String), list(17, (i) => ({ i })), list(33, (i) => [i, [i]])],
  c: { d: { e: list(50, (i) => ({ f: list(i % 3 ? 2 : 18, (j) => ({ j })) })) } },
}

describe('canonical JSON written in chunks', () => {
  afterEach(() => {
    jest.restoreAllMocks()
  })

  it('long lists at every depth, a run of items at a time: the bytes and the digest of canonical JSON', () => {
    for (const value of [lists, lists.b]) {
      for (const pretty of [true, false]) expect(chunked(value, pretty)).toBe(reference(value, pretty))
      expect(canonicalDigest(value)).toBe(sha256(reference(value, false)))
    }
  })

  it('a piece too long for one string is walked further: the same bytes, in the file and the digest', () => {
    const expected = { pretty: reference(lists, true), compact: reference(lists, false) }
    // As if V8's longest string were 200 characters: every longer JSON.stringify fails as it would.
    const stringify = JSON.stringify.bind(JSON)
    jest.spyOn(JSON, 'stringify').mockImplementation(((value: unknown, replacer?: never, space?: number) => {
      const text = stringify(value, replacer, space)
      if (text !== undefined && text.length > 200) throw new RangeError('Invalid string length')
      return text
    }) as typeof JSON.stringify)
    expect(chunked(lists, true)).toBe(expected.pretty)
    expect(chunked(lists, false)).toBe(expected.compact)
    const path = join(mkdtempSync(join(tmpdir(), 'gm-canonical-')), 'out.json')
    writeCanonicalJsonFile(path, lists, { pretty: true })
    expect(readFileSync(path, 'utf8')).toBe(expected.pretty)
    expect(canonicalDigest(lists)).toBe(sha256(expected.compact))
  })
})

function gate(id: string, message: string): GateEvidence {
  return {
    gate_id: id, family: 'f', result: 'fail', mode: 'enforce', owner: 'sre', evidence_types: ['file'], artifact: 'a.yml', recovery: 'docs/r.md',
    missing_reason: null, findings: [{ status: 'fail', code: 'VALUE_MISMATCH', message, location: { path: 'x.yml', line: 2, column: 3 } }],
    blocking: true, residual_risk: null, waiver: null, declared_at: { path: 'gate-matrix.yml', line: 3, column: 5 }, builtin: false,
  }
}

describe('sealed evidence', () => {
  const secret = 'token=ghp_abcdefghijklmnopqrstuvwxyz0123456789 leaked'
  const draft: EvidenceDraft = {
    schema: 'gate-matrix/evidence@1',
    matrix: { path: 'gate-matrix.yml', digest: 'sha256:00' },
    source_commit: null,
    release_profile: null,
    event: { name: null, ref: null, pr_number: null, base_sha: null, head_sha: null },
    repository: { gates: [gate('r', secret)] },
    environments: ['staging', 'production'].map((name) => ({
      environment_profile: name, release_profile: null, source_commit: null, release_manifest_digest: null, change_class: [], validated_against_source_sha: null,
      gates: list(20, (i) => gate(`g${i}`, i % 2 ? secret : `plain ${i}`)), rollback: null,
    })),
  }

  it('is written as canonical JSON of what it holds, ordered once, with the same secret redacted in every cell', () => {
    const e = sealEvidence(draft)
    expect(canonicalOrder(e)).toBe(e)
    const copy: unknown = JSON.parse(JSON.stringify(e))
    const path = join(mkdtempSync(join(tmpdir(), 'gm-sealed-')), 'evidence.json')
    writeCanonicalJsonFile(path, e, { pretty: true })
    expect(readFileSync(path, 'utf8')).toBe(reference(copy, true))
    expect(canonicalJson(e)).toBe(reference(copy, false))
    const messages = [...e.repository.gates, ...e.environments.flatMap((env) => env.gates)].flatMap((g) => g.findings.map((f) => f.message))
    expect(messages.filter((m) => m.includes('ghp_'))).toEqual([])
    expect(new Set(messages.filter((m) => !m.startsWith('plain')))).toEqual(new Set([e.repository.gates[0].findings[0].message]))
    expect(e.blockers.map((b) => b.message)).toEqual(messages)
  })
})
