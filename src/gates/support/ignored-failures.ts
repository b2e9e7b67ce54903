// Where a `run:` script discards a failure at statement level: `cmd || true` (or `:`,
// `exit 0`, an `echo`), and `set +e`. Only the script's own statements count (shell-tokens
// skips substitutions, quoted strings such as a `trap '…'` handler, comments and heredoc bodies):
// a `$(… || true)` discards the failure of a value, not of the step.
import type { ShellToken } from '../../repo/shell-tokens.js'

export interface IgnoredFailure {
  /** Offset in the script of the `||` or of `set`. */
  offset: number
  /** What discards it, as written in messages: `|| true`, `set +e`. */
  what: string
}

/** Words that open a compound command or a branch: the command proper starts after them. */
const RESERVED = new Set(['if', 'then', 'else', 'elif', 'while', 'until', 'do', '!', '{', 'time'])
/** Commands that always succeed, so `cmd || X` succeeds whatever cmd did. */
const SUCCEEDS = new Set(['true', ':', '/bin/true', '/usr/bin/true', 'echo', 'printf'])
const CONTINUES = new Set(['||', '&&', '|', '|&'])

interface Command {
  words: ShellToken[]
  /** The operator before it (`||`, `;`, newline…), null at the start. */
  before: ShellToken | null
  after: ShellToken | null
}

export function ignoredFailures(tokens: ShellToken[]): IgnoredFailure[] {
  const out: IgnoredFailure[] = []
  const commands = commandsOf(tokens)
  const named = commands.map((c) => {
    const words = c.words.map((w) => w.text)
    let k = 0
    while (k < words.length && RESERVED.has(words[k])) k++
    return { words, k }
  })
  for (const [index, command] of commands.entries()) {
    const { words, k } = named[index]
    const name = words[k]
    if (name === undefined) continue
    // Right of `||` the first word counts as it is: `|| { echo …; exit 1; }` fails the step.
    const alternative = words[0]
    if (command.before?.text === '||' && command.after?.text !== '&&') {
      const discards = SUCCEEDS.has(alternative) || (alternative === 'exit' && words[1] === '0')
      if (discards) out.push({ offset: command.before.offset, what: `|| ${alternative === 'exit' ? 'exit 0' : alternative}` })
    }
    if (name === 'set' && turnsOffErrexit(words.slice(k + 1)) && !capturesStatus(named.slice(index + 1))) {
      out.push({ offset: command.words[k].offset, what: 'set +e' })
    }
  }
  return out
}

/**
 * The idiom `set +e; cmd; status=$?; set -e` (then judging `status`): errexit comes back,
 * and every command run without it has its status read by the command right after it.
 */
function capturesStatus(after: Array<{ words: string[]; k: number }>): boolean {
  const reads = (c: { words: string[] }) => c.words.some((w) => w.includes('$?'))
  const commands = after.filter((c) => c.words.length > c.k)
  const back = commands.findIndex((c) => c.words[c.k] === 'set' && turnsOnErrexit(c.words.slice(c.k + 1)))
  if (back <= 0) return false
  const between = commands.slice(0, back)
  return between.every((c, i) => reads(c) || (i + 1 < between.length && reads(between[i + 1])))
}

function turnsOnErrexit(args: string[]): boolean {
  return args.some((a, i) => /^-[a-zA-Z]*e/.test(a) || (a === '-o' && args[i + 1] === 'errexit'))
}

/** `set +e`, `set +eu`, `set +o errexit`. */
function turnsOffErrexit(args: string[]): boolean {
  return args.some((a, i) => /^\+[a-zA-Z]*e/.test(a) || (a === '+o' && args[i + 1] === 'errexit'))
}

/** Simple commands: words between control operators, without redirections and their targets. */
function commandsOf(tokens: ShellToken[]): Command[] {
  const out: Command[] = []
  let current: Command = { words: [], before: null, after: null }
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    if (t.kind === 'redir') {
      if (tokens[i + 1]?.kind === 'word') i++
      continue
    }
    if (t.kind === 'word') {
      current.words.push(t)
      continue
    }
    // A newline right after `||`, `&&` or `|` continues the list: `cmd ||` ⏎ `true`.
    if (t.text === '\n' && !current.words.length && current.before && CONTINUES.has(current.before.text)) continue
    current.after = t
    out.push(current)
    current = { words: [], before: t, after: null }
  }
  out.push(current)
  return out
}
