// What every reporter shares: the cell symbols, the order of rows and columns, and how
// a finding's severity follows from its gate (blocking, warn, report, waived). One place,
// so text, Markdown, SARIF and annotations never disagree about a cell.
import type { Result } from '../core/outcome.js'
import { findingsOf, isReported } from '../evidence/seal.js'
import type { Evidence, FindingEvidence, GateEvidence } from '../evidence/types.js'

/** The column of repository-wide built-ins. */
export const REPOSITORY = '*'

export const TEXT_SYMBOL: Readonly<Record<Result, string>> = {
  pass: '✓',
  fail: '✗',
  partial: '◐',
  blocked: '⊘',
  missing: '?',
  not_applicable: '·',
}

export const MARKDOWN_SYMBOL: Readonly<Record<Result, string>> = {
  pass: '✅',
  fail: '❌',
  partial: '🟡',
  blocked: '⛔',
  missing: '❓',
  not_applicable: '➖',
}

export const RESULT_LABEL: Readonly<Record<Result, string>> = {
  pass: 'pass',
  fail: 'fail',
  partial: 'partial',
  blocked: 'blocked',
  missing: 'missing',
  not_applicable: 'not applicable',
}

export const RESULTS: readonly Result[] = ['pass', 'fail', 'partial', 'blocked', 'missing', 'not_applicable']

/** error: stops the run; warning: warn mode or a non-blocking failure; note: report mode or waived. */
export type Severity = 'error' | 'warning' | 'note'

export const SEVERITY_RANK: Readonly<Record<Severity, number>> = { error: 0, warning: 1, note: 2 }

export function severityOf(g: GateEvidence): Severity {
  if (g.blocking) return 'error'
  if (g.waiver?.active || g.mode === 'report') return 'note'
  return 'warning'
}

export function isWaived(g: GateEvidence): boolean {
  return g.waiver?.active === true
}

/** Whether the cell has something to say (every result but pass and not_applicable). */

export interface Cell {
  /** Environment name, or "*" for repository-wide built-ins. */
  environment: string
  gate: GateEvidence
}

/** Every cell: repository-wide gates first, then the environments in document order. */
export function cellsOf(e: Evidence): Cell[] {
  return [
    ...e.repository.gates.map((gate) => ({ environment: REPOSITORY, gate })),
    ...e.environments.flatMap((env) => env.gates.map((gate) => ({ environment: env.environment_profile, gate }))),
  ]
}

export interface Grid {
  /** Column names: "*" (when there are repository-wide gates), then environments in document order. */
  columns: string[]
  /** Gate ids in order of first appearance (repository-wide first). */
  rows: string[]
  cell(gateId: string, column: string): GateEvidence | undefined
}

export function gridOf(e: Evidence): Grid {
  const byKey = new Map<string, GateEvidence>()
  const rows: string[] = []
  const columns: string[] = []
  for (const { environment, gate } of cellsOf(e)) {
    if (!columns.includes(environment)) columns.push(environment)
    if (!rows.includes(gate.gate_id)) rows.push(gate.gate_id)
    byKey.set(`${environment}\u0000${gate.gate_id}`, gate)
  }
  for (const env of e.environments) if (!columns.includes(env.environment_profile)) columns.push(env.environment_profile)
  return { columns, rows, cell: (gateId, column) => byKey.get(`${column}\u0000${gateId}`) }
}

/** One finding seen in one or more environments (same gate, code, message and place). */
export interface FindingGroup {
  gate: GateEvidence
  finding: FindingEvidence
  /** The most severe of its members. */
  severity: Severity
  members: Array<{ environment: string; gate: GateEvidence; severity: Severity }>
}

function compareLocation(a: FindingEvidence, b: FindingEvidence): number {
  return (
    a.location.path.localeCompare(b.location.path, 'en') ||
    (a.location.line ?? 0) - (b.location.line ?? 0) ||
    (a.location.column ?? 0) - (b.location.column ?? 0)
  )
}

/** Every finding of every reported cell, one group per distinct finding, most severe first, then by place. */
export function groupFindings(e: Evidence): FindingGroup[] {
  const groups = new Map<string, FindingGroup>()
  for (const { environment, gate } of cellsOf(e)) {
    if (!isReported(gate)) continue
    const severity = severityOf(gate)
    for (const finding of findingsOf(gate)) {
      const l = finding.location
      const key = JSON.stringify([gate.gate_id, finding.code, finding.message, l.path, l.line ?? null, l.column ?? null])
      const group = groups.get(key)
      if (!group) {
        groups.set(key, { gate, finding, severity, members: [{ environment, gate, severity }] })
        continue
      }
      group.members.push({ environment, gate, severity })
      if (SEVERITY_RANK[severity] < SEVERITY_RANK[group.severity]) {
        group.severity = severity
        group.gate = gate
      }
    }
  }
  return [...groups.values()].sort(
    (a, b) =>
      SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity] ||
      compareLocation(a.finding, b.finding) ||
      a.finding.code.localeCompare(b.finding.code, 'en') ||
      a.gate.gate_id.localeCompare(b.gate.gate_id, 'en') ||
      a.finding.message.localeCompare(b.finding.message, 'en'),
  )
}

/** Why a reported cell does not block: "waived", "warn", "report" or "not blocking" (e.g. partial with residual risk). */
export function whyNotBlocking(g: GateEvidence): string {
  if (g.blocking) return 'blocking'
  if (g.not_evaluated !== undefined) return 'not evaluated'
  if (isWaived(g)) return 'waived'
  return g.mode === 'enforce' ? 'not blocking' : g.mode
}

/** "production, staging (waived)": each environment, with its mode where it differs from the group's severity. */
export function describeMembers(group: FindingGroup): string {
  return group.members
    .map((m) => {
      if (m.severity === group.severity) return m.environment
      return `${m.environment} (${whyNotBlocking(m.gate)})`
    })
    .join(', ')
}

/** Cut `text` to at most `maxBytes` UTF-8 bytes without splitting a character, marking the cut with "…". */
export function truncateBytes(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text
  const budget = maxBytes - Buffer.byteLength('…')
  let out = ''
  let used = 0
  for (const ch of text) {
    const n = Buffer.byteLength(ch)
    if (used + n > budget) break
    out += ch
    used += n
  }
  return `${out}…`
}

/**
 * "3 gates not evaluated: need the GitHub API: ci-green, approvals, …" for a run that set
 * gates aside (`check --skip-github`), or null: a verdict must never read clean without it.
 */
export function notEvaluatedSummary(e: Evidence): string | null {
  const ids = [...new Set((e.not_evaluated ?? []).map((n) => n.gate_id))]
  if (!ids.length) return null
  const shown = ids.slice(0, 10).join(', ') + (ids.length > 10 ? ', …' : '')
  return `${ids.length} gate${ids.length === 1 ? '' : 's'} not evaluated: need${ids.length === 1 ? 's' : ''} the GitHub API: ${shown}`
}
