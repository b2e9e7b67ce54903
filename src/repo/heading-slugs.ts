// The anchors GitHub gives a rendered markdown file's headings (github-slugger's rules):
// lower-case, every character that is not a letter, mark, digit, connector (`_`), `-` or
// space dropped, each space a `-`; a repeated slug gets `-1`, `-2`, … in document order.
import type { MarkdownHeading } from './markdown.js'

export function headingSlug(text: string): string {
  return text.toLowerCase().replace(/[^\p{L}\p{M}\p{N}\p{Pc}\- ]/gu, '').replace(/ /g, '-')
}

/** Every heading's anchor, in document order. */
export function headingSlugs(headings: readonly MarkdownHeading[]): string[] {
  const seen = new Map<string, number>()
  const out: string[] = []
  for (const h of headings) {
    const base = headingSlug(h.text)
    let slug = base
    let n = seen.get(base) ?? 0
    // A heading literally named `x-1` also occupies that slug, so keep counting past it.
    while (seen.has(slug)) slug = `${base}-${++n}`
    seen.set(base, n)
    seen.set(slug, seen.get(slug) ?? 0)
    out.push(slug)
  }
  return out
}
