// Which environments a workflow job deploys to, as far as they can be known statically
// (a literal, a dispatch input's options, a literal strategy matrix), and the jobs that
// deploy to environments the matrix does not declare. Shared by the built-in and `workflow`.
import type { Finding } from '../../core/outcome.js'
import { wholeExpression } from '../../core/template.js'
import type { Workflow, WorkflowJob } from '../../repo/workflows.js'
import { pushAll } from '../../core/arrays.js'
import { environmentMatcher } from '../../core/environment-names.js'

const INPUT_REF = /^(?:github\.event\.)?inputs\.([A-Za-z_][\w-]*)$/
const MATRIX_REF = /^matrix\.([A-Za-z_][\w-]*)$/

interface Candidate {
  name: string
  /** How the name was found, for the message, e.g. `option of input "target"`. */
  via: string | null
}

function isPlainScalar(v: unknown): v is string | number | boolean {
  return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean'
}

/** The environment names a job can deploy to, or null when they cannot be known statically. */
export function jobEnvironmentCandidates(wf: Workflow, job: WorkflowJob): Candidate[] | null {
  const raw = job.environment?.value
  if (raw === undefined) return []
  if (!raw.includes('${{')) return [{ name: raw, via: null }]
  const inner = wholeExpression(raw)
  if (inner === null) return null
  const input = INPUT_REF.exec(inner)?.[1]
  if (input !== undefined) {
    const declared = wf.dispatch?.inputs.find((i) => i.name === input)
    // A `type: environment` input is limited by GitHub to the repository's environments.
    if (!declared || declared.type?.value === 'environment' || !declared.options) return null
    return declared.options.value.map((name) => ({
      name,
      via: `an option of workflow_dispatch input "${input}" (line ${declared.options?.location.line})`,
    }))
  }
  const axis = MATRIX_REF.exec(inner)?.[1]
  if (axis !== undefined && job.strategyMatrix) {
    const values: unknown[] = []
    const listed = job.strategyMatrix[axis]
    if (Array.isArray(listed)) pushAll(values, listed)
    else if (listed !== undefined) return null
    const include = job.strategyMatrix.include
    if (Array.isArray(include)) {
      for (const row of include) if (row && typeof row === 'object' && axis in row) values.push((row as Record<string, unknown>)[axis])
    }
    const names = [...new Set(values.filter(isPlainScalar).map(String).filter((v) => !v.includes('${{')))]
    return names.map((name) => ({ name, via: `a value of strategy.matrix.${axis}` }))
  }
  return null
}

/** The matrix's environments as undeclaredEnvironments compares and names them; a caller
 * judging many workflows makes it once. */
export interface DeclaredEnvironments {
  has: (name: string) => boolean
  /** For messages: sorted, or "none". */
  list: string
}

export function declaredEnvironments(names: Iterable<string>): DeclaredEnvironments {
  const all = [...names]
  return { has: environmentMatcher(all), list: all.sort().join(', ') || 'none' }
}

/** ENVIRONMENT_UNDECLARED findings for one workflow, at each job's `environment:` value
 * (names compared as GitHub compares them: case-insensitively). */
export function undeclaredEnvironments(wf: Workflow, declared: DeclaredEnvironments): Finding[] {
  const findings: Finding[] = []
  const seen = new Set<string>()
  for (const job of wf.jobs) {
    if (!job.environment) continue
    for (const c of jobEnvironmentCandidates(wf, job) ?? []) {
      if (declared.has(c.name)) continue
      const key = `${job.environment.location.line}:${c.name}`
      if (seen.has(key)) continue
      seen.add(key)
      const what = c.via ? `environment "${c.name}" (${c.via})` : `environment "${c.name}"`
      findings.push({
        status: 'fail',
        code: 'ENVIRONMENT_UNDECLARED',
        message: `job "${job.id}" deploys to ${what}, which the matrix does not declare (declared: ${declared.list}); declare it under environments: or fix the workflow`,
        location: job.environment.location,
      })
    }
  }
  return findings
}
