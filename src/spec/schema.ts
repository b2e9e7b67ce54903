// The gate matrix schema (design §3). Strict objects everywhere: a misspelt key is an
// error with its line, not a silently ignored setting. The JSON Schema in
// schema/gate-matrix.schema.json is generated from this.
import * as z from 'zod'
import { isoDate } from './template-schema.js'

export const PROTECTED_FAMILIES = [
  'secrets-pki',
  'dns-tls-edge',
  'schema-seed',
  'artifact-image',
  'uat-security',
  'rollback',
  'reconciliation',
] as const

const name = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]*$/, 'expected a name of letters, digits, ".", "_" or "-"')
const globs = z.array(z.string().min(1)).describe('Path globs relative to the repository root')

export const rollbackSchema = z.strictObject({
  command: z.string().min(1),
  manifest_or_revision: z.string().min(1),
  migration_posture: z.enum(['forward_only', 'reversible', 'none']),
  owner: z.string().min(1),
})

export const promotionSchema = z.strictObject({
  require: z
    .enum(['ever', 'current'])
    .optional()
    .describe('ever (default): the SHA had a success status in each `after` environment at some time; current: it is the newest successful deployment there now'),
  soak: z
    .string()
    .regex(/^[1-9]\d*(m|h|d)$/, 'expected a duration such as 30m, 4h or 2d')
    .optional()
    .describe("The SHA's first success in each `after` environment is at least this old at the run's time (30m, 4h, 2d)"),
  task: z.string().min(1).optional().describe('Count only deployments of this task (GitHub Actions jobs file `deploy`); default: any task'),
  sha_input: z.string().min(1).optional().describe('The workflow_dispatch input holding the full SHA being promoted on a dispatch run (other runs, and by default: the run\'s SHA)'),
})

export const environmentSchema = z
  .strictObject({
    description: z.string().optional(),
    branch: z.string().min(1).optional().describe('The branch this environment deploys from'),
    after: z.array(name).optional().describe('Environments that must be promoted to first: the SHA must have succeeded in each (gate-matrix/promotion-order)'),
    promotion: promotionSchema.optional().describe('How `after:` is judged (gate-matrix/promotion-order)'),
    hosts: z.record(z.string(), z.string()).optional().describe('Host names by role; the only hosts live gates may probe'),
    internal: z
      .boolean()
      .optional()
      .describe('true: the hosts may resolve to private, loopback or link-local addresses (live gates refuse such answers otherwise)'),
    callbacks: z.array(z.string()).optional(),
    apps: z.record(z.string(), z.string()).optional().describe('App ids, e.g. ios: TEAMID.bundle.id'),
    posture: z.string().optional().describe('e.g. read-only'),
    release_manifest: z.string().min(1).optional().describe('File whose sha256 is the evidence release_manifest_digest'),
    rollback: rollbackSchema.optional(),
    overrides: z
      .record(z.string(), z.strictObject({ acknowledgement: z.string().min(1) }))
      .optional()
      .describe('Dispatch overrides this environment allows, each with the exact acknowledgement string'),
    vars: z.record(z.string(), z.unknown()).optional().describe('Free-form facts for ${{ environment.vars.* }}'),
    deployment: z
      .boolean()
      .optional()
      .describe('false: not a deployment target (e.g. an approval-only or secret-holding GitHub environment): declared for the built-ins, skipped by gates without `environments:`'),
  })
  .describe('A deployment target and its facts')

export const profileSchema = z
  .strictObject({
    description: z.string().optional(),
    classes: z.array(name).describe('Change classes this profile may ship'),
    skip_families: z.array(z.string()).optional().describe('Gate families this profile skips'),
    skip_gates: z.array(z.string()).optional().describe('Gate ids this profile skips'),
    requires_prior_validation: z
      .union([z.boolean(), z.strictObject({ check: z.string().min(1) })])
      .optional()
      .describe('Skips count only with proof: a check that succeeded on inputs.validated_against_source_sha'),
  })
  .describe('A release profile')

/** A gate whose `assert` entries are `assertion`: the loader passes plain one-key maps
 * (each entry is then validated against its own kind, so errors point inside the
 * options); the editor's JSON Schema passes the union of every kind's options. */
export function gateSchemaOf(assertion: z.ZodType) {
  return z
    .strictObject({
      id: name.describe('Unique gate id'),
      family: z.string().min(1).describe('Gate family, e.g. dns-tls-edge'),
      description: z.string().optional(),
      owner: z.string().min(1).optional().describe('Default: the matrix owner'),
      artifact: z.string().min(1).optional().describe('The owning artifact: the file to fix (default: the matrix)'),
      environments: z.array(name).optional().describe('Default: every environment'),
      mode: z.enum(['report', 'warn', 'enforce']).optional().describe('Default: enforce'),
      enforce_after: isoDate.optional().describe('From this date a report/warn gate is enforced'),
      when: z
        .strictObject({
          changed: globs.optional(),
          events: z.array(z.string()).optional(),
          profiles: z.array(z.string()).optional(),
        })
        .optional(),
      if: z.string().optional().describe('A ${{ … }} expression; false makes the gate not_applicable'),
      recovery: z.string().optional().describe('Recovery doc (default: the matrix recovery)'),
      residual_risk: z.strictObject({ owner: z.string().min(1), reason: z.string().min(1) }).optional(),
      assert: z.array(assertion).min(1),
    })
    .describe('One requirement')
}

export const waiverSchema = z.strictObject({
  gate: z.string().min(1),
  environments: z.array(name).optional().describe('Default: every environment the gate applies to'),
  owner: z.string().min(1),
  reason: z.string().min(1),
  expires: isoDate,
})

/** The matrix with `assert` entries of `assertion` (see gateSchemaOf). */
export function matrixSchemaOf(assertion: z.ZodType) {
  return z
    .strictObject({
      version: z.literal(1),
      owner: z.string().min(1).optional().describe('Default owner of gates'),
      recovery: z.string().optional().describe('Default recovery doc'),
      owners: z.array(z.string().min(1)).optional().describe('Who must approve changes to this file (logins or org/team)'),
      tracked: globs.optional().describe('The deployment surface: a change here needs a matrix change in the same PR'),
      environments: z
        .record(name, environmentSchema)
        .refine((envs) => Object.keys(envs).length > 0, 'declare at least one environment: a matrix without environments checks nothing'),
      change_classes: z.record(name, globs).optional(),
      profiles: z.record(name, profileSchema).optional(),
      default_profile: z.string().optional(),
      gates: z.array(gateSchemaOf(assertion)),
      waivers: z.array(waiverSchema).optional(),
    })
    .describe('gate-matrix v1: one YAML file as the source of truth for deployments')
}

/** An assertion entry as the loader first sees it: a map, validated by its kind later. */
export const assertionEntrySchema = z.record(z.string(), z.unknown())

export const matrixSchema = matrixSchemaOf(assertionEntrySchema)
export const gateSchema = gateSchemaOf(assertionEntrySchema)

export type MatrixSpec = z.infer<typeof matrixSchema>
export type GateSpec = z.infer<typeof gateSchema>
export type EnvironmentSpec = z.infer<typeof environmentSchema>
export type ProfileSpec = z.infer<typeof profileSchema>
export type WaiverSpec = z.infer<typeof waiverSchema>
