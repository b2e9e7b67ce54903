import { shellTokens } from '../../src/repo/shell-tokens.js'
import { ignoredFailures } from '../../src/gates/support/ignored-failures.js'

/** The statement-level words of a script, or its syntax error. */
function words(script: string): string[] | string {
  const t = shellTokens(script)
  return t.ok ? t.tokens.filter((x) => x.kind === 'word').map((x) => x.text) : `${t.offset}: ${t.reason}`
}

function found(script: string): string[] {
  const t = shellTokens(script)
  if (!t.ok) throw new Error(t.reason)
  return ignoredFailures(t.tokens).map((f) => `${f.offset} ${f.what}`)
}

describe('shell tokens', () => {
  it('keeps a substitution inside its word and skips heredoc bodies, quoted delimiters included', () => {
    expect(words('V=$(a || true) b\ncat <<"E O"\nx || true\nE O\nc')).toEqual(['V=$(a || true)', 'b', 'cat', 'c'])
  })

  it('reads an unterminated heredoc to the end, as bash does', () => {
    expect(found('cat <<EOF\nmake || true\n')).toEqual([])
  })

  it('takes << in arithmetic as a shift, not a heredoc', () => {
    expect(found('N=$(( 1 << 2 ))\nmake || true')).toEqual(['21 || true'])
  })

  it('refuses nesting past its bound instead of recursing without end', () => {
    expect(words('$('.repeat(100) + ')'.repeat(100))).toMatch(/nests substitutions more than 64 deep/)
    expect(words('${'.repeat(100) + '}'.repeat(100))).toMatch(/nests expansions more than 64 deep/)
  })

  it('names the construct left open and where it starts', () => {
    expect(words("ok\necho 'it")).toBe('8: a single quote is never closed')
    expect(words('echo `date')).toBe('5: a backtick substitution is never closed')
    expect(words('echo ${X')).toBe('5: a `${` is never closed')
  })
})
