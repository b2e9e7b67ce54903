// `.env` files with positions: KEY=VALUE lines, optional `export `, `#` comments,
// single, double and backtick quotes (double quotes expand \n, \t, \", \\ and may span
// lines). Each value keeps the 1-based line and column where it starts.

export interface DotenvEntry {
  key: string
  value: string
  /** Where the value starts (its opening quote for a quoted value). */
  line: number
  column: number
  /** Where the key starts. */
  keyLine: number
  keyColumn: number
}

export interface DotenvParse {
  entries: DotenvEntry[]
  /** The first syntax problem, if any: entries after it are not read. */
  problem?: { message: string; line: number; column: number }
}

const ASSIGNMENT = /^(\s*)(export\s+)?([A-Za-z_][A-Za-z0-9_.-]*)(\s*)=(\s*)/

export function parseDotenv(text: string): DotenvParse {
  const lines = text.split(/\r?\n/)
  const entries: DotenvEntry[] = []
  for (let n = 0; n < lines.length; n++) {
    const raw = lines[n]
    const trimmed = raw.trim()
    if (trimmed === '' || trimmed.startsWith('#')) continue
    const m = ASSIGNMENT.exec(raw)
    if (!m) {
      const column = raw.length - raw.trimStart().length + 1
      return { entries, problem: { message: 'expected KEY=VALUE', line: n + 1, column } }
    }
    const key = m[3]
    const keyColumn = m[1].length + (m[2]?.length ?? 0) + 1
    const valueStart = m[0].length
    const rest = raw.slice(valueStart)
    const line = n + 1
    const column = valueStart + 1
    const quote = rest[0]
    if (quote === '"' || quote === "'" || quote === '`') {
      // Scan to the closing quote, across lines if needed.
      let value = ''
      let body = rest.slice(1)
      let endLine = n
      for (;;) {
        let closed = -1
        for (let i = 0; i < body.length; i++) {
          if (quote === '"' && body[i] === '\\' && i + 1 < body.length) {
            const next = body[++i]
            value += next === 'n' ? '\n' : next === 't' ? '\t' : next === 'r' ? '\r' : next
            continue
          }
          if (body[i] === quote) {
            closed = i
            break
          }
          value += body[i]
        }
        if (closed >= 0) {
          const after = body.slice(closed + 1).trim()
          if (after !== '' && !after.startsWith('#')) {
            return { entries, problem: { message: `unexpected text after the closing ${quote}`, line: endLine + 1, column: lines[endLine].indexOf(after) + 1 } }
          }
          break
        }
        if (endLine + 1 >= lines.length) {
          return { entries, problem: { message: `unterminated ${quote} quote`, line, column } }
        }
        value += '\n'
        body = lines[++endLine]
      }
      n = endLine
      entries.push({ key, value, line, column, keyLine: line, keyColumn })
    } else {
      // Unquoted: up to a ` #` comment, trimmed.
      const comment = rest.search(/\s#/)
      const value = (comment >= 0 ? rest.slice(0, comment) : rest).trim()
      entries.push({ key, value, line, column, keyLine: line, keyColumn })
    }
  }
  return { entries }
}

/** The entry that wins for `key`: the last assignment, as shells and dotenv loaders read it. */
export function dotenvLookup(parsed: DotenvParse, key: string): DotenvEntry | undefined {
  for (let i = parsed.entries.length - 1; i >= 0; i--) if (parsed.entries[i].key === key) return parsed.entries[i]
  return undefined
}
