// Sealing: derive what follows from the gates (blockers, verdicts) and the digest, in
// one place, so the evaluator and `merge` cannot disagree. Canonical JSON = sorted keys,
// so the same inputs give the same bytes and the same digest locally and in CI.
import { createHash } from 'node:crypto'
import { canonicalDigest } from './canonical-stream.js'
import type { BlockerEvidence, EnvironmentEvidence, Evidence, FindingEvidence, GateEvidence } from './types.js'

export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys)
  if (value !== null && typeof value === 'object') {
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value).sort()) {
      const v = (value as Record<string, unknown>)[key]
      if (v !== undefined) out[key] = sortKeys(v)
    }
    return out
  }
  return value
}

/** JSON with keys sorted at every depth. `pretty` indents by two spaces and ends with a newline. */
export function canonicalJson(value: unknown, options: { pretty?: boolean } = {}): string {
  const sorted = sortKeys(value)
  return options.pretty ? `${JSON.stringify(sorted, null, 2)}\n` : JSON.stringify(sorted)
}

export function sha256(text: string | Buffer): string {
  return `sha256:${createHash('sha256').update(text).digest('hex')}`
}

/** The digest of an evidence document: sha256 of its compact canonical JSON without `digest`. */
export function evidenceDigest(doc: Omit<Evidence, 'digest'> | Evidence): string {
  const { digest: _digest, ...rest } = doc as Evidence
  // Streamed: the evidence of a large matrix may be longer than a string can be.
  return canonicalDigest(rest)
}

export type EnvironmentDraft = Omit<EnvironmentEvidence, 'verdict'>
export type EvidenceDraft = Omit<Evidence, 'verdict' | 'blockers' | 'digest' | 'environments'> & {
  environments: EnvironmentDraft[]
}

export function isReported(g: GateEvidence): boolean {
  return g.result !== 'pass' && g.result !== 'not_applicable'
}

/**
 * A reported gate's findings. A gate that is missing/blocked without a finding of its own
 * gets one at its declaration (`GATE_<RESULT>`), so no reported cell goes unseen in
 * blockers, annotations or SARIF.
 */
export function findingsOf(g: GateEvidence): FindingEvidence[] {
  if (g.findings.length || !isReported(g)) return g.findings
  const status = g.result === 'blocked' ? 'blocked' : g.result === 'missing' ? 'missing' : 'fail'
  return [{ code: `GATE_${g.result.toUpperCase()}`, message: g.missing_reason ?? `gate is ${g.result}`, status, location: g.declared_at }]
}

function blockersOf(environment: string, gates: GateEvidence[]): BlockerEvidence[] {
  const out: BlockerEvidence[] = []
  for (const g of gates) {
    if (!g.blocking) continue
    for (const f of findingsOf(g)) {
      out.push({
        environment,
        gate_id: g.gate_id,
        family: g.family,
        owner: g.owner,
        code: f.code,
        message: f.message,
        // A user gate names its owning artifact; a built-in's finding names its own file.
        artifact: g.builtin ? f.location.path : g.artifact,
        location: f.location,
        recovery: g.recovery,
        mode: g.mode,
        result: g.result,
      })
    }
  }
  return out
}

/** Blockers, per-environment and overall verdicts, and the digest, derived from the gates. */
export function sealEvidence(draft: EvidenceDraft): Evidence {
  const environments: EnvironmentEvidence[] = draft.environments.map((env) => ({
    ...env,
    verdict: env.gates.some((g) => g.blocking) ? 'blocked' : 'clean',
  }))
  const blockers = [
    ...blockersOf('*', draft.repository.gates),
    ...environments.flatMap((env) => blockersOf(env.environment_profile, env.gates)),
  ]
  const unsealed: Omit<Evidence, 'digest'> = {
    ...draft,
    environments,
    blockers,
    verdict: blockers.length ? 'blocked' : 'clean',
  }
  return { ...unsealed, digest: evidenceDigest(unsealed) }
}
