// SARIF 2.1.0 (`--format sarif`), for code scanning and editors: one rule per reason
// code, one result per distinct finding (the environments it was seen in are listed in
// its properties), in a stable order so the same evidence gives the same file.
import type { Log, ReportingDescriptor, Result as SarifResult } from 'sarif'
import type { Evidence } from '../evidence/types.js'
import { redactText } from '../core/redact.js'
import { groupFindings } from './symbols.js'

export interface SarifOptions {
  toolVersion: string
  /** Reason code → one-sentence description (the kinds' and built-ins' `codes`). */
  ruleDescriptions: Record<string, string>
  /** The reason-code page; each rule's helpUri is its code's anchor there. */
  reasonCodesUrl?: string
}

const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json'

/** Percent-encode a repository path as a relative URI reference, keeping the slashes. */
function toUri(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

export function renderSarif(e: Evidence, o: SarifOptions): Log {
  const groups = groupFindings(e)
  const codes = [...new Set(groups.map((g) => g.finding.code))].sort()
  const ruleIndex = new Map(codes.map((c, i) => [c, i]))
  const rules: ReportingDescriptor[] = codes.map((code) => ({
    id: code,
    shortDescription: { text: o.ruleDescriptions[code] ?? code },
    ...(o.reasonCodesUrl ? { helpUri: `${o.reasonCodesUrl}#${code.toLowerCase()}` } : {}),
  }))

  const results: SarifResult[] = groups
    .slice()
    // SARIF consumers order by place; the report's own order (most severe first) stays in `level`.
    .sort(
      (a, b) =>
        a.finding.location.path.localeCompare(b.finding.location.path, 'en') ||
        (a.finding.location.line ?? 0) - (b.finding.location.line ?? 0) ||
        (a.finding.location.column ?? 0) - (b.finding.location.column ?? 0) ||
        a.finding.code.localeCompare(b.finding.code, 'en') ||
        a.gate.gate_id.localeCompare(b.gate.gate_id, 'en') ||
        a.finding.message.localeCompare(b.finding.message, 'en'),
    )
    .map((g) => {
      const l = g.finding.location
      return {
        ruleId: g.finding.code,
        ruleIndex: ruleIndex.get(g.finding.code),
        level: g.severity,
        message: { text: redactText(g.finding.message) },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: toUri(l.path) },
              ...(l.line ? { region: { startLine: l.line, ...(l.column ? { startColumn: l.column } : {}) } } : {}),
            },
          },
        ],
        properties: {
          gate_id: g.gate.gate_id,
          family: g.gate.family,
          owner: g.gate.owner,
          environments: g.members.map((m) => m.environment),
          mode: g.gate.mode,
          result: g.gate.result,
          status: g.finding.status,
          blocking: g.severity === 'error',
          waived: g.members.some((m) => m.gate.waiver?.active === true),
          recovery: g.gate.recovery,
        },
      }
    })

  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'gate-matrix', version: o.toolVersion, rules } },
        // Columns come from JavaScript strings: UTF-16 code units.
        columnKind: 'utf16CodeUnits',
        results,
        properties: {
          verdict: e.verdict,
          matrix: e.matrix,
          source_commit: e.source_commit,
          evidence_digest: e.digest,
        },
      },
    ],
  }
}
