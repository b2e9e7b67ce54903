// Terminal output of `gate-matrix check`: the gates × environments table, every blocker
// once as `path:line:col CODE message [envs gate]` (clickable in editors and terminals), the
// non-blocking findings as warnings, and the verdict line.
import { formatLocation } from '../core/errors.js'
import type { Result } from '../core/outcome.js'
import type { Evidence } from '../evidence/types.js'
import { describeMembers, gridOf, groupFindings, isWaived, REPOSITORY, RESULT_LABEL, RESULTS, TEXT_SYMBOL, whyNotBlocking, notEvaluatedSummary } from './symbols.js'
import { redactText } from '../core/redact.js'
import { maxOf } from '../core/arrays.js'
import { groupBlockers } from './blocker-groups.js'

type Style = 'red' | 'green' | 'yellow' | 'dim' | 'bold' | 'cyan'
const SGR: Record<Style, string> = { red: '31', green: '32', yellow: '33', cyan: '36', dim: '2', bold: '1' }

const RESULT_STYLE: Record<Result, Style> = {
  pass: 'green',
  fail: 'red',
  partial: 'yellow',
  blocked: 'red',
  missing: 'red',
  not_applicable: 'dim',
}

const WAIVED_MARK = 'w'

/** Text from the matrix or a file goes to a terminal: no control characters (no ANSI injection), one line. */
function clean(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f-\u009f]+/g, ' ')
}

function width(text: string): number {
  return [...text].length
}

export function renderText(e: Evidence, o: { color: boolean }): string {
  const paint = (style: Style, text: string): string => (o.color && text ? `\u001b[${SGR[style]}m${text}\u001b[0m` : text)
  const out: string[] = []

  const profile = e.release_profile ? ` · profile ${clean(e.release_profile)}` : ''
  const commit = e.source_commit ? ` @ ${clean(e.source_commit.slice(0, 12))}` : ''
  out.push(paint('bold', `gate-matrix · ${clean(e.matrix.path)}${commit}${profile}`), '')

  const grid = gridOf(e)
  if (grid.rows.length) {
    const rowWidth = maxOf(grid.rows.map((id) => width(clean(id))), width('gate'))
    const colWidths = grid.columns.map((c) => Math.max(width(clean(c)), 2))
    const pad = (text: string, w: number): string => text + ' '.repeat(Math.max(0, w - width(text)))
    out.push(['gate'.padEnd(rowWidth), ...grid.columns.map((c, i) => pad(clean(c), colWidths[i]))].join('  ').trimEnd())
    for (const id of grid.rows) {
      const cells = grid.columns.map((column, i) => {
        const g = grid.cell(id, column)
        if (!g) return ' '.repeat(colWidths[i])
        const symbol = paint(RESULT_STYLE[g.result], TEXT_SYMBOL[g.result])
        const mark = isWaived(g) ? paint('cyan', WAIVED_MARK) : ''
        return symbol + mark + ' '.repeat(colWidths[i] - 1 - (mark ? 1 : 0))
      })
      out.push([pad(clean(id), rowWidth), ...cells].join('  ').trimEnd())
    }
    const legend = RESULTS.map((r) => `${TEXT_SYMBOL[r]} ${RESULT_LABEL[r]}`).join('  ')
    out.push(paint('dim', `${legend}  ${WAIVED_MARK} waived${grid.columns.includes(REPOSITORY) ? '  * repository-wide' : ''}`), '')
  }

  const line = (where: string, code: string, message: string, tail: string, style: Style): string =>
    `  ${where} ${paint(style, code)} ${clean(redactText(message))} ${paint('dim', tail)}`

  const blockers = groupBlockers(e.blockers)
  if (blockers.length) {
    out.push(paint('bold', `Blockers (${blockers.length}):`))
    for (const { blocker: b, environments } of blockers) {
      out.push(line(clean(formatLocation(b.location)), clean(b.code), b.message, `[${clean(environments.join(', '))} ${clean(b.gate_id)}]`, 'red'))
    }
    out.push('')
  }

  const warnings = groupFindings(e).filter((g) => g.severity !== 'error')
  if (warnings.length) {
    out.push(paint('bold', `Warnings (${warnings.length}):`))
    for (const w of warnings) {
      const envs = describeMembers(w)
      out.push(line(clean(formatLocation(w.finding.location)), clean(w.finding.code), w.finding.message, `[${clean(envs)} ${clean(w.gate.gate_id)}] (${whyNotBlocking(w.gate)})`, 'yellow'))
    }
    out.push('')
  }

  out.push(verdictLine(e, paint))
  return `${out.join('\n')}\n`
}

function verdictLine(e: Evidence, paint: (style: Style, text: string) => string): string {
  const skipped = notEvaluatedSummary(e)
  const aside = skipped ? ` (${clean(skipped)})` : ''
  if (e.verdict === 'clean') return `Verdict: ${paint('green', paint('bold', 'clean'))}${paint('yellow', aside)}: no blockers`
  const perPlace = new Map<string, number>()
  for (const b of e.blockers) perPlace.set(b.environment, (perPlace.get(b.environment) ?? 0) + 1)
  const where = [...perPlace].map(([env, n]) => `${clean(env)} ${n}`).join(', ')
  const noun = e.blockers.length === 1 ? 'blocker' : 'blockers'
  return `Verdict: ${paint('red', paint('bold', 'blocked'))}: ${e.blockers.length} ${noun} (${where})${skipped ? `; ${paint('yellow', clean(skipped))}` : ''}`
}
