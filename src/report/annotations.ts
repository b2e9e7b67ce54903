// Check-run annotations (the action posts them 50 a request). One per distinct finding
// across environments, on the line that must change; a finding without a line (a missing
// file) is put on the gate's declaration in the matrix, naming the missing path.
import type { Evidence } from '../evidence/types.js'
import { describeMembers, groupFindings, type Severity, truncateBytes } from './symbols.js'
import type { Annotation } from '../core/github-port.js'
import { redactText } from '../core/redact.js'


// GitHub's limits: title 255 characters, message 64 KiB.
const MAX_TITLE = 255
const MAX_MESSAGE_BYTES = 64 * 1024

const LEVEL: Record<Severity, Annotation['annotation_level']> = { error: 'failure', warning: 'warning', note: 'notice' }

function truncateChars(text: string, max: number): string {
  const chars = [...text]
  return chars.length <= max ? text : `${chars.slice(0, max - 1).join('')}…`
}

export function toAnnotations(e: Evidence): Annotation[] {
  const annotations = groupFindings(e).map((g): Annotation => {
    const l = g.finding.location
    const at = l.line ? l : g.gate.declared_at
    const line = at.line ?? 1
    const message = redactText(g.finding.message)
    const lines = [
      l.line ? message : `${l.path} (no line to annotate; shown where the gate is declared): ${message}`,
      '',
      `Environments: ${describeMembers(g)}`,
      `Gate: ${g.gate.gate_id} (${g.gate.family}, owner ${g.gate.owner}, ${g.gate.mode})`,
    ]
    if (g.gate.recovery) lines.push(`Recovery: ${g.gate.recovery}`)
    return {
      path: at.path,
      start_line: line,
      end_line: line,
      ...(at.column ? { start_column: at.column, end_column: at.column } : {}),
      annotation_level: LEVEL[g.severity],
      title: truncateChars(`${g.finding.code} · ${g.gate.gate_id}`, MAX_TITLE),
      message: truncateBytes(lines.join('\n'), MAX_MESSAGE_BYTES),
    }
  })
  // groupFindings sorts by the finding's own place; the fallback moved some, so sort again.
  const rank = { failure: 0, warning: 1, notice: 2 }
  return annotations.sort(
    (a, b) =>
      rank[a.annotation_level] - rank[b.annotation_level] ||
      a.path.localeCompare(b.path, 'en') ||
      a.start_line - b.start_line ||
      (a.start_column ?? 0) - (b.start_column ?? 0) ||
      a.title.localeCompare(b.title, 'en'),
  )
}
