// A string option may hold `${{ … }}`; a value that is exactly one expression takes the
// expression's value (a list, a number), so such options accept either form.
import * as z from 'zod'
import { wholeExpression } from '../core/template.js'

/** A cheap shape check (also the JSON Schema `pattern`); `expressionString` then insists on
 * exactly one expression, so `${{ a }}-${{ b }}` (text) is not taken for a value. */
export const WHOLE_EXPRESSION = /^\s*\$\{\{[\s\S]*\}\}\s*$/

export const expressionString = z
  .string()
  .regex(WHOLE_EXPRESSION, 'expected a value or one ${{ … }} expression')
  .refine((s) => !WHOLE_EXPRESSION.test(s) || wholeExpression(s) !== null, 'expected one ${{ … }} expression, not text around expressions')
  .describe('A ${{ … }} expression whose value is used as it is')

/** `schema`, or one `${{ … }}` expression that evaluates to it. */
export function templatable<T extends z.ZodType>(schema: T) {
  return z.union([schema, expressionString])
}

export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'expected a date as YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'not a calendar date')
