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
    expect(found('(( n = 1 << 2 ))\nmake || true')).toEqual(['22 || true'])
    expect(words('for ((i = 0; i < 2; i++)); do a; done')).toEqual(['for', '((i = 0; i < 2; i++))', 'do', 'a', 'done'])
  })

  it('judges the whole alternative after ||, as bash groups a || b && c', () => {
    expect(found('make || true && deploy')).toEqual(['5 || true'])
    expect(found('make || "true"')).toEqual(['5 || true'])
    expect(found('make || { echo warn; }')).toEqual(['5 || { … }'])
    expect(found('make || (exit 0)')).toEqual(['5 || ( … )'])
    expect(found('make || { echo x; exit 1; }')).toEqual([])
    expect(found('make || echo failed && exit 1')).toEqual([])
    expect(found('make || ! false')).toEqual(['5 || false'])
  })

  it('lets set +e pass only when the status is assigned, exited with or tested', () => {
    expect(found('set +e; make; echo "exited $?"; set -e')).toEqual(['0 set +e'])
    expect(found('set +e; make; rc=$?; set -e')).toEqual([])
    expect(found('set +e; make; if [ "$?" -ne 0 ]; then exit 1; fi; set -e')).toEqual([])
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
