// Which numbers of a `docs` mention range a text mentions, in one pass over the text.
// Searching the text once per number costs range size × text length (10,000 numbers
// over a 4 MB line of digits took 46 s). A number written by a format whose `{n}` has no
// digit beside it is always a maximal run of digits in the text, so the runs are the
// only candidates: each is checked against the format around it, with the same
// whole-token rule as a single mention.

const WORD = /[A-Za-z0-9_]/
const DIGIT = /[0-9]/

function isWord(c: string | undefined): boolean {
  return c !== undefined && WORD.test(c)
}

/** The numbers in [from, to] that `text` mentions as `format` ({n} the number), or null
 * when the format is not one this pass can judge (no single {n}, or a digit beside it). */
export function rangeMentions(text: string, format: string, from: number, to: number): Set<number> | null {
  const at = format.indexOf('{n}')
  if (at < 0 || format.indexOf('{n}', at + 3) >= 0) return null
  const prefix = format.slice(0, at)
  const suffix = format.slice(at + 3)
  if (DIGIT.test(prefix.slice(-1)) || DIGIT.test(suffix.slice(0, 1))) return null
  const found = new Set<number>()
  const runs = /[0-9]+/g
  for (let run = runs.exec(text); run; run = runs.exec(text)) {
    const digits = run[0]
    const value = Number(digits)
    // Only the canonical writing of a number mentions it ("0305" is not 305).
    if (String(value) !== digits) continue
    const candidates = text[run.index - 1] === '-' ? [value, -value] : [value]
    for (const n of candidates) {
      if (n < from || n > to || found.has(n)) continue
      const token = prefix + String(n) + suffix
      const start = run.index - (n < 0 ? 1 : 0) - prefix.length
      if (start < 0 || !text.startsWith(token, start)) continue
      const end = start + token.length
      if (isWord(token[0]) && isWord(text[start - 1])) continue
      if (isWord(token[token.length - 1]) && isWord(text[end])) continue
      found.add(n)
    }
  }
  return found
}
