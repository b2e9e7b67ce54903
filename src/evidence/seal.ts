// Sealing: derive what follows from the gates (blockers, verdicts) and the digest, in
// one place, so the evaluator and `merge` cannot disagree. Canonical JSON = sorted keys,
// so the same inputs give the same bytes and the same digest locally and in CI.
import { redactText } from '../core/redact.js'
import type { Observation } from '../core/outcome.js'
import { canonicalDigest, orderedDigest } from '../core/canonical-stream.js'
import { canonicalKeys, canonicalOrder, settleOrder } from '../core/canonical-json.js'
import type { BlockerEvidence, EnvironmentEvidence, Evidence, FindingEvidence, GateEvidence, NotEvaluatedEvidence } from './types.js'

/** The digest of an evidence document: sha256 of its compact canonical JSON without `digest`. */
export function evidenceDigest(doc: Omit<Evidence, 'digest'> | Evidence): string {
  const { digest: _digest, ...rest } = doc as Evidence
  // Streamed: the evidence of a large matrix may be longer than a string can be.
  return canonicalDigest(rest)
}

export type EnvironmentDraft = Omit<EnvironmentEvidence, 'verdict'>
export type EvidenceDraft = Omit<Evidence, 'verdict' | 'blockers' | 'not_evaluated' | 'digest' | 'environments'> & {
  environments: EnvironmentDraft[]
}

export function isReported(g: GateEvidence): boolean {
  return g.result !== 'pass' && g.result !== 'not_applicable'
}

/** The engine's code (engine/codes.ts) for a reported gate without a finding of its own. */
const GATE_RESULT_CODES = { fail: 'GATE_FAIL', partial: 'GATE_PARTIAL', missing: 'GATE_MISSING', blocked: 'GATE_BLOCKED' } as const

/**
 * A reported gate's findings. A gate that is missing/blocked without a finding of its own
 * gets one at its declaration (GATE_MISSING, GATE_BLOCKED …), so no reported cell goes unseen in
 * blockers, annotations or SARIF.
 */
export function findingsOf(g: GateEvidence): FindingEvidence[] {
  if (g.findings.length || !isReported(g)) return g.findings
  const status = g.result === 'blocked' ? 'blocked' : g.result === 'missing' ? 'missing' : 'fail'
  return [{ code: GATE_RESULT_CODES[g.result as keyof typeof GATE_RESULT_CODES], message: g.missing_reason ?? `gate is ${g.result}`, status, location: g.declared_at }]
}

function blockersOf(environment: string, gates: GateEvidence[]): BlockerEvidence[] {
  const out: BlockerEvidence[] = []
  for (const g of gates) {
    if (!g.blocking) continue
    for (const f of findingsOf(g)) {
      // Keys in canonical order, as the cells' (evaluate.ts): nothing to reorder when sealed.
      out.push({
        // A user gate names its owning artifact; a built-in's finding names its own file.
        artifact: g.builtin ? f.location.path : g.artifact,
        code: f.code,
        environment,
        family: g.family,
        gate_id: g.gate_id,
        location: f.location,
        message: f.message,
        mode: g.mode,
        owner: g.owner,
        recovery: g.recovery,
        result: g.result,
      })
    }
  }
  return out
}

/** A gate whose messages went through redaction: the last line of defence before anything
 * is written, whatever built the finding (idempotent, so sealing twice changes nothing). */
function redactGate(g: GateEvidence): GateEvidence {
  const missingReason = g.missing_reason === null ? null : redactText(g.missing_reason)
  // Copied only where redaction changed a text: most cells have none to change.
  let findings = g.findings
  findings.forEach((f, i) => {
    const message = redactText(f.message)
    if (message === f.message) return
    if (findings === g.findings) findings = [...g.findings]
    findings[i] = { ...f, message }
  })
  const observations = g.observations && redactObservations(g.observations)
  if (missingReason === g.missing_reason && findings === g.findings && observations === g.observations) return g
  return { ...g, missing_reason: missingReason, findings, ...(observations ? { observations } : {}) }
}

/** Observations hold what hosts and APIs answered (TXT records, subjects built from inputs):
 * they pass the same redaction as messages. The same array when nothing changed. */
function redactObservations(list: Observation[]): Observation[] {
  let out = list
  list.forEach((o, i) => {
    const subject = redactText(o.subject)
    let facts = o.facts
    for (const [k, v] of Object.entries(o.facts)) {
      const red = typeof v === 'string' ? redactText(v) : Array.isArray(v) ? v.map(redactText) : v
      if (Array.isArray(v) ? (red as string[]).some((x, j) => x !== v[j]) : red !== v) {
        if (facts === o.facts) facts = { ...o.facts }
        facts[k] = red
      }
    }
    if (subject === o.subject && facts === o.facts) return
    if (out === list) out = [...list]
    out[i] = { ...o, subject, facts }
  })
  return out
}

/** Blockers, per-environment and overall verdicts, and the digest, derived from the gates. */
export function sealEvidence(draft: EvidenceDraft): Evidence {
  const repository = { ...draft.repository, gates: draft.repository.gates.map(redactGate) }
  const environments: EnvironmentEvidence[] = draft.environments.map((env) => ({
    ...env,
    gates: env.gates.map(redactGate),
    verdict: env.gates.some((g) => g.blocking) ? 'blocked' : 'clean',
  }))
  const blockers = [
    ...blockersOf('*', repository.gates),
    ...environments.flatMap((env) => blockersOf(env.environment_profile, env.gates)),
  ]
  const notEvaluated: NotEvaluatedEvidence[] = [
    ...repository.gates.map((g) => ({ environment: '*', g })),
    ...environments.flatMap((env) => env.gates.map((g) => ({ environment: env.environment_profile, g }))),
  ].flatMap(({ environment, g }) => (g.not_evaluated === undefined ? [] : [{ environment, gate_id: g.gate_id, reason: g.not_evaluated }]))
  const unsealed: Omit<Evidence, 'digest'> = {
    ...draft,
    repository,
    environments,
    blockers,
    ...(notEvaluated.length ? { not_evaluated: notEvaluated } : {}),
    verdict: blockers.length ? 'blocked' : 'clean',
  }
  // Ordered once here (its digest is of these bytes), and `digest` put in its place among
  // the keys, so a write of the evidence has nothing left to reorder (nor to check: settled).
  // A draft from parsed evidence (merge) may still hold the old digest: never hashed, never kept.
  const { digest: _old, ...rest } = unsealed as Partial<Evidence>
  const ordered = canonicalOrder(rest) as Record<string, unknown>
  const digest = orderedDigest(ordered)
  return settleOrder(Object.fromEntries(canonicalKeys([...Object.keys(ordered), 'digest']).map((k) => [k, k === 'digest' ? digest : ordered[k]]))) as unknown as Evidence
}
