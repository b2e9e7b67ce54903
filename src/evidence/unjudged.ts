// The evidence of a run that could not judge the gates: the trusted matrix could not be
// read, the GitHub API failed outside any gate, the input was unusable, or gate-matrix
// itself failed. It is a real evidence document (same schema, sealed, digest) whose one
// repository-level gate, `gate-matrix/run`, is blocked with the reason and the places to
// look, so whoever reads evidence sees "blocked, because …" and never a missing file.
import type { GithubFacts } from '../core/run.js'
import { sealEvidence } from './seal.js'
import { sha256 } from '../core/canonical-json.js'
import type { CodeTable } from '../core/codes.js'
import type { Evidence, FindingEvidence, GateEvidence } from './types.js'

export const RUN_GATE_ID = 'gate-matrix/run'

/** Codes only an unjudged run emits (GITHUB_UNAVAILABLE, FILE_UNREADABLE and INTERNAL_ERROR keep their meanings). */
export const UNJUDGED_CODES = {
  INPUT_UNUSABLE: { status: 'blocked', meaning: 'The run could not judge the gates: the matrix, an action input or the event is unusable (each problem at its file and line); exit code 2.' },
  MATRIX_NOT_ON_BASE: { status: 'blocked', meaning: "The matrix does not exist at the base commit and the change set does not show it added, so there is no trusted matrix to judge by (the head's is not trusted)." },
} as const satisfies CodeTable

export interface UnjudgedRun {
  matrixPath: string
  /** The matrix text the run had, for the digest; null when it had none (the digest of the empty text). */
  matrixText: string | null
  github: GithubFacts | null
  profile: string | null
  /** One sentence: why nothing was judged. */
  reason: string
  /** At least one; each names the file (and line, where there is one) to look at. */
  findings: FindingEvidence[]
}

export function unjudgedEvidence(u: UnjudgedRun): Evidence {
  const g = u.github
  const gate: GateEvidence = {
    gate_id: RUN_GATE_ID,
    family: 'matrix',
    result: 'blocked',
    mode: 'enforce',
    owner: 'gate-matrix',
    evidence_types: ['run'],
    artifact: u.matrixPath,
    recovery: null,
    missing_reason: u.reason,
    findings: u.findings,
    blocking: true,
    residual_risk: null,
    waiver: null,
    declared_at: { path: u.matrixPath },
    builtin: true,
  }
  return sealEvidence({
    schema: 'gate-matrix/evidence@1',
    matrix: { path: u.matrixPath, digest: sha256(u.matrixText ?? '') },
    source_commit: g ? (g.head_sha ?? g.sha) : null,
    release_profile: u.profile,
    event: {
      name: g?.event_name ?? null,
      ref: g?.ref ?? null,
      pr_number: g?.pr_number ?? null,
      base_sha: g?.base_sha ?? null,
      head_sha: g?.head_sha ?? null,
    },
    repository: { gates: [gate] },
    environments: [],
  })
}
