// Markdown as a reader sees it: headings, and the repository paths a doc cites, each with
// the 1-based line and column where it is written. Links resolve from the doc's
// directory; paths in code spans and code blocks from the repository root.
import { posix } from 'node:path'
import MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'
import { lineStarts, positionAt } from './lines.js'
import { tableCells } from './table-cells.js'

export interface MarkdownHeading {
  /** Plain text of the heading, whitespace collapsed. */
  text: string
  depth: number
  line: number
  column: number
}

export interface DocReference {
  /** As written in the doc. */
  raw: string
  /** Repository-relative posix path, or null when it leaves the repository. */
  path: string | null
  origin: 'link' | 'code'
  /** A code token that is path-like only through a `/` (no known file extension). */
  weak: boolean
  line: number
  column: number
}

export interface MarkdownDocument {
  headings: MarkdownHeading[]
  references: DocReference[]
}

/** Extensions that make a slash-free code token a file name (`package.json`, `.env`). */
const FILE_EXTENSIONS = new Set(
  ('md markdown mdx txt rst adoc sh bash zsh fish ps1 bat cmd py rb js mjs cjs ts mts cts tsx jsx json jsonc json5 ' +
    'yml yaml toml ini cfg conf env properties xml plist html htm css scss sass less svg png jpg jpeg gif webp ico pdf ' +
    'csv tsv sql prisma graphql gql proto go rs java kt kts swift c h cc cpp hpp cs php lua pl dart ex exs tf tfvars ' +
    'hcl nix gradle lock log pem crt zip tgz gz dockerfile mk cmake vue svelte patch diff ipynb').split(' '),
)

/** Characters that mark a code token as a variable, placeholder, glob, URL or expression. */
const NOT_A_PATH = /[$<>{}*?[\]@:=%~\\|&!#,]/

const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/


/** `target` resolved against `base` (a directory, '' for the root); null when it leaves the
 * repository. As `posix.join` normalizes, without its trailing slash or the root's `.`, segment
 * by segment: cheaper than its character loop for every link. */
export function resolveFrom(base: string, target: string): string | null {
  const joined = base === '' ? target : `${base}/${target}`
  // Only a percent-encoded `//` reaches here absolute; posix keeps it so, `..` stopping at `/`.
  if (joined.startsWith('/')) return posix.normalize(joined).replace(/\/+$/, '')
  const segments: string[] = []
  const parts = joined.split('/')
  for (let i = 0; i < parts.length; i++) {
    const segment = parts[i]
    if (segment === '' || segment === '.') continue
    if (segment !== '..') segments.push(segment)
    else if (segments.length === 0) return null
    else segments.pop()
  }
  return segments.join('/')
}

/** The repository path a link target names, or undefined when it names none (URL, anchor). */
function linkTarget(docDir: string, url: string): string | null | undefined {
  if (url === '' || url.startsWith('#') || url.startsWith('//') || SCHEME.test(url)) return undefined
  let target = url.replace(/[?#].*$/, '')
  try {
    target = decodeURIComponent(target)
  } catch {
    /* not percent-encoded: use as written */
  }
  if (target === '') return undefined
  // A leading slash is the repository root, as GitHub renders repository markdown.
  return target.startsWith('/') ? resolveFrom('', target.slice(1)) : resolveFrom(docDir, target)
}

/** A path-like token of code, cleaned; undefined when the token is not path-like. */
export function codePathToken(token: string): { text: string; offset: number; path: string; weak: boolean } | undefined {
  let offset = 0
  let text = token
  const lead = /^[([]+/.exec(text)
  if (lead) {
    offset += lead[0].length
    text = text.slice(lead[0].length)
  }
  text = text.replace(/[)\],;:]+$/, '').replace(/(\.[A-Za-z0-9]+)\.$/, '$1')
  const assignment = /^[A-Za-z_][A-Za-z0-9_]*=/.exec(text)
  if (assignment) {
    offset += assignment[0].length
    text = text.slice(assignment[0].length)
  }
  if (text === '' || text.startsWith('-') || text.startsWith('/') || NOT_A_PATH.test(text) || SCHEME.test(text)) return undefined
  const path = text.replace(/^(\.\/)+/, '')
  let segments = path.split('/')
  // Empty segments (`a//b`, a trailing `/`) are dropped; most paths have none to drop.
  if (segments.includes('')) segments = segments.filter((s) => s !== '')
  if (segments.length === 0 || segments.includes('..') || segments.includes('.')) return undefined
  const ext = /\.([A-Za-z0-9]+)$/.exec(segments[segments.length - 1])
  const strong = ext !== null && FILE_EXTENSIONS.has(ext[1].toLowerCase())
  if (!strong) {
    if (!path.includes('/')) return undefined
    // `ghcr.io/org/image`, `example.com/health`: a host, not a directory.
    if (/^[^.].*\./.test(segments[0])) return undefined
  }
  return { text, offset, path: segments.join('/'), weak: !strong }
}

/** One parser for every doc; CommonMark with GFM tables, no linkify (bare URLs are not paths). */
const md = new MarkdownIt('default', { html: false, linkify: false })

/**
 * The inline parser for blocks that are not headings, where only links, images and code spans
 * are read. Without the rules that never make one or stop one being made, it gives the same
 * ones in the same order: emphasis and strikethrough only mark `*`, `_` and `~` runs (and skip
 * nothing when a link label is scanned) for a later pass that pairs them; an entity contains no
 * `[`, `` ` ``, `<` or `\`; linkify and inline HTML are off.
 */
export const referencesOnly = new MarkdownIt('default', { html: false, linkify: false }).disable([
  'emphasis',
  'strikethrough',
  'balance_pairs',
  'fragments_join',
  'entity',
  'linkify',
  'html_inline',
])

interface ParseEnv {
  codeSpans: boolean
}

// Inline parsing is most of a long doc's cost, and only three things of it are read: a
// heading's text, links and images (which need a `[`) and, when asked, code spans (a
// backtick). A block with none of these keeps no children; autolinks always carry a scheme
// and HTML is off, so no repository path is lost.
md.core.ruler.at('inline', (state) => {
  const { codeSpans } = state.env as ParseEnv
  const tokens = state.tokens
  for (let i = 0; i < tokens.length; i++) {
    const tok = tokens[i]
    if (tok.type !== 'inline') continue
    const heading = tokens[i - 1]?.type === 'heading_open'
    if (heading) state.md.inline.parse(tok.content, state.md, state.env, tok.children ?? (tok.children = []))
    else if (tok.content.includes('[') || (codeSpans && tok.content.includes('`'))) {
      referencesOnly.inline.parse(tok.content, referencesOnly, state.env, tok.children ?? (tok.children = []))
    }
  }
})

/** A reference definition `[label]: target` as written on one line. */
/** Footnotes (`[^1]: text`) are not links. */
const DEFINITION = /^ {0,3}\[(?!\^)(?:[^\]\\]|\\.)+\]:[ \t]*<?([^\s>]+)/

export interface MarkdownReading {
  /** Also the paths cited in code spans and code blocks (default); false: links only, for a
   * caller that judges links alone (the code tokens are most of a long doc's references). */
  code?: boolean
}

export function parseMarkdown(docPath: string, text: string, reading: MarkdownReading = {}): MarkdownDocument {
  const withCode = reading.code ?? true
  const starts = lineStarts(text)
  const docDir = posix.dirname(docPath) === '.' ? '' : posix.dirname(docPath)
  const headings: MarkdownHeading[] = []
  const references: DocReference[] = []
  const lineStart = (line: number): number => (line < starts.length ? starts[line] : text.length)

  const codeTokens = (value: string, from: number): void => {
    if (!withCode) return
    let cursor = from
    const words = /[^\s"'`]+/g
    for (let m = words.exec(value); m !== null; m = words.exec(value)) {
      // A path has a `/` or a file extension's `.`, and cleaning only removes characters:
      // most words of code (`npm`, `--env`, `production`) need no cleaning.
      if (!m[0].includes('/') && !m[0].includes('.')) continue
      const token = codePathToken(m[0])
      if (!token) continue
      const found = text.indexOf(token.text, cursor)
      const offset = found >= 0 ? found : from
      if (found >= 0) cursor = found + token.text.length
      const { line, column } = positionAt(starts, offset)
      references.push({ raw: token.text, path: token.path, origin: 'code', weak: token.weak, line, column })
    }
  }

  const link = (url: string, at: number): void => {
    const path = linkTarget(docDir, url)
    if (path === undefined || path === '') return
    const { line, column } = positionAt(starts, at)
    references.push({ raw: url, path, origin: 'link', weak: false, line, column })
  }

  // markdown-it gives block tokens line ranges but inline tokens none: each inline item
  // is found in its block's source, left to right, so repeated text keeps its own place.
  const inline = (children: Token[], from: number, to: number): void => {
    let cursor = from
    const find = (needle: string): number => {
      if (needle === '') return -1
      const at = text.indexOf(needle, cursor)
      return at >= 0 && at < to ? at : -1
    }
    for (const child of children) {
      if (child.type === 'link_open' || child.type === 'image') {
        const url = child.attrGet(child.type === 'image' ? 'src' : 'href') ?? ''
        // The destination as written follows "](" ; a reference-style link has none here
        // (its definition is reported where it is written).
        let raw = url
        let at = find(`](${url}`)
        if (at < 0 && url) {
          raw = safeDecode(url)
          at = find(`](${raw}`)
        }
        if (at < 0) at = find(`](<${raw}`) >= 0 ? find(`](<${raw}`) + 1 : -1
        if (at >= 0) {
          link(raw, at + 2)
          cursor = at + 2 + raw.length
        }
      } else if (child.type === 'code_inline') {
        const at = find(child.content)
        codeTokens(child.content, at >= 0 ? at : cursor)
        if (at >= 0) cursor = at + child.content.length
      }
    }
  }

  const env: ParseEnv = { codeSpans: withCode }
  const tokens = md.parse(text, env)
  // Which lines are code (1): those of code blocks and fences.
  const codeLines = new Uint8Array(starts.length)
  // The cells of the table row being read, and the next one's index.
  let cells: Array<[number, number]> = []
  let cell = 0
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]
    const map = t.map ?? [0, 0]
    if (t.type === 'heading_open') {
      const content = tokens[i + 1]?.type === 'inline' ? tokens[i + 1] : null
      const line = map[0] + 1
      const lineText = text.slice(lineStart(map[0]), lineStart(map[0] + 1))
      headings.push({
        text: (content?.children ?? []).map((c) => (c.type === 'text' || c.type === 'code_inline' ? c.content : '')).join('').replace(/\s+/g, ' ').trim(),
        depth: Number(t.tag.slice(1)),
        line,
        column: lineText.length - lineText.trimStart().length + 1,
      })
    } else if (t.type === 'tr_open') {
      cells = tableCells(text, lineStart(map[0]), lineStart(map[0] + 1))
      cell = 0
    } else if (t.type === 'inline' && t.map) {
      inline(t.children ?? [], lineStart(map[0]), lineStart(map[1]))
    } else if (t.type === 'inline') {
      // A table cell: markdown-it gives it no lines. A missing cell is one the row leaves out (empty).
      const range = cells[cell++]
      if (range) inline(t.children ?? [], range[0], range[1])
    } else if (t.type === 'fence' || t.type === 'code_block') {
      codeLines.fill(1, map[0], map[1])
      // A fence's first line is its info string, not code.
      codeTokens(t.content, lineStart(t.type === 'fence' ? map[0] + 1 : map[0]))
    }
  }
  // Definitions are not tokens in markdown-it: read them from the lines outside code.
  for (let l = 0; l < starts.length; l++) {
    if (codeLines[l] === 1 || !opensBracket(text, starts[l])) continue
    const line = text.slice(starts[l], lineStart(l + 1))
    const m = DEFINITION.exec(line)
    if (m) link(m[1], starts[l] + line.indexOf(m[1], line.indexOf(']:')))
  }
  references.sort((a, b) => a.line - b.line || a.column - b.column)
  return { headings, references }
}

/** Whether the line at `start` begins with `[` after at most three spaces, as every
 * definition does: the other lines need not be cut out and matched. */
function opensBracket(text: string, start: number): boolean {
  let i = start
  while (i < start + 3 && text.charCodeAt(i) === 0x20) i++
  return text.charCodeAt(i) === 0x5b
}

function safeDecode(url: string): string {
  try {
    return decodeURI(url)
  } catch {
    return url
  }
}
