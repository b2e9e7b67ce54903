// `threshold`: a metrics report against a thresholds file.
import * as z from 'zod'
import { sharedCodes } from '../../core/codes.js'
import { type Finding, outcomeOf } from '../../core/outcome.js'
import { formatKeyPath, isRecord, parseDataPath, resolveDataPath } from '../../repo/data-path.js'
import type { RepoReader } from '../../repo/reader.js'
import type { PositionedDocument } from '../../repo/yaml.js'
import { readDataDocument } from '../support/data-file.js'
import type { AssertionKind } from '../kit.js'
import { describeValue, isSecretValue } from '../../core/redact.js'

export const thresholdOptions = z
  .strictObject({
    report: z.string().min(1).describe('The metrics report (JSON)'),
    thresholds: z.string().min(1).describe('JSON mapping a metric path to {max} or {min}'),
  })
  .describe('A metrics report against a thresholds file')

export type ThresholdOptions = z.infer<typeof thresholdOptions>

export const thresholdKind: AssertionKind<ThresholdOptions> = {
  kind: 'threshold',
  description: 'A metrics report (JSON) against a thresholds file mapping metric paths to {max} / {min}.',
  options: thresholdOptions,
  needs: 'repository',
  pathOptions: ['report', 'thresholds'],
  codes: {
    REPORT_MISSING: { status: 'missing', meaning: 'The report or the thresholds file does not exist.' },
    THRESHOLD_EXCEEDED: { status: 'fail', meaning: 'A metric is above its max or below its min.' },
    METRIC_MISSING: { status: 'fail', meaning: 'A metric named in the thresholds is absent from the report, or not a number.' },
    ...sharedCodes('DATA_UNPARSABLE', 'FILE_UNREADABLE'),
  },
  evaluate(options, ctx) {
    const report = readJson(ctx.repo, options.report, 'report')
    const thresholds = readJson(ctx.repo, options.thresholds, 'thresholds file')
    const unread = [report, thresholds].flatMap((r) => ('findings' in r ? r.findings : []))
    if ('findings' in report || 'findings' in thresholds) return outcomeOf(unread)
    return outcomeOf(check(report.doc, thresholds.doc))
  },
}

function readJson(repo: RepoReader, file: string, what: string): { doc: PositionedDocument } | { findings: Finding[] } {
  const read = readDataDocument(repo, file, 'json')
  if ('doc' in read) return read
  return {
    findings: read.findings.map((f) =>
      f.code === 'FILE_MISSING' ? { ...f, code: 'REPORT_MISSING', message: `the ${what} ${file} does not exist` } : f,
    ),
  }
}

const SHAPE = 'write the thresholds as { "<metric path>": { "max": <number> } or { "min": <number> } }'

function check(report: PositionedDocument, thresholds: PositionedDocument): Finding[] {
  const malformed = (keyPath: Array<string | number>, message: string): Finding => ({
    status: 'fail',
    code: 'DATA_UNPARSABLE',
    message: `${thresholds.path}: ${message}; ${SHAPE}`,
    location: thresholds.locate(keyPath).location,
  })
  if (!isRecord(thresholds.value)) return [malformed([], 'the thresholds file is not an object')]
  if (Object.keys(thresholds.value).length === 0) return [malformed([], 'the thresholds file names no metric, so it checks nothing')]
  const findings: Finding[] = []
  for (const [metric, limits] of Object.entries(thresholds.value)) {
    const bounds = isRecord(limits) ? { max: limits.max, min: limits.min } : undefined
    const extra = isRecord(limits) ? Object.keys(limits).filter((k) => k !== 'max' && k !== 'min') : []
    if (!bounds || (bounds.max === undefined && bounds.min === undefined) || extra.length) {
      findings.push(malformed([metric], `"${metric}" needs max and/or min${extra.length ? `, not ${extra.join(', ')}` : ''}`))
      continue
    }
    const badBound = (['max', 'min'] as const).find((b) => bounds[b] !== undefined && typeof bounds[b] !== 'number')
    if (badBound) {
      findings.push(malformed([metric, badBound], `"${metric}".${badBound} is not a number`))
      continue
    }
    const path = parseDataPath(metric)
    if (!path.ok) {
      findings.push({ ...malformed([metric], path.message), location: thresholds.locateKey([metric]) })
      continue
    }
    const resolution = resolveDataPath(report.value, path.segments)
    if (resolution.matches.length === 0) {
      const miss = resolution.misses[0]
      findings.push({
        status: 'fail',
        code: 'METRIC_MISSING',
        message: `metric ${metric} is not in the report ${report.path}`,
        location: report.locate(miss?.keyPath ?? []).location,
      })
      continue
    }
    for (const m of resolution.matches) {
      const label = formatKeyPath(m.keyPath)
      const location = report.locate(m.keyPath).location
      if (typeof m.value !== 'number') {
        findings.push({ status: 'fail', code: 'METRIC_MISSING', message: `metric ${label} is ${describeValue(m.value, isSecretValue(report.path, m.keyPath))}, not a number`, location })
        continue
      }
      const max = bounds.max as number | undefined
      const min = bounds.min as number | undefined
      if (max !== undefined && m.value > max) {
        findings.push({ status: 'fail', code: 'THRESHOLD_EXCEEDED', message: `metric ${label} is ${m.value}, above its max ${max}`, location })
      } else if (min !== undefined && m.value < min) {
        findings.push({ status: 'fail', code: 'THRESHOLD_EXCEEDED', message: `metric ${label} is ${m.value}, below its min ${min}`, location })
      }
    }
  }
  return findings
}
