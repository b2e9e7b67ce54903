// `docs`: markdown runbooks: cited paths exist, headings, banned phrases, mentions.
import { z } from 'zod'
import type { AssertionKind } from './types.js'

export const docsOptions = z
  .strictObject({
    files: z.string().min(1).describe('Markdown path or glob'),
    references_exist: z.boolean().optional().describe('Every path the doc cites (links, code spans, code blocks) exists'),
    headings: z.array(z.string()).optional().describe('Headings that must be present (text, any level)'),
    banned: z.array(z.string()).optional().describe('Phrases that must not appear (case-insensitive)'),
    mentions: z
      .array(
        z.union([
          z.string(),
          z.strictObject({
            range: z.tuple([z.number().int(), z.number().int()]),
            format: z.string().optional().describe('How each number is written; {n} is the number (default "{n}")'),
          }),
        ]),
      )
      .optional()
      .describe('Strings, or every number of a range, that must be mentioned as whole tokens'),
  })
  .describe('Markdown docs: cited paths exist, required headings, banned phrases, required mentions')

export type DocsOptions = z.infer<typeof docsOptions>

export const docsKind: AssertionKind<DocsOptions> = {
  kind: 'docs',
  description: 'Markdown: every cited path exists, required headings, banned phrases, required mentions.',
  options: docsOptions,
  needs: 'repository',
  codes: {
    FILE_MISSING: 'No markdown file matches.',
    DOC_REFERENCE_BROKEN: 'The doc cites a path that does not exist.',
    DOC_HEADING_MISSING: 'A required heading is absent.',
    DOC_BANNED_PHRASE: 'The doc contains a banned phrase.',
    DOC_MENTION_MISSING: 'A required mention is absent.',
  },
  evaluate() {
    throw new Error('docs: not implemented yet')
  },
}
