// `file`: a path or glob exists (or is absent); its lines contain / do not contain a regex.
import { z } from 'zod'
import type { AssertionKind } from './types.js'

export const fileOptions = z
  .strictObject({
    path: z.string().min(1).describe('Path or glob, relative to the repository root'),
    exists: z.boolean().optional().describe('Whether a matching file must exist (default true); false: none may'),
    contains: z.string().optional().describe('Regex that must match at least one line of every matching file'),
    not_contains: z.string().optional().describe('Regex that must match no line of any matching file'),
  })
  .describe('A path or glob exists or is absent; its lines contain or do not contain a pattern')

export type FileOptions = z.infer<typeof fileOptions>

export const fileKind: AssertionKind<FileOptions> = {
  kind: 'file',
  description: 'A path or glob exists or is absent; its lines contain or do not contain a regex.',
  options: fileOptions,
  needs: 'repository',
  codes: {
    FILE_MISSING: 'No file matches the path or glob that must exist.',
    FILE_FORBIDDEN: 'A file exists that must be absent.',
    PATTERN_FORBIDDEN: 'A line matches a `not_contains` pattern.',
    PATTERN_MISSING: 'No line matches a `contains` pattern.',
    FILE_UNREADABLE: 'The file is binary, too large, or outside the repository.',
  },
  evaluate() {
    throw new Error('file: not implemented yet')
  },
}
