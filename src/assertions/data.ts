// `data`: a value inside a YAML, JSON or .env file, addressed by path.
import { z } from 'zod'
import { templatable } from '../matrix/template-schema.js'
import type { AssertionKind } from './types.js'

const COMPARATORS = ['equals', 'one_of', 'includes', 'matches', 'exists', 'absent', 'lte', 'gte'] as const

export const dataOptions = z
  .strictObject({
    file: z.string().min(1).describe('The data file, relative to the repository root'),
    format: z.enum(['json', 'yaml', 'env']).optional().describe('Default: from the extension; no extension reads as JSON'),
    path: z.string().min(1).describe('a.b, a[0], a[*].b, ["key.with.dots"]; for .env files the variable name'),
    equals: z.unknown().optional().describe('The value must equal this (deep)'),
    one_of: templatable(z.array(z.unknown())).optional().describe('The value must equal one of these'),
    includes: z.unknown().optional().describe('The value (a list, or the matches of a wildcard) must contain this'),
    matches: z.string().optional().describe('The value, as text, must match this regex'),
    exists: z.literal(true).optional().describe('The path must exist'),
    absent: z.literal(true).optional().describe('The path must not exist'),
    lte: templatable(z.number()).optional().describe('The number must be at most this'),
    gte: templatable(z.number()).optional().describe('The number must be at least this'),
  })
  .superRefine((o, ctx) => {
    const given = COMPARATORS.filter((c) => (o as Record<string, unknown>)[c] !== undefined)
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: given.length === 0
          ? `data needs one of ${COMPARATORS.join(', ')}`
          : `data takes one comparison, got ${given.join(' and ')}; write one assertion each`,
      })
    }
  })
  .describe('A value inside a YAML, JSON or .env file, by path')

export type DataOptions = z.infer<typeof dataOptions>

export const dataKind: AssertionKind<DataOptions> = {
  kind: 'data',
  description: 'A value inside a YAML, JSON or .env file, by path: equals, one_of, includes, matches, exists, absent, lte, gte.',
  options: dataOptions,
  needs: 'repository',
  codes: {
    FILE_MISSING: 'The data file does not exist.',
    DATA_UNPARSABLE: 'The data file is not valid YAML, JSON or .env.',
    PATH_NOT_FOUND: 'The path does not exist in the data file.',
    VALUE_MISMATCH: 'The value does not satisfy the comparison.',
    VALUE_FORBIDDEN: 'The path exists but must be absent.',
  },
  evaluate() {
    throw new Error('data: not implemented yet')
  },
}
