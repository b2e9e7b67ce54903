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
  for (const [i, t] of tokens.entries()) {
    if (t.kind !== 'op' || t.text !== '||') continue
    // Right of `||`: an alternative that always succeeds discards the failure, unless a later
    // `&& exit 1` fails anyway (bash reads `a || b && c` as `(a || b) && c`).
    const alternative = pipelineAt(tokens, skipNewlines(tokens, i + 1), tokens.length)
    if (alternative.outcome !== 'succeeds') continue
    if (chain(tokens, alternative.end, tokens.length, 'succeeds').outcome === 'fails') continue
    out.push({ offset: t.offset, what: `|| ${alternative.what}` })
  }
  const commands = commandsOf(tokens)
  const named = commands.map((c) => {
    const words = c.words.map((w) => w.text)
    let k = 0
    while (k < words.length && RESERVED.has(words[k])) k++
    return { words, k }
  })
  for (const [index, command] of commands.entries()) {
    const { words, k } = named[index]
    if (words[k] === 'set' && errexitOption(words.slice(k + 1), '+') && !capturesStatus(named.slice(index + 1))) {
      out.push({ offset: command.words[k].offset, what: 'set +e' })
    }
  }
  return out.sort((x, y) => x.offset - y.offset)
}

/** What a command's status is, whatever runs: `true` succeeds, `exit 1` fails, most commands may do either. */
type Outcome = 'succeeds' | 'fails' | 'either'

interface Judged {
  outcome: Outcome
  /** Index of the token after it. */
  end: number
  /** How it is written in messages: `true`, `exit 0`, `{ … }`. */
  what: string
}

const unquote = (w: string | undefined): string | undefined => w?.replace(/\\(.)|["']/g, '$1')
const SEPARATORS = new Set([';', '\n', '&', ';;', ';&'])

function skipNewlines(tokens: ShellToken[], i: number): number {
  while (tokens[i]?.kind === 'op' && tokens[i].text === '\n') i++
  return i
}

function combine(left: Outcome, op: string, right: Outcome): Outcome {
  if (op === '&&') return left === 'fails' ? 'fails' : right === 'fails' ? 'fails' : left === 'succeeds' ? right : 'either'
  return left === 'succeeds' ? 'succeeds' : left === 'fails' ? right : right === 'succeeds' ? 'succeeds' : 'either'
}

/** The `&&` / `||` operators after a pipeline, applied to `outcome`. */
function chain(tokens: ShellToken[], i: number, to: number, outcome: Outcome): { outcome: Outcome; end: number } {
  while (i < to && tokens[i].kind === 'op' && (tokens[i].text === '&&' || tokens[i].text === '||')) {
    const op = tokens[i].text
    const next = pipelineAt(tokens, skipNewlines(tokens, i + 1), to)
    outcome = combine(outcome, op, next.outcome)
    i = next.end
  }
  return { outcome, end: i }
}

/** A pipeline: its last command's status (`!` inverts it). */
function pipelineAt(tokens: ShellToken[], i: number, to: number): Judged {
  let negate = false
  while (i < to && tokens[i].kind === 'word' && (tokens[i].text === '!' || tokens[i].text === 'time')) {
    if (tokens[i].text === '!') negate = !negate
    i++
  }
  let command = commandAt(tokens, i, to)
  while (command.end < to && tokens[command.end].kind === 'op' && (tokens[command.end].text === '|' || tokens[command.end].text === '|&')) {
    command = commandAt(tokens, skipNewlines(tokens, command.end + 1), to)
  }
  if (!negate || command.outcome === 'either') return command
  return { ...command, outcome: command.outcome === 'succeeds' ? 'fails' : 'succeeds' }
}

/** A simple command, a `{ …; }` group or a `( … )` subshell: a group's status is its last command's. */
function commandAt(tokens: ShellToken[], i: number, to: number): Judged {
  const t = tokens[i]
  const group = t?.kind === 'op' && t.text === '(' ? ['(', ')'] : t?.kind === 'word' && t.text === '{' ? ['{', '}'] : null
  if (group) {
    let depth = 0
    let j = i
    for (; j < to; j++) {
      if (tokens[j].text === group[0]) depth++
      else if (tokens[j].text === group[1] && --depth === 0) break
    }
    if (j >= to) return { outcome: 'either', end: to, what: group[0] }
    const inner = listOutcome(tokens, i + 1, j)
    return { outcome: inner, end: skipRedirections(tokens, j + 1, to), what: `${group[0]} … ${group[1]}` }
  }
  const words: string[] = []
  let j = i
  while (j < to && tokens[j].kind !== 'op') {
    if (tokens[j].kind === 'redir') j += tokens[j + 1]?.kind === 'word' ? 2 : 1
    else words.push(tokens[j++].text)
  }
  const [name, arg] = [unquote(words[0]), unquote(words[1])]
  if (name === undefined) return { outcome: 'either', end: j, what: '' }
  if (SUCCEEDS.has(name)) return { outcome: 'succeeds', end: j, what: name }
  if (name === 'false' || name === '/bin/false' || name === '/usr/bin/false') return { outcome: 'fails', end: j, what: name }
  if (name === 'exit' || name === 'return') {
    const outcome: Outcome = arg === '0' ? 'succeeds' : arg !== undefined && /^[0-9]+$/.test(arg) ? 'fails' : 'either'
    return { outcome, end: j, what: `${name} ${arg ?? ''}`.trim() }
  }
  return { outcome: 'either', end: j, what: name }
}

function skipRedirections(tokens: ShellToken[], i: number, to: number): number {
  while (i < to && tokens[i].kind === 'redir') i += tokens[i + 1]?.kind === 'word' ? 2 : 1
  return i
}

/** The status of a list (a group's body): its last and-or list's. */
function listOutcome(tokens: ShellToken[], from: number, to: number): Outcome {
  let outcome: Outcome = 'either'
  let i = from
  while (i < to) {
    if (tokens[i].kind === 'op' && SEPARATORS.has(tokens[i].text)) {
      i++
      continue
    }
    const first = pipelineAt(tokens, i, to)
    const list = chain(tokens, first.end, to, first.outcome)
    outcome = list.outcome
    // Never stall on a token no command starts with (a stray `)`).
    i = Math.max(list.end, i + 1)
  }
  return outcome
}

/** Names that declare a variable: `local rc=$?` assigns the status too. */
const DECLARES = new Set(['local', 'declare', 'typeset', 'export', 'readonly'])
/** Words that end a compound command, and commands that end the script: neither leaves a status unread. */
const ENDS = new Set(['fi', 'done', 'esac', '}', 'exit', 'return'])

/** Whether a command reads `$?`: assigns it (`rc=$?`), exits with it (`exit $?`) or tests it (`[ $? -ne 0 ]`). */
function readsStatus(c: { words: string[]; k: number }): boolean {
  const status = (w: string | undefined) => w !== undefined && /^("?)\$(\?|\{\?\})\1$/.test(w)
  const assigns = (w: string | undefined) => w !== undefined && /^[A-Za-z_][A-Za-z0-9_]*=("?)\$(\?|\{\?\})\1$/.test(w)
  const name = c.words[c.k]
  if (assigns(name)) return true
  if (DECLARES.has(name)) return c.words.slice(c.k + 1).some(assigns)
  if (name === 'exit' || name === 'return') return status(c.words[c.k + 1])
  if (name === '[' || name === '[[' || name === 'test') return c.words.slice(c.k + 1).some(status)
  return name.startsWith('((') && /\$(\?|\{\?\})/.test(name)
}

/**
 * The idiom `set +e; cmd; status=$?; set -e` (then judging `status`): errexit comes back,
 * and every command run without it has its status read by the command right after it.
 */
function capturesStatus(after: Array<{ words: string[]; k: number }>): boolean {
  const commands = after.filter((c) => c.words.length > c.k)
  const back = commands.findIndex((c) => c.words[c.k] === 'set' && errexitOption(c.words.slice(c.k + 1), '-'))
  if (back <= 0) return false
  const between = commands.slice(0, back).filter((c) => !ENDS.has(c.words[c.k]) || readsStatus(c))
  return between.every((c, i) => readsStatus(c) || (i + 1 < between.length && readsStatus(between[i + 1])))
}

/**
 * Whether options turn errexit on (`sign` `-`: `-e`, `-eu`, `-o errexit`) or off (`+`: `+e`, `+o errexit`),
 * as `set` and a shell's command line (`bash -e {0}`) spell them; `--noprofile` is not `-e`.
 */
export function errexitOption(args: string[], sign: '-' | '+'): boolean {
  return args.some((a, i) => (a[0] === sign && /^[a-zA-Z]*e/.test(a.slice(1))) || (a === `${sign}o` && args[i + 1] === 'errexit'))
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
