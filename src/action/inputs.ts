// The action's inputs, read and checked in one place. Defaults repeat action.yml's, so a
// runner that passes nothing (or a test that runs dist/index.js) gets the same behaviour.
// A wrong value fails the step with the input's name, the value and what it accepts.
import * as core from '@actions/core'
import { UsageError } from '../core/errors.js'
import { normalizeRepoPath, repoPathProblem } from '../repo/paths.js'

export type MatrixSource = 'base' | 'head'

export interface ActionInputs {
  mode: 'check' | 'merge'
  /** Relative to the workspace, posix. */
  matrix: string
  /** Empty: every environment (`all`, or nothing given). */
  environments: string[]
  profile: string | null
  token: string
  checkName: string
  uploadEvidence: boolean
  /** null: the default name, decided once the run attempt is known. */
  evidenceName: string | null
  /** null: `base` on pull requests and merge queues, `head` otherwise. */
  matrixSource: MatrixSource | null
  /** Merge mode: paths or globs (relative to the workspace) of the jobs' evidence files. */
  evidenceFiles: string[]
  /** Probe the live hosts (input `live`): live gates are missing (LIVE_NOT_ENABLED) otherwise. */
  live: boolean
}

export const DEFAULT_MATRIX = 'gate-matrix.yml'
export const DEFAULT_CHECK_NAME = 'Deployment gates'

const ENV_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]*$/
// Artifact names may not contain these (actions/toolkit's validation), nor be blank.
const ARTIFACT_FORBIDDEN = /["':<>|*?\\/\r\n]/

function input(name: string): string {
  return core.getInput(name, { trimWhitespace: true })
}

/** A list input: comma- or newline-separated, blanks ignored. */
export function listInput(raw: string): string[] {
  return raw
    .split(/[\n,]/)
    .map((s) => s.trim())
    .filter((s) => s.length > 0)
}

function oneOf<T extends string>(name: string, raw: string, allowed: readonly T[], fallback: T | null): T | null {
  if (raw === '') return fallback
  const v = raw.toLowerCase()
  if ((allowed as readonly string[]).includes(v)) return v as T
  throw new UsageError(`input "${name}" is "${raw}": use one of ${allowed.map((a) => `"${a}"`).join(', ')}`)
}

function booleanInput(name: string, raw: string, fallback: boolean): boolean {
  if (raw === '') return fallback
  if (/^(true|yes|on)$/i.test(raw)) return true
  if (/^(false|no|off)$/i.test(raw)) return false
  throw new UsageError(`input "${name}" is "${raw}": use true or false`)
}

export function readInputs(): ActionInputs {
  const mode = oneOf('mode', input('mode'), ['check', 'merge'] as const, 'check')!

  const matrixRaw = input('matrix') || DEFAULT_MATRIX
  const pathProblem = repoPathProblem(matrixRaw)
  if (pathProblem) throw new UsageError(`input "matrix": ${pathProblem}`)
  const matrix = normalizeRepoPath(matrixRaw)

  const envList = listInput(input('environments'))
  let environments: string[] = []
  if (envList.length === 1 && envList[0].toLowerCase() === 'all') environments = []
  else {
    const bad = envList.filter((e) => !ENV_NAME.test(e) || e.toLowerCase() === 'all')
    if (bad.length) {
      throw new UsageError(`input "environments" has ${bad.map((b) => `"${b}"`).join(', ')}: give environment names from the matrix (comma- or newline-separated), or "all" on its own`)
    }
    environments = [...new Set(envList)]
  }

  const evidenceName = input('evidence-name') || null
  if (evidenceName !== null && ARTIFACT_FORBIDDEN.test(evidenceName)) {
    throw new UsageError(`input "evidence-name" is "${evidenceName}": an artifact name may not contain " ' : < > | * ? \\ / or line breaks`)
  }

  const checkName = input('check-name') || DEFAULT_CHECK_NAME
  if (checkName.length > 255) throw new UsageError('input "check-name" is longer than 255 characters')

  const evidenceFiles = listInput(input('evidence-files'))
  if (mode === 'merge' && evidenceFiles.length === 0) {
    throw new UsageError('input "evidence-files" is empty: in merge mode give the evidence files (paths or globs, one a line) that the jobs uploaded and this job downloaded')
  }
  for (const f of evidenceFiles) {
    if (f.startsWith('/') || f.split('/').includes('..')) {
      throw new UsageError(`input "evidence-files" has "${f}": write paths relative to the workspace, without ".."`)
    }
  }

  return {
    mode,
    matrix,
    environments,
    profile: input('profile') || null,
    token: input('token'),
    checkName,
    uploadEvidence: booleanInput('upload-evidence', input('upload-evidence'), true),
    evidenceName,
    matrixSource: oneOf('matrix-source', input('matrix-source'), ['base', 'head'] as const, null),
    evidenceFiles,
    live: booleanInput('live', input('live'), false),
  }
}
