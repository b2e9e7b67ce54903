// `threshold`: a metrics report against a thresholds file.
import { z } from 'zod'
import type { AssertionKind } from './types.js'

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
  codes: {
    REPORT_MISSING: 'The report or the thresholds file does not exist.',
    THRESHOLD_EXCEEDED: 'A metric is above its max or below its min.',
    METRIC_MISSING: 'A metric named in the thresholds is absent from the report, or not a number.',
    DATA_UNPARSABLE: 'The report or the thresholds file is not valid JSON of the expected shape.',
  },
  evaluate() {
    throw new Error('threshold: not implemented yet')
  },
}
