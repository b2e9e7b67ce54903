// The evidence document (design §6). Field names are a public contract: other tools
// and the CI of adopting teams read them. Canonical JSON (sorted keys, no timestamps);
// `digest` is sha256 of the document without `digest`.
import type { Location } from '../core/location.js'
import type { Mode, Observation, Result } from '../core/outcome.js'
import type { ProbeRecord } from '../core/live-port.js'

export const EVIDENCE_SCHEMA_ID = 'gate-matrix/evidence@1'

export type Verdict = 'clean' | 'blocked'

export interface FindingEvidence {
  code: string
  message: string
  status: 'fail' | 'missing' | 'blocked'
  location: Location
}

export interface WaiverEvidence {
  owner: string
  reason: string
  expires: string
  /** false once `expires` is past: the waiver no longer stops the cell blocking. */
  active: boolean
  location: Location
}

export interface GateEvidence {
  gate_id: string
  family: string
  result: Result
  /** Effective mode (after enforce_after graduation). */
  mode: Mode
  owner: string
  /** The assertion kinds this gate's result rests on, e.g. ["data", "file"]. */
  evidence_types: string[]
  /** The owning artifact: the file to fix. */
  artifact: string
  recovery: string | null
  /** Why the result is missing / blocked / not_applicable; null otherwise. */
  missing_reason: string | null
  findings: FindingEvidence[]
  /** How many more findings the cell had than `findings` keeps (over the per-cell or
   * per-run limit, 10,000 and 50,000); absent when none were left out. */
  findings_omitted?: number
  /** What the cell's live gates read and judged (deployments, HTTP answers, certificates,
   * DNS records), normalised and without timings; absent when none. */
  observations?: Observation[]
  /** Whether this cell stops the run. */
  blocking: boolean
  /** Set when the cell was not evaluated: it needs the GitHub API and the run skipped it
   * (`check --skip-github`); its result stays `missing`, and it does not block. */
  not_evaluated?: string
  residual_risk: { owner: string; reason: string } | null
  waiver: WaiverEvidence | null
  /** Where the gate is declared in the matrix (built-ins point at the matrix file). */
  declared_at: Location
  /** A built-in gate of gate-matrix itself: its findings name their own files to fix. */
  builtin: boolean
}

export interface RollbackEvidence {
  command: string | null
  manifest_or_revision: string | null
  migration_posture: string | null
  owner: string | null
}

export interface EnvironmentEvidence {
  environment_profile: string
  release_profile: string | null
  verdict: Verdict
  source_commit: string | null
  release_manifest_digest: string | null
  /** Change classes the change set touches (sorted). */
  change_class: string[]
  validated_against_source_sha: string | null
  gates: GateEvidence[]
  rollback: RollbackEvidence | null
}

export interface BlockerEvidence {
  /** Environment name, or "*" for repository-wide built-ins. */
  environment: string
  gate_id: string
  family: string
  owner: string
  code: string
  message: string
  artifact: string
  location: Location
  recovery: string | null
  mode: Mode
  result: Result
}

export interface Evidence {
  schema: typeof EVIDENCE_SCHEMA_ID
  verdict: Verdict
  matrix: { path: string; digest: string }
  source_commit: string | null
  release_profile: string | null
  event: { name: string | null; ref: string | null; pr_number: number | null; base_sha: string | null; head_sha: string | null }
  /** Repository-wide built-in gates (environment "*"). */
  repository: { gates: GateEvidence[] }
  environments: EnvironmentEvidence[]
  blockers: BlockerEvidence[]
  /** The cells that were not evaluated (see GateEvidence.not_evaluated); absent when none. */
  not_evaluated?: NotEvaluatedEvidence[]
  digest: string
}

export interface NotEvaluatedEvidence {
  /** Environment name, or "*" for repository-wide built-ins. */
  environment: string
  gate_id: string
  reason: string
}

/** Kept outside the canonical core so that identical inputs give identical bytes. */
export interface RunEnvelope {
  schema: 'gate-matrix/run@1'
  evidence_digest: string
  tool: { name: 'gate-matrix'; version: string }
  run_id: string | null
  run_attempt: string | null
  started_at: string
  finished_at: string
  evaluated_on: string
  runner: { os: string | null; name: string | null; node: string }
  surface: 'action' | 'cli'
  /** Each live probe of the run (kind, subject URL or host, outcome, milliseconds), in order;
   * absent when none ran. Timings live here, outside the digest, never in the evidence. */
  probes?: ProbeRecord[]
}
