// A markdown doc parsed once per reader for each way it is read: with code tokens (paths in
// code spans and blocks) or links only. Headings are the same either way, so a reader that
// needs only headings takes the links reading and shares it with `docs` gates.
import { type MarkdownDocument, parseMarkdown } from '../../repo/markdown.js'
import type { RepoReader } from '../../repo/reader.js'

export type MarkdownReadingKind = 'markdown' | 'markdown-links'

export function markdownReading(withCode: boolean): MarkdownReadingKind {
  return withCode ? 'markdown' : 'markdown-links'
}

export function readMarkdown(repo: RepoReader, file: string, text: string, withCode: boolean): MarkdownDocument {
  return repo.memo(markdownReading(withCode), file, () => parseMarkdown(file, text, { code: withCode }))
}
