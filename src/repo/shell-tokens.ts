// A small shell tokenizer: the words and operators of a `run:` script at statement level.
// What a command substitution, backticks, a quoted string, a comment or a heredoc body holds
// is skipped, not tokenized: none of it is a statement of the script itself. One pass,
// linear in the script's length; recursion only as deep as the script nests `$(`, `${`, backticks.

export interface ShellToken {
  /** `op`: `||`, `&&`, `|`, `;`, `&`, `(`, `)`, a newline…; `redir`: `>`, `2>&1`'s `>&`, `<<`… */
  kind: 'word' | 'op' | 'redir'
  text: string
  /** Offset of the token's first character in the script. */
  offset: number
}

export type ShellTokens = { ok: true; tokens: ShellToken[] } | { ok: false; offset: number; reason: string }

/** Nesting beyond this is refused (a real script nests a few levels), so recursion stays bounded. */
const MAX_DEPTH = 64

export function shellTokens(script: string): ShellTokens {
  const scanner = new Scanner(script)
  try {
    scanner.commands(null, 0, 0)
  } catch (e) {
    if (e instanceof ShellSyntaxError) return { ok: false, offset: e.offset, reason: e.message }
    throw e
  }
  return { ok: true, tokens: scanner.tokens }
}

class ShellSyntaxError extends Error {
  constructor(readonly offset: number, message: string) {
    super(message)
  }
}

const SPACE = new Set([' ', '\t', '\r'])
/** Characters that end an unquoted word. */
const META = new Set([' ', '\t', '\r', '\n', ';', '&', '|', '(', ')', '<', '>'])

class Scanner {
  i = 0
  readonly tokens: ShellToken[] = []
  /** Heredocs opened on the current line, whose bodies start after its newline. */
  private pending: Array<{ delimiter: string; stripTabs: boolean }> = []

  constructor(private readonly s: string) {}

  /**
   * Commands until `close`: `)` ends a `$(…)` (at its own parenthesis depth), a backtick
   * ends a backtick substitution, null the script. Tokens are kept only at depth 0.
   */
  commands(close: ')' | '`' | null, depth: number, start: number): void {
    if (depth > MAX_DEPTH) throw new ShellSyntaxError(start, `the script nests substitutions more than ${MAX_DEPTH} deep`)
    const s = this.s
    let parens = 0
    while (this.i < s.length) {
      const c = s[this.i]
      const at = this.i
      if (close === '`' && c === '`') {
        this.i++
        return
      }
      if (close === ')' && c === ')' && parens === 0) {
        this.i++
        return
      }
      if (SPACE.has(c)) this.i++
      else if (c === '\\' && s[at + 1] === '\n') this.i += 2
      else if (c === '\n') {
        this.i++
        this.emit(depth, 'op', '\n', at)
        this.bodies()
      } else if (c === '#') {
        // Only reached at the start of a word: a comment to the end of the line.
        const nl = s.indexOf('\n', at)
        this.i = nl === -1 ? s.length : nl
      } else if (c === '(' && s[at + 1] === '(') {
        // `((…))` (and `for ((…))`): arithmetic, one word, like `$((…))`; its `<<` is a shift.
        this.arithmetic(at)
        this.emit(depth, 'word', s.slice(at, this.i), at)
      } else if (c === '(' || c === ')') {
        // An unmatched `)` at top level is a `case` pattern's: nothing to balance.
        if (c === '(') parens++
        else if (parens > 0) parens--
        this.i++
        this.emit(depth, 'op', c, at)
      } else if (c === ';' || c === '&' || c === '|') {
        const two = s.slice(at, at + 2)
        const op = ['||', '&&', ';;', '|&', ';&'].includes(two) ? two : c
        this.i += op.length
        this.emit(depth, 'op', op, at)
      } else if (c === '<' || c === '>') this.redirect(depth)
      else this.word(close, depth)
    }
    if (close === ')') throw new ShellSyntaxError(start, 'a `$(` is never closed')
    if (close === '`') throw new ShellSyntaxError(start, 'a backtick substitution is never closed')
  }

  private emit(depth: number, kind: ShellToken['kind'], text: string, offset: number): void {
    if (depth === 0) this.tokens.push({ kind, text, offset })
  }

  private word(close: ')' | '`' | null, depth: number): void {
    const s = this.s
    const start = this.i
    while (this.i < s.length) {
      const c = s[this.i]
      if (META.has(c) || (c === '`' && close === '`')) break
      if (c === ')' && close === ')') break
      this.quoted(depth)
    }
    this.emit(depth, 'word', s.slice(start, this.i), start)
  }

  /** One unit of a word: a character, an escape, a quoted string or an expansion. */
  private quoted(depth: number): void {
    const s = this.s
    const at = this.i
    const c = s[at]
    if (c === '\\') this.i += 2
    else if (c === "'") this.single(at)
    else if (c === '"') this.double(depth)
    else if (c === '`') {
      this.i++
      this.commands('`', depth + 1, at)
    } else if (c === '$' && s[at + 1] === "'") {
      this.i++
      this.ansi(at)
    } else if (c === '$' && s.startsWith('((', at + 1)) this.arithmetic(at)
    else if (c === '$' && s[at + 1] === '(') {
      this.i += 2
      this.commands(')', depth + 1, at)
    } else if (c === '$' && s[at + 1] === '{') this.brace(depth)
    else this.i++
  }

  private single(start: number): void {
    const end = this.s.indexOf("'", start + 1)
    if (end === -1) throw new ShellSyntaxError(start, 'a single quote is never closed')
    this.i = end + 1
  }

  /** `$'…'`: backslash escapes, including `\'`. */
  private ansi(start: number): void {
    const s = this.s
    this.i++
    while (this.i < s.length) {
      if (s[this.i] === '\\') this.i += 2
      else if (s[this.i] === "'") {
        this.i++
        return
      } else this.i++
    }
    throw new ShellSyntaxError(start, "a $' quote is never closed")
  }

  private double(depth: number): void {
    const s = this.s
    const start = this.i
    this.i++
    while (this.i < s.length) {
      const c = s[this.i]
      if (c === '"') {
        this.i++
        return
      }
      if (c === '\\') this.i += 2
      else if (c === '`' || c === '$') this.quoted(depth + 1)
      else this.i++
    }
    throw new ShellSyntaxError(start, 'a double quote is never closed')
  }

  /** `${…}`: quotes and expansions inside, no comments. */
  private brace(depth: number): void {
    const s = this.s
    const start = this.i
    this.i += 2
    while (this.i < s.length) {
      if (s[this.i] === '}') {
        this.i++
        return
      }
      if (depth > MAX_DEPTH) throw new ShellSyntaxError(start, `the script nests expansions more than ${MAX_DEPTH} deep`)
      this.quoted(depth + 1)
    }
    throw new ShellSyntaxError(start, 'a `${` is never closed')
  }

  /** `$((…))` or `((…))` at `start`: arithmetic holds no commands (and its `<<` is a shift, not a heredoc). */
  private arithmetic(start: number): void {
    const s = this.s
    let parens = 0
    this.i = s[start] === '$' ? start + 1 : start
    while (this.i < s.length) {
      const c = s[this.i++]
      if (c === '(') parens++
      else if (c === ')' && --parens === 0) return
    }
    throw new ShellSyntaxError(start, s[start] === '$' ? 'a `$((` is never closed' : 'a `((` is never closed')
  }

  private redirect(depth: number): void {
    const s = this.s
    const at = this.i
    if (s.startsWith('<<<', at)) {
      this.i += 3
      this.emit(depth, 'redir', '<<<', at)
      return
    }
    if (s.startsWith('<<', at)) {
      this.i += 2
      const stripTabs = s[this.i] === '-'
      if (stripTabs) this.i++
      while (this.i < s.length && SPACE.has(s[this.i])) this.i++
      const wordStart = this.i
      while (this.i < s.length && !META.has(s[this.i])) this.quoted(depth + 1)
      // The delimiter is the word with its quotes removed (quoting it only stops expansion in the body).
      const delimiter = s.slice(wordStart, this.i).replace(/\\(.)|['"]/g, '$1')
      if (!delimiter) throw new ShellSyntaxError(at, 'a heredoc `<<` names no delimiter')
      this.pending.push({ delimiter, stripTabs })
      this.emit(depth, 'redir', stripTabs ? '<<-' : '<<', at)
      return
    }
    if (s[at + 1] === '(') {
      // `<(…)` / `>(…)`: process substitution, a value like `$(…)`.
      this.i += 2
      this.commands(')', depth + 1, at)
      return
    }
    const op = /^(?:>>|>&|<&|<>|>\||[<>])/.exec(s.slice(at, at + 2))?.[0] ?? s[at]
    this.i += op.length
    this.emit(depth, 'redir', op, at)
  }

  /** Skips the bodies of the heredocs opened on the line just ended; one left open runs to the end, as in bash. */
  private bodies(): void {
    const s = this.s
    for (const { delimiter, stripTabs } of this.pending) {
      while (this.i < s.length) {
        const nl = s.indexOf('\n', this.i)
        const end = nl === -1 ? s.length : nl
        const line = s.slice(this.i, end).replace(/\r$/, '')
        this.i = nl === -1 ? s.length : nl + 1
        if ((stripTabs ? line.replace(/^\t+/, '') : line) === delimiter) break
      }
    }
    this.pending = []
  }
}
