// `gate-matrix merge`: jobs that each checked some environments hand their evidence to
// one job, which combines them into one document and one verdict. Inputs must come from
// the same matrix, commit and schema, untouched since they were written; an environment
// may appear in one file only. Repository-wide built-ins, evaluated by every job, keep
// the worst result seen. Environments keep the order of the files, then each file's own
// order, so the same files in the same order give the same bytes.
import { InputError, type Problem } from '../core/errors.js'
import { parsePositioned, type PositionedDocument } from '../repo/yaml.js'
import { evidenceSchema } from './schema.js'
import { canonicalJson, uniqueCanonical } from '../core/canonical-json.js'
import { type EnvironmentDraft, evidenceDigest, sealEvidence } from './seal.js'
import { maxOf } from '../core/arrays.js'
import type { Evidence, FindingEvidence, GateEvidence } from './types.js'
import type { Result } from '../core/outcome.js'

/** Worst first: the merged repository-wide gate takes the first of these any input has. */
const SEVERITY: readonly Result[] = ['fail', 'blocked', 'missing', 'partial', 'pass', 'not_applicable']

/** `environments[0].gates[2].result` for error messages. */
function jsonPath(keyPath: ReadonlyArray<PropertyKey>): string {
  let out = ''
  for (const k of keyPath) out += typeof k === 'number' ? `[${k}]` : out ? `.${String(k)}` : String(k)
  return out || '(document)'
}

/** Validate one document; `doc` gives positions when the raw text is known. */
function validate(path: string, evidence: unknown, doc?: PositionedDocument): Evidence {
  const parsed = evidenceSchema.safeParse(evidence)
  if (!parsed.success) {
    const problems: Problem[] = parsed.error.issues.map((issue) => {
      // An unknown key is reported on its parent: point at the key itself.
      const unknownKey = issue.code === 'unrecognized_keys'
      const keyPath = unknownKey ? [...issue.path, issue.keys[0]] : issue.path
      const at = keyPath.map((k) => (typeof k === 'symbol' ? String(k) : k))
      return {
        location: !doc ? { path } : unknownKey ? doc.locateKey(at) : doc.locate(at).location,
        message: `${jsonPath(keyPath)}: ${issue.message} (not a gate-matrix evidence file, or written by another version)`,
      }
    })
    throw new InputError(problems)
  }
  const e = parsed.data as Evidence
  if (evidenceDigest(e) !== e.digest) {
    throw new InputError([
      {
        location: doc ? doc.locate(['digest']).location : { path },
        message: `was edited after it was written: its digest ${e.digest} does not match its content (${evidenceDigest(e)}); use the file the run wrote`,
      },
    ])
  }
  return e
}

/** Parse an evidence file's text (JSON, with positions for errors) and validate it. */
export function parseEvidenceFile(path: string, text: string): Evidence {
  const doc = parsePositioned(path, text)
  if (doc.problems.length) {
    throw new InputError(doc.problems.map((p) => ({ location: { path, line: p.line, column: p.column }, message: `${p.message} (expected an evidence JSON file)` })))
  }
  return validate(path, doc.value, doc)
}

function requireSame(files: Array<{ path: string; evidence: Evidence }>, what: string, value: (e: Evidence) => unknown): void {
  const first = files[0]
  const expected = canonicalJson(value(first.evidence))
  const differing = files.filter((f) => canonicalJson(value(f.evidence)) !== expected)
  if (!differing.length) return
  throw new InputError(
    differing.map((f) => ({
      location: { path: f.path },
      message: `${what} is ${canonicalJson(value(f.evidence))}, but ${first.path} has ${expected}: only evidence of the same run can be merged`,
    })),
  )
}

function mergeGate(gates: GateEvidence[]): GateEvidence {
  const worst = gates.reduce((a, b) => (SEVERITY.indexOf(b.result) < SEVERITY.indexOf(a.result) ? b : a))
  const findings: FindingEvidence[] = uniqueCanonical(gates.flatMap((g) => g.findings))
  const { findings_omitted: _omitted, not_evaluated: notEvaluated, observations: _observations, ...rest } = worst
  const observations = uniqueCanonical(gates.flatMap((g) => g.observations ?? []))
  // Each job saw the same repository-wide findings, so the one that left out most says how many were left out.
  const omitted = maxOf(gates.map((g) => g.findings_omitted ?? 0), 0)
  // Fail closed: if any job found the built-in blocking, the merged run is blocked by it.
  const blocking = gates.some((g) => g.blocking)
  // A cell another job found blocking was evaluated: only a non-blocking one stays "not evaluated".
  const skipped = !blocking && notEvaluated !== undefined ? { not_evaluated: notEvaluated } : {}
  return { ...rest, findings, ...(omitted ? { findings_omitted: omitted } : {}), ...(observations.length ? { observations } : {}), ...skipped, blocking }
}

export function mergeEvidence(docs: Array<{ path: string; evidence: unknown }>): Evidence {
  if (!docs.length) throw new InputError([{ location: { path: '(arguments)' }, message: 'no evidence files to merge' }])
  const files = docs.map((d) => ({ path: d.path, evidence: validate(d.path, d.evidence) }))

  requireSame(files, 'schema', (e) => e.schema)
  requireSame(files, 'matrix.digest', (e) => e.matrix.digest)
  requireSame(files, 'matrix.path', (e) => e.matrix.path)
  requireSame(files, 'source_commit', (e) => e.source_commit)

  const owner = new Map<string, string>()
  const environments: EnvironmentDraft[] = []
  for (const f of files) {
    // Each environment's verdict is derived again by sealEvidence.
    for (const env of f.evidence.environments) {
      const earlier = owner.get(env.environment_profile)
      if (earlier !== undefined) {
        throw new InputError([
          {
            location: { path: f.path },
            message: `environment "${env.environment_profile}" is also in ${earlier}: each environment may be checked by one job only`,
          },
        ])
      }
      owner.set(env.environment_profile, f.path)
      environments.push(env)
    }
  }

  const byId = new Map<string, GateEvidence[]>()
  for (const g of files.flatMap((f) => f.evidence.repository.gates)) byId.set(g.gate_id, [...(byId.get(g.gate_id) ?? []), g])

  const first = files[0].evidence
  const profiles = new Set(files.map((f) => f.evidence.release_profile))
  return sealEvidence({
    schema: first.schema,
    matrix: first.matrix,
    source_commit: first.source_commit,
    // The jobs of one run share the profile; if they did not, no single one describes the merge.
    release_profile: profiles.size === 1 ? first.release_profile : null,
    event: first.event,
    repository: { gates: [...byId.values()].map(mergeGate) },
    environments,
  })
}
