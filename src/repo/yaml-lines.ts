// A line scanner for the block YAML most workflows are written in: block mappings and
// sequences, one-line plain and quoted scalars, literal blocks, one-line flow lists and
// simple flow maps. It gives the very tree the js-yaml event path gives (same nodes,
// offsets, styles and values, checked against it on the bench's and the corpus's files),
// in about half the time of a bare js-yaml load; anything else it meets (an anchor, a tag, a folded block, a
// plain scalar over several lines, an escape, a tab, a second document…) makes it give up,
// and the file takes the event path. It never refuses a file: only the other paths judge.
import { LazyMap, LazySeq, plainValue, type YamlNode, type YamlScalar } from './yaml-nodes.js'

/** Thrown where the text leaves the subset this scanner reads. */
class Outside extends Error {}
const OUTSIDE = new Outside()

const SPACE = 0x20
const HASH = 0x23
const COLON = 0x3a
const DASH = 0x2d
const NEWLINE = 0x0a

/** Characters a plain scalar (or key) may not start with here: YAML's indicators, and `-`. */
const NOT_PLAIN_START = new Set('-?:,[]{}#&*!|>\'"%@`'.split('').map((c) => c.charCodeAt(0)))

/** Tabs, carriage returns, a byte-order mark, control characters, a lone surrogate: the event path reads them. */
// eslint-disable-next-line no-control-regex
const UNREAD = /[\t\r\uFEFF\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F\u2028\u2029\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/**
 * The tree of `src`, or undefined when it is not in this scanner's subset (the caller then
 * takes the event path, which also judges every error).
 */
export function lineTree(src: string): YamlNode | undefined {
  if (src.length === 0 || UNREAD.test(src) || src.charCodeAt(src.length - 1) !== NEWLINE) return undefined
  try {
    return new Scanner(src).document()
  } catch (e) {
    if (e === OUTSIDE) return undefined
    throw e
  }
}

class Scanner {
  /** Offsets of each line's first character; a last entry one past the final newline. */
  private readonly starts: number[] = [0]
  /** Each line's leading spaces. */
  private readonly leads: number[] = []
  /** Each line's indentation, or -1 for a blank or comment-only line. */
  private readonly indents: number[] = []

  constructor(private readonly src: string) {
    for (let i = src.indexOf('\n'); i !== -1; i = src.indexOf('\n', i + 1)) this.starts.push(i + 1)
    for (let l = 0; l + 1 < this.starts.length; l++) {
      let i = this.starts[l]
      const end = this.starts[l + 1] - 1
      while (i < end && src.charCodeAt(i) === SPACE) i++
      this.leads.push(i - this.starts[l])
      this.indents.push(i === end || src.charCodeAt(i) === HASH ? -1 : i - this.starts[l])
    }
  }

  private get lines(): number {
    return this.indents.length
  }

  private lineEnd(l: number): number {
    return this.starts[l + 1] - 1
  }

  /** The next line at or after `l` with content, or `lines`. */
  private content(l: number): number {
    while (l < this.lines && this.indents[l] < 0) l++
    return l
  }

  document(): YamlNode {
    const first = this.content(0)
    if (first === this.lines || this.indents[first] !== 0) throw OUTSIDE
    for (let l = 0; l < this.lines; l++) {
      // Directives and document markers: the event path's.
      const s = this.starts[l]
      const c = this.src.charCodeAt(s)
      if (c === 0x25 || ((c === DASH || c === 0x2e) && /^(?:---|\.\.\.)(?:[ \n])/.test(this.src.slice(s, s + 4)))) throw OUTSIDE
    }
    const { node, next } = this.block(first, 0)
    if (next !== this.lines) throw OUTSIDE
    return node
  }

  /** The block node whose first line is `l` (content, at indent `n`); `next`: the content line after it. */
  private block(l: number, n: number): { node: YamlNode; next: number } {
    const at = this.starts[l] + n
    return this.isItem(at) ? this.sequence(l, n) : this.mapping(at, l, n)
  }

  /** Whether a block sequence item (`-` then a space or the line's end) starts at `at`. */
  private isItem(at: number): boolean {
    if (this.src.charCodeAt(at) !== DASH) return false
    const c = this.src.charCodeAt(at + 1)
    return c === SPACE || c === NEWLINE
  }

  /** A block sequence whose items' `-` are at column `n`, from content line `l`. */
  private sequence(l: number, n: number): { node: YamlNode; next: number } {
    const seq = new LazySeq(this.starts[l] + n)
    for (;;) {
      const dash = this.starts[l] + n
      let v = dash + 1
      while (this.src.charCodeAt(v) === SPACE) v++
      let next: number
      if (this.src.charCodeAt(v) === NEWLINE || this.src.charCodeAt(v) === HASH) {
        const j = this.content(l + 1)
        if (j < this.lines && this.indents[j] > n) {
          const inner = this.block(j, this.indents[j])
          seq.items.push(inner.node)
          next = inner.next
        } else {
          seq.items.push(this.empty(dash + 1))
          next = j
        }
      } else if (this.isItem(v)) {
        throw OUTSIDE
      } else if (this.keyEnd(v, this.lineEnd(l)) >= 0) {
        // `- key: value`: a mapping whose keys are at the column of the first.
        const inner = this.mapping(v, l, v - this.starts[l])
        seq.items.push(inner.node)
        next = inner.next
      } else {
        const value = this.inline(v, l, n)
        seq.items.push(value.node)
        next = value.next
      }
      if (next === this.lines || this.indents[next] < n) return { node: seq, next }
      if (this.indents[next] > n) throw OUTSIDE
      // A key at the items' column: the sequence was a mapping value at its key's indent.
      if (!this.isItem(this.starts[next] + n)) return { node: seq, next }
      l = next
    }
  }

  /** Where the `:` ending a plain key that starts at `at` is (before `end`), or -1. */
  private keyEnd(at: number, end: number): number {
    const c = this.src.charCodeAt(at)
    if (NOT_PLAIN_START.has(c)) return -1
    for (let i = at; i < end; i++) {
      const ch = this.src.charCodeAt(i)
      if (ch === COLON) {
        const after = this.src.charCodeAt(i + 1)
        if (after === SPACE || after === NEWLINE) return i
      } else if (ch === HASH && this.src.charCodeAt(i - 1) === SPACE) return -1
    }
    return -1
  }

  /** A block mapping whose keys are at column `n`, the first at offset `at` on line `l`. */
  private mapping(at: number, l: number, n: number): { node: YamlNode; next: number } {
    const map = new LazyMap(at)
    const keys = new Set<string>()
    for (;;) {
      const colon = this.keyEnd(at, this.lineEnd(l))
      if (colon < 0 || this.src.charCodeAt(colon - 1) === SPACE) throw OUTSIDE
      const text = this.src.slice(at, colon)
      // As the event path: a key is its text (a plain `1.0` would be the key "1"), `<<` merges, no repeats.
      if (text === '<<' || keys.has(text) || String(plainValue(text)) !== text) throw OUTSIDE
      keys.add(text)
      const key: YamlScalar = { kind: 'scalar', start: at, end: colon, style: 'plain', value: text }
      let v = colon + 1
      while (this.src.charCodeAt(v) === SPACE) v++
      let value: YamlNode
      let next: number
      if (this.src.charCodeAt(v) === NEWLINE || this.src.charCodeAt(v) === HASH) {
        const j = this.content(l + 1)
        if (j < this.lines && (this.indents[j] > n || (this.indents[j] === n && this.isItem(this.starts[j] + n)))) {
          const inner = this.block(j, this.indents[j])
          value = inner.node
          next = inner.next
        } else {
          value = this.empty(colon + 1)
          next = j
        }
      } else {
        const inline = this.inline(v, l, n)
        value = inline.node
        next = inline.next
      }
      map.items.push({ key, value })
      if (next === this.lines || this.indents[next] < n) return { node: map, next }
      if (this.indents[next] !== n || this.isItem(this.starts[next] + n)) throw OUTSIDE
      l = next
      at = this.starts[l] + n
    }
  }

  /** An empty value after the indicator just before `from`: null, placed after the blanks that follow it. */
  private empty(from: number): YamlScalar {
    let at = from
    while (this.src.charCodeAt(at) === SPACE) at++
    return { kind: 'scalar', start: at, end: at, style: 'plain', value: null }
  }

  /** A value that starts at `v` on line `l` of a node at indent `n`; it must end on its line (but a literal block). */
  private inline(v: number, l: number, n: number): { node: YamlNode; next: number } {
    const end = this.lineEnd(l)
    const c = this.src[v]
    let node: YamlNode
    let after: number
    if (c === '|') return this.literal(v, l, n)
    if (c === "'" || c === '"') {
      node = this.quoted(v, end)
      after = node.end
    } else if (c === '[' || c === '{') {
      const flow = c === '[' ? this.flowList(v, end) : this.flowMap(v, end)
      node = flow.node
      after = flow.next
    } else {
      if (!this.plainStart(v, false)) throw OUTSIDE
      // Up to a comment (` #`) or the line's end: a search bounded by the line, as every one here.
      let stop = v
      while (stop < end && !(this.src.charCodeAt(stop) === HASH && this.src.charCodeAt(stop - 1) === SPACE)) stop++
      if (stop < end) stop--
      while (this.src.charCodeAt(stop - 1) === SPACE) stop--
      const text = this.src.slice(v, stop)
      if (text.includes(': ') || text.endsWith(':')) throw OUTSIDE
      node = { kind: 'scalar', start: v, end: stop, style: 'plain', value: plainValue(text) }
      after = stop
    }
    while (this.src.charCodeAt(after) === SPACE) after++
    if (after !== end && !(this.src.charCodeAt(after) === HASH && this.src.charCodeAt(after - 1) === SPACE)) throw OUTSIDE
    // A deeper line after a one-line value would continue it (or be an error): the event path's.
    const next = this.content(l + 1)
    if (next < this.lines && this.indents[next] > n) throw OUTSIDE
    return { node, next }
  }

  /** Whether a plain scalar may start at `at`: not at an indicator, but `-`, `?` or `:` before
   * a character that cannot end it (`--admin`, as YAML allows). */
  private plainStart(at: number, flow: boolean): boolean {
    const c = this.src[at]
    if (c !== '-' && c !== '?' && c !== ':') return !NOT_PLAIN_START.has(this.src.charCodeAt(at))
    const after = this.src[at + 1]
    return after !== ' ' && after !== '\n' && !(flow && ',[]{}'.includes(after))
  }

  /** A scalar of a one-line flow collection at `from` (blanks skipped), before `end`: plain
   * or quoted; `next` is past it and the blanks after it. */
  private flowScalar(from: number, end: number): { node: YamlScalar; next: number } {
    while (this.src.charCodeAt(from) === SPACE) from++
    const c = this.src[from]
    let node: YamlScalar
    let next: number
    if (c === "'" || c === '"') {
      node = this.quoted(from, end)
      next = node.end
    } else {
      let to = from
      while (to < end && !',[]{}#:'.includes(this.src[to])) to++
      // `:`, `#` and brackets mean more than a plain item: keys, comments, nesting.
      if (!',]}'.includes(this.src[to])) throw OUTSIDE
      next = to
      while (to > from && this.src.charCodeAt(to - 1) === SPACE) to--
      const text = this.src.slice(from, to)
      if (text === '' || !this.plainStart(from, true)) throw OUTSIDE
      node = { kind: 'scalar', start: from, end: to, style: 'plain', value: plainValue(text) }
    }
    while (this.src.charCodeAt(next) === SPACE) next++
    return { node, next }
  }

  /** `[a, 'b']` from `open`, on one line before `end`; `next` is past its `]`. */
  private flowList(open: number, end: number): { node: YamlNode; next: number } {
    const seq = new LazySeq(open)
    let i = open + 1
    while (this.src.charCodeAt(i) === SPACE) i++
    if (this.src[i] === ']') return { node: seq, next: i + 1 }
    for (;;) {
      const item = this.flowScalar(i, end)
      seq.items.push(item.node)
      const c = this.src[item.next]
      if (c === ']') return { node: seq, next: item.next + 1 }
      if (c !== ',') throw OUTSIDE
      i = item.next + 1
    }
  }

  /** `{ a: b, c: 'd' }` from `open`, on one line before `end`: plain keys, scalar values. */
  private flowMap(open: number, end: number): { node: YamlNode; next: number } {
    const map = new LazyMap(open)
    const keys = new Set<string>()
    let i = open + 1
    while (this.src.charCodeAt(i) === SPACE) i++
    if (this.src[i] === '}') return { node: map, next: i + 1 }
    for (;;) {
      while (this.src.charCodeAt(i) === SPACE) i++
      let colon = i
      while (colon < end && !',[]{}#:\'"'.includes(this.src[colon])) colon++
      if (this.src[colon] !== ':' || this.src.charCodeAt(colon + 1) !== SPACE) throw OUTSIDE
      let to = colon
      while (to > i && this.src.charCodeAt(to - 1) === SPACE) to--
      const text = this.src.slice(i, to)
      if (text === '' || NOT_PLAIN_START.has(text.charCodeAt(0)) || text === '<<' || keys.has(text) || String(plainValue(text)) !== text) throw OUTSIDE
      keys.add(text)
      const key: YamlScalar = { kind: 'scalar', start: i, end: to, style: 'plain', value: text }
      const value = this.flowScalar(colon + 1, end)
      map.items.push({ key, value: value.node })
      const c = this.src[value.next]
      if (c === '}') return { node: map, next: value.next + 1 }
      if (c !== ',') throw OUTSIDE
      i = value.next + 1
    }
  }

  /** A quoted scalar on one line from the quote at `at`, before `end`; no escapes in a double-quoted one. */
  private quoted(at: number, end: number): YamlScalar {
    const q = this.src[at]
    let close = at + 1
    for (;;) {
      while (close < end && this.src[close] !== q) close++
      if (close >= end) throw OUTSIDE
      if (q === "'" && this.src[close + 1] === "'") close += 2
      else break
    }
    const inner = this.src.slice(at + 1, close)
    if (q === '"' && inner.includes('\\')) throw OUTSIDE
    return { kind: 'scalar', start: at, end: close + 1, style: q === "'" ? 'single' : 'double', value: q === "'" ? inner.replaceAll("''", "'") : inner }
  }

  /** A literal block scalar whose `|` is at `h` on line `l`, under a node at indent `n`. */
  private literal(h: number, l: number, n: number): { node: YamlNode; next: number } {
    let i = h + 1
    const chomp = this.src[i] === '-' || this.src[i] === '+' ? this.src[i++] : ''
    while (this.src.charCodeAt(i) === SPACE) i++
    if (this.src.charCodeAt(i) !== NEWLINE && !(this.src.charCodeAt(i) === HASH && this.src.charCodeAt(i - 1) === SPACE)) throw OUTSIDE
    // Its indentation is the first non-blank line's (a comment-looking line is text here).
    let first = l + 1
    while (first < this.lines && this.blank(first)) first++
    if (first === this.lines) throw OUTSIDE
    const m = this.leading(first)
    if (m <= n) throw OUTSIDE
    const body: string[] = []
    let blanks = 0
    let line = l + 1
    for (; line < this.lines; line++) {
      const s = this.starts[line]
      const e = this.lineEnd(line)
      if (this.blank(line)) {
        // Spaces past the indentation on a blank line are text, and more before the first line an error.
        if (e - s > m) throw OUTSIDE
        blanks++
        continue
      }
      if (this.leading(line) < m) break
      for (; blanks > 0; blanks--) body.push('')
      body.push(this.src.slice(s + m, e))
    }
    const text = body.join('\n')
    const value = chomp === '-' ? text : chomp === '+' ? `${text}\n${'\n'.repeat(blanks)}` : `${text}\n`
    // Its range ends where the next line starts, the blank lines after it included.
    const node: YamlScalar = { kind: 'scalar', start: h, end: this.starts[line], style: 'literal', value }
    const next = this.content(line)
    if (next < this.lines && this.indents[next] > n) throw OUTSIDE
    return { node, next }
  }

  /** Whether line `l` holds only spaces. */
  private blank(l: number): boolean {
    return this.leading(l) === this.lineEnd(l) - this.starts[l]
  }

  /** Leading spaces of line `l` (whatever follows them). */
  private leading(l: number): number {
    return this.leads[l]
  }
}
