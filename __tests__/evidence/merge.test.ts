import { describe, expect, test } from '@jest/globals'
import { InputError } from '../../src/core/errors.js'
import { mergeEvidence, parseEvidenceFile } from '../../src/evidence/merge.js'
import { canonicalJson } from '../../src/core/canonical-json.js'
import { sealEvidence } from '../../src/evidence/seal.js'
import type { Evidence } from '../../src/evidence/types.js'
import type { Observation } from '../../src/core/outcome.js'
import { draft, gate, productionDraft, repositoryGates, sampleEvidence, stagingDraft } from '../fixtures/reports/evidence.js'

const staging = () => sealEvidence(draft([stagingDraft()]))
const production = () => sealEvidence(draft([productionDraft()]))
const asJson = (e: unknown) => JSON.parse(canonicalJson(e)) as unknown

function inputError(fn: () => unknown): InputError {
  try {
    fn()
  } catch (err) {
    expect(err).toBeInstanceOf(InputError)
    return err as InputError
  }
  throw new Error('expected an InputError')
}

/** Change a sealed document and seal it again (a legitimately different run). */
function resealed(e: Evidence, change: (d: Evidence) => void): Evidence {
  const copy = structuredClone(e)
  change(copy)
  const { verdict: _v, blockers: _b, digest: _d, ...rest } = copy
  return sealEvidence({ ...rest, environments: rest.environments.map(({ verdict: _ev, ...env }) => env) })
}

describe('mergeEvidence', () => {
  test('two halves give the document of a single run over both environments', () => {
    const merged = mergeEvidence([
      { path: 'staging.json', evidence: asJson(staging()) },
      { path: 'production.json', evidence: asJson(production()) },
    ])
    expect(canonicalJson(merged)).toBe(canonicalJson(sampleEvidence()))
    expect(merged.verdict).toBe('blocked')
    expect(merged.blockers).toEqual(sampleEvidence().blockers)
    expect(merged.environments.map((e) => [e.environment_profile, e.verdict])).toEqual([
      ['staging', 'clean'],
      ['production', 'blocked'],
    ])
  })

  test('the same inputs give the same bytes; environments follow the order of the files', () => {
    const inputs = [
      { path: 'production.json', evidence: asJson(production()) },
      { path: 'staging.json', evidence: asJson(staging()) },
    ]
    const a = canonicalJson(mergeEvidence(inputs))
    expect(canonicalJson(mergeEvidence(structuredClone(inputs)))).toBe(a)
    expect(mergeEvidence(inputs).environments.map((e) => e.environment_profile)).toEqual(['production', 'staging'])
  })

  test('repository-wide gates keep the worst result with the union of findings', () => {
    const passing = resealed(staging(), (d) => {
      d.repository.gates = repositoryGates().map((g) => (g.gate_id === 'gate-matrix/matrix-updated' ? { ...g, result: 'pass', findings: [], blocking: false } : g))
      d.environments[0].gates = [gate({ gate_id: 'ok', result: 'pass' })]
    })
    expect(passing.verdict).toBe('clean')
    const other = resealed(production(), (d) => {
      d.repository.gates[1].findings.push({ code: 'MATRIX_NOT_UPDATED', status: 'fail', message: 'docs/runbooks/X.md changed', location: { path: 'docs/runbooks/X.md', line: 1, column: 1 } })
    })
    const merged = mergeEvidence([
      { path: 'a.json', evidence: passing },
      { path: 'b.json', evidence: other },
      { path: 'c.json', evidence: resealed(staging(), (d) => (d.environments[0].environment_profile = 'beta')) },
    ])
    const updated = merged.repository.gates.find((g) => g.gate_id === 'gate-matrix/matrix-updated')!
    expect(updated.result).toBe('fail')
    expect(updated.blocking).toBe(true)
    expect(updated.findings.map((f) => f.location.path)).toEqual(['website/.well-known/assetlinks.json', 'docs/runbooks/X.md'])
    expect(merged.blockers.filter((b) => b.environment === '*')).toHaveLength(2)
    expect(merged.verdict).toBe('blocked')
  })

  test('repository-wide gates keep what every job observed, each once; the schema accepts it', () => {
    const seen: Observation = { source: 'deployments', subject: 'staging', facts: { deployment_id: 7, state: 'success' } }
    const more: Observation = { source: 'compare', subject: 'main', facts: { status: 'behind' } }
    const withObservations = (obs: Observation[]) => (d: Evidence) => {
      d.repository.gates[0] = { ...d.repository.gates[0], observations: obs }
    }
    const merged = mergeEvidence([
      { path: 'a.json', evidence: asJson(resealed(staging(), withObservations([seen]))) },
      { path: 'b.json', evidence: asJson(resealed(production(), withObservations([seen, more]))) },
    ])
    expect(merged.repository.gates[0].observations).toEqual([seen, more])
    const none = mergeEvidence([
      { path: 'a.json', evidence: asJson(staging()) },
      { path: 'b.json', evidence: asJson(production()) },
    ])
    expect(none.repository.gates[0]).not.toHaveProperty('observations')
  })

  test('an edited file is refused: its digest no longer matches', () => {
    const edited = asJson(production()) as Evidence
    edited.environments[0].gates[0].result = 'pass'
    const err = inputError(() => mergeEvidence([{ path: 'staging.json', evidence: staging() }, { path: 'production.json', evidence: edited }]))
    expect(err.problems[0].location.path).toBe('production.json')
    expect(err.message).toContain('was edited after it was written')
  })

  test('files of different matrices or commits are refused, naming them', () => {
    const otherMatrix = resealed(production(), (d) => (d.matrix.digest = `sha256:${'c'.repeat(64)}`))
    const err = inputError(() => mergeEvidence([{ path: 'staging.json', evidence: staging() }, { path: 'production.json', evidence: otherMatrix }]))
    expect(err.message).toContain('production.json: matrix.digest is')
    expect(err.message).toContain('but staging.json has')

    const otherCommit = resealed(production(), (d) => (d.source_commit = 'f'.repeat(40)))
    expect(inputError(() => mergeEvidence([{ path: 'staging.json', evidence: staging() }, { path: 'p.json', evidence: otherCommit }])).message).toContain(
      'p.json: source_commit is',
    )
  })

  test('an environment in two files is refused', () => {
    const err = inputError(() => mergeEvidence([{ path: 'one.json', evidence: staging() }, { path: 'two.json', evidence: staging() }]))
    expect(err.message).toBe('two.json: environment "staging" is also in one.json: each environment may be checked by one job only')
  })

  test('an invalid document is refused with its file and JSON path', () => {
    const broken = asJson(staging()) as Record<string, unknown> & { environments: Array<Record<string, unknown>> }
    broken.environments[0].verdict = 'green'
    const err = inputError(() => mergeEvidence([{ path: 'bad.json', evidence: broken }]))
    expect(err.problems[0].location).toEqual({ path: 'bad.json' })
    expect(err.problems[0].message).toMatch(/^environments\[0\]\.verdict: /)
    expect(inputError(() => mergeEvidence([])).message).toContain('no evidence files to merge')
  })
})

describe('parseEvidenceFile', () => {
  test('parses and validates a file the run wrote', () => {
    const text = canonicalJson(sampleEvidence(), { pretty: true })
    expect(canonicalJson(parseEvidenceFile('evidence.json', text))).toBe(canonicalJson(sampleEvidence()))
  })

  test('gives line and column of an invalid value, an unknown key and a syntax error', () => {
    const text = canonicalJson(sampleEvidence(), { pretty: true }).replace('"verdict": "blocked"', '"verdict": "red"')
    const line = text.split('\n').findIndex((l) => l.includes('"verdict": "red"')) + 1
    const err = inputError(() => parseEvidenceFile('evidence.json', text))
    expect(err.problems[0].location).toEqual({ path: 'evidence.json', line, column: text.split('\n')[line - 1].indexOf('"red"') + 1 })
    expect(err.message).toContain(`evidence.json:${line}:`)

    const extra = canonicalJson(sampleEvidence(), { pretty: true }).replace('{\n', '{\n  "zzz": 1,\n')
    expect(inputError(() => parseEvidenceFile('e.json', extra)).problems[0].location).toEqual({ path: 'e.json', line: 2, column: 3 })

    const syntax = inputError(() => parseEvidenceFile('s.json', '{"schema": '))
    expect(syntax.problems[0].location.path).toBe('s.json')
    expect(syntax.problems[0].location.line).toBe(1)
  })

  test('an edited file points at its digest', () => {
    const text = canonicalJson(sampleEvidence(), { pretty: true }).replace('"owner": "sre"', '"owner": "nobody"')
    const err = inputError(() => parseEvidenceFile('evidence.json', text))
    const line = text.split('\n').findIndex((l) => l.startsWith('  "digest"')) + 1
    expect(err.problems[0].location.line).toBe(line)
    expect(err.message).toContain('was edited after it was written')
  })
})
