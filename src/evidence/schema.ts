// The evidence document (types.ts) as a zod schema: `merge` validates the files it is
// given with it, and schema/evidence.schema.json (what other tools validate against) is
// generated from it. Strict objects: an unknown key means the file is not ours.
import * as z from 'zod'
import { type Evidence, EVIDENCE_SCHEMA_ID } from './types.js'

const result = z.enum(['pass', 'fail', 'partial', 'blocked', 'missing', 'not_applicable'])
const mode = z.enum(['report', 'warn', 'enforce'])
const verdict = z.enum(['clean', 'blocked'])
const digest = z.string().regex(/^sha256:[0-9a-f]{64}$/, 'expected "sha256:" and 64 hex digits')

const location = z
  .strictObject({
    path: z.string().min(1),
    line: z.number().int().min(1).optional(),
    column: z.number().int().min(1).optional(),
  })
  .describe('1-based; line and column are omitted where no line exists (a missing file)')

const finding = z.strictObject({
  code: z.string().min(1).describe('Reason code, e.g. VALUE_MISMATCH'),
  message: z.string(),
  status: z.enum(['fail', 'missing', 'blocked']),
  location,
})

const waiver = z.strictObject({
  owner: z.string(),
  reason: z.string(),
  expires: z.string(),
  active: z.boolean().describe('false once expires is past'),
  location,
})

const gate = z.strictObject({
  gate_id: z.string().min(1),
  family: z.string(),
  result,
  mode: mode.describe('Effective mode, after enforce_after graduation'),
  owner: z.string(),
  evidence_types: z.array(z.string()),
  artifact: z.string().describe('The owning artifact: the file to fix'),
  recovery: z.string().nullable(),
  missing_reason: z.string().nullable(),
  findings: z.array(finding),
  findings_omitted: z.number().int().positive().optional().describe('Findings left out over the per-cell (10,000) or per-run (50,000) limit; absent when none were'),
  observations: z
    .array(
      z.strictObject({
        source: z.string().min(1).describe('Where it was read: deployments, compare, environment, code_scanning, http, tls, dns, ...'),
        subject: z.string().describe('What was read: an environment, a ref, a URL, a host'),
        facts: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null(), z.array(z.string())])).describe('The normalised values that were judged'),
      }),
    )
    .min(1)
    .optional()
    .describe('What the live gates of this cell read and judged, normalised, without timings; absent when none'),
  blocking: z.boolean(),
  not_evaluated: z
    .string()
    .optional()
    .describe('Why the cell was not evaluated (it needs the GitHub API; check --skip-github); its result stays missing and it does not block'),
  residual_risk: z.strictObject({ owner: z.string(), reason: z.string() }).nullable(),
  waiver: waiver.nullable(),
  declared_at: location,
  builtin: z.boolean(),
})

const rollback = z.strictObject({
  command: z.string().nullable(),
  manifest_or_revision: z.string().nullable(),
  migration_posture: z.string().nullable(),
  owner: z.string().nullable(),
})

const environment = z.strictObject({
  environment_profile: z.string().min(1),
  release_profile: z.string().nullable(),
  verdict,
  source_commit: z.string().nullable(),
  release_manifest_digest: z.string().nullable(),
  change_class: z.array(z.string()),
  validated_against_source_sha: z.string().nullable(),
  gates: z.array(gate),
  rollback: rollback.nullable(),
})

const blocker = z.strictObject({
  environment: z.string().min(1).describe('Environment name, or "*" for repository-wide built-ins'),
  gate_id: z.string().min(1),
  family: z.string(),
  owner: z.string(),
  code: z.string().min(1),
  message: z.string(),
  artifact: z.string(),
  location,
  recovery: z.string().nullable(),
  mode,
  result,
})

export const evidenceSchema = z
  .strictObject({
    schema: z.literal(EVIDENCE_SCHEMA_ID),
    verdict,
    matrix: z.strictObject({ path: z.string().min(1), digest }),
    source_commit: z.string().nullable(),
    release_profile: z.string().nullable(),
    event: z.strictObject({
      name: z.string().nullable(),
      ref: z.string().nullable(),
      pr_number: z.number().int().nullable(),
      base_sha: z.string().nullable(),
      head_sha: z.string().nullable(),
    }),
    repository: z.strictObject({ gates: z.array(gate).describe('Repository-wide built-in gates (environment "*")') }),
    environments: z.array(environment),
    blockers: z.array(blocker),
    not_evaluated: z
      .array(z.strictObject({ environment: z.string().min(1), gate_id: z.string().min(1), reason: z.string() }))
      .optional()
      .describe('The cells not evaluated in this run (check --skip-github); absent when none'),
    digest: digest.describe('sha256 of the canonical JSON (sorted keys, compact) of this document without digest'),
  })
  .describe('gate-matrix evidence: the deterministic record of one run')

// Compile-time guard: the schema and the hand-written types must describe the same document.
type Parsed = z.infer<typeof evidenceSchema>
const sameShape: [Parsed, Evidence] extends [Evidence, Parsed] ? true : never = true
void sameShape

/** The JSON Schema shipped as schema/evidence.schema.json. */
export function evidenceJsonSchema(): Record<string, unknown> {
  const { $schema, ...rest } = z.toJSONSchema(evidenceSchema, { target: 'draft-2020-12' })
  return { $schema, $id: 'urn:gate-matrix:schema:evidence:1', title: 'gate-matrix evidence', ...rest }
}
