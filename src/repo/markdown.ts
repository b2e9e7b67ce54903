// Markdown as a reader sees it: headings, and the repository paths a doc cites, each with
// the 1-based line and column where it is written. Links resolve from the doc's
// directory; paths in code spans and code blocks from the repository root.
import { posix } from 'node:path'
import { fromMarkdown } from 'mdast-util-from-markdown'

/** The part of an mdast node this module reads (keeps us off @types/mdast). */
interface MdNode {
  type: string
  value?: string
  url?: string
  depth?: number
  children?: MdNode[]
  position?: { start: { line: number; column: number; offset?: number }; end: { offset?: number } }
}

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

export function lineStarts(text: string): number[] {
  const starts = [0]
  for (let i = 0; i < text.length; i++) if (text[i] === '\n') starts.push(i + 1)
  return starts
}

/** 1-based line and column of a string offset. */
export function positionAt(starts: number[], offset: number): { line: number; column: number } {
  let lo = 0
  let hi = starts.length - 1
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1
    if (starts[mid] <= offset) lo = mid
    else hi = mid - 1
  }
  return { line: lo + 1, column: offset - starts[lo] + 1 }
}

function plainText(node: MdNode): string {
  if (node.type === 'text' || node.type === 'inlineCode') return node.value ?? ''
  return (node.children ?? []).map(plainText).join('')
}

/** `target` resolved against `base` (a directory, '' for the root); null when it leaves the repository. */
function resolveFrom(base: string, target: string): string | null {
  const joined = posix.normalize(posix.join(base, target))
  if (joined === '..' || joined.startsWith('../')) return null
  return joined.replace(/\/+$/, '').replace(/^\.$/, '')
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
  const segments = path.split('/').filter((s) => s !== '')
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

export function parseMarkdown(docPath: string, text: string): MarkdownDocument {
  const tree = fromMarkdown(text) as unknown as MdNode
  const starts = lineStarts(text)
  const docDir = posix.dirname(docPath) === '.' ? '' : posix.dirname(docPath)
  const headings: MarkdownHeading[] = []
  const references: DocReference[] = []

  const codeTokens = (value: string, from: number): void => {
    let cursor = from
    for (const m of value.matchAll(/[^\s"'`]+/g)) {
      const token = codePathToken(m[0])
      if (!token) continue
      const found = text.indexOf(token.text, cursor)
      const offset = found >= 0 ? found : from
      if (found >= 0) cursor = found + token.text.length
      references.push({ raw: token.text, path: token.path, origin: 'code', weak: token.weak, ...positionAt(starts, offset) })
    }
  }

  const visit = (node: MdNode): void => {
    const start = node.position?.start.offset ?? 0
    const end = node.position?.end.offset ?? start
    switch (node.type) {
      case 'heading':
        headings.push({
          text: plainText(node).replace(/\s+/g, ' ').trim(),
          depth: node.depth ?? 1,
          line: node.position?.start.line ?? 1,
          column: node.position?.start.column ?? 1,
        })
        break
      case 'link':
      case 'image':
      case 'definition': {
        const url = node.url ?? ''
        const path = linkTarget(docDir, url)
        if (path !== undefined && path !== '') {
          // Point at the target as written; the link text may repeat it, so take the last one.
          const at = url === '' ? -1 : text.slice(start, end).lastIndexOf(url)
          references.push({ raw: url, path, origin: 'link', weak: false, ...positionAt(starts, at >= 0 ? start + at : start) })
        }
        break
      }
      case 'inlineCode':
        codeTokens(node.value ?? '', start)
        break
      case 'code': {
        // Skip the opening fence line (its info string is not code).
        const fenced = /^(`{3,}|~{3,})/.test(text.slice(start, start + 3))
        const firstLineEnd = text.indexOf('\n', start)
        codeTokens(node.value ?? '', fenced && firstLineEnd >= 0 ? firstLineEnd + 1 : start)
        break
      }
    }
    for (const child of node.children ?? []) visit(child)
  }
  visit(tree)
  return { headings, references }
}
