// Splitting a string into literal text and `${{ … }}` expressions, as GitHub's template
// reader does: an expression ends at the first `}}` outside a single-quoted string
// ('' escapes a quote). A scanner rather than a regex: it runs in linear time on any input.

export type TemplatePart = { kind: 'text'; text: string } | { kind: 'expression'; source: string }

/** The parts of `value`, or an error message when a `${{` is never closed. */
export function splitTemplate(value: string): { parts: TemplatePart[] } | { error: string } {
  const parts: TemplatePart[] = []
  let pos = 0
  while (pos < value.length) {
    const open = value.indexOf('${{', pos)
    if (open === -1) break
    if (open > pos) parts.push({ kind: 'text', text: value.slice(pos, open) })
    const close = findClose(value, open + 3)
    if (close === -1) {
      return { error: `"${value.slice(open, open + 40)}" opens \${{ without a closing }}` }
    }
    parts.push({ kind: 'expression', source: value.slice(open + 3, close).trim() })
    pos = close + 2
  }
  if (pos < value.length) parts.push({ kind: 'text', text: value.slice(pos) })
  return { parts }
}

function findClose(value: string, from: number): number {
  let inString = false
  for (let i = from; i < value.length; i++) {
    const c = value[i]
    if (inString) {
      if (c === "'") {
        if (value[i + 1] === "'") i++
        else inString = false
      }
    } else if (c === "'") inString = true
    else if (c === '}' && value[i + 1] === '}') return i
  }
  return -1
}

export function hasExpression(value: string): boolean {
  return value.includes('${{')
}

/** The source of the one expression `value` consists of (whitespace around it aside),
 * or null when `value` is anything else. */
export function wholeExpression(value: string): string | null {
  const split = splitTemplate(value)
  if ('error' in split) return null
  const expressions = split.parts.filter((p) => p.kind === 'expression')
  if (expressions.length !== 1) return null
  if (split.parts.some((p) => p.kind === 'text' && p.text.trim() !== '')) return null
  return expressions[0].source
}
