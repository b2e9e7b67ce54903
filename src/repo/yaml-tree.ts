// The positioned tree behind `PositionedDocument`: every node knows the source offset
// `yaml` would give it (range[0]), and its plain value. Built from js-yaml's event stream
// (about 4x faster than `yaml`'s parseDocument, which was most of a check's time); values
// come from js-yaml's own constructor (YAML 1.2 core). A file js-yaml refuses, or whose
// events this builder cannot place exactly (aliases, several documents, keys its values
// cannot be matched by), goes through `yaml` instead: `yamlTree` converts that document,
// following aliases and (in data files) merge keys.
import { constructFromEvents, EVENT_ID, type Event, getScalarValue, parseEvents, SCALAR_STYLE, type ScalarEvent, YAMLException } from 'js-yaml'
import type { Document, Node } from 'yaml'
import { yamlPackage } from './yaml-package.js'
import { lineTree } from './yaml-lines.js'
import { LazyMap, LazySeq, plainValue, type ScalarStyle, type YamlMap, type YamlNode, type YamlPair, type YamlScalar, type YamlSeq } from './yaml-nodes.js'

export type { ScalarStyle, YamlAlias, YamlMap, YamlNode, YamlPair, YamlScalar, YamlSeq } from './yaml-nodes.js'

/** Thrown inside the builder when a file must take the `yaml` path. */
class NotPlaceable extends Error {}

const STYLES: Record<number, ScalarStyle> = {
  [SCALAR_STYLE.PLAIN]: 'plain',
  [SCALAR_STYLE.SINGLE_QUOTED]: 'single',
  [SCALAR_STYLE.DOUBLE_QUOTED]: 'double',
  [SCALAR_STYLE.LITERAL_BLOCK]: 'literal',
  [SCALAR_STYLE.FOLDED_BLOCK]: 'folded',
}

/**
 * The tree of a single-document text through the line scanner (yaml-lines.ts) or js-yaml's events, or null when the `yaml` path must
 * decide (a syntax error, a duplicate key, an alias, several documents, an unmatched key).
 * `root` is null for an empty document.
 */
export function fastTree(text: string): { root: YamlNode | null } | null {
  // Most workflows are plain block YAML: the line scanner gives their tree, the same, sooner.
  const lines = lineTree(text)
  return lines ? { root: lines } : eventTree(text)
}

/** fastTree through js-yaml's events alone (the line scanner's reference in its tests). */
export function eventTree(text: string): { root: YamlNode | null } | null {
  let events: Event[]
  try {
    events = parseEvents(text, {})
  } catch {
    return null
  }
  try {
    // Built before any value is expanded: the builder refuses aliases (and so the
    // alias-expansion guard of the `yaml` path) before anything expands them.
    const built = buildFromEvents(text, events)
    if (!built.root) return { root: null }
    if (built.tagged) {
      // A tag (`!!str 3`, `!!map`) means what js-yaml's constructor makes of it: its values, walked onto the tree.
      const values = constructFromEvents(events, { source: text })
      if (values.length !== 1) return null
      attach(built.root, values[0], true)
    }
    return { root: built.root }
  } catch (e) {
    // A duplicate key (the builder's or js-yaml's constructor) or an unplaceable node: `yaml` decides.
    if (e instanceof NotPlaceable || e instanceof YAMLException) return null
    throw e
  }
}

/** Mappings up to this long are scanned for a repeated key; longer ones keep a set. */
const SCAN_KEYS = 16

/**
 * The tree and, without tags, every node's value as js-yaml's constructor builds it: a
 * scalar's at once, a container's when first read (a separate construction pass and a walk to
 * attach its values cost a third of the parse).
 * `tagged`: a tag was met, and the values must come from the constructor.
 */
function buildFromEvents(src: string, events: Event[]): { root: YamlNode | null; tagged: boolean } {
  // `keys`: a long mapping's keys so far, for the repeat check (a short one is scanned).
  type Open = { node: YamlMap | YamlSeq; key: YamlNode | null; keyText: string; keys: Set<string> | null }
  const stack: Open[] = []
  let root: YamlNode | null = null
  let tagged = false
  // End of the last token consumed: where a scan for an empty value or a block header starts.
  let cursor = 0
  let documents = 0
  for (const e of events) {
    let node: YamlNode
    switch (e.type) {
      case EVENT_ID.DOCUMENT:
        // `yaml` reports a second document as a problem.
        if (documents++ > 0) throw new NotPlaceable()
        continue
      case EVENT_ID.POP:
        stack.pop()
        continue
      case EVENT_ID.ALIAS:
        throw new NotPlaceable()
      case EVENT_ID.MAPPING:
      case EVENT_ID.SEQUENCE: {
        if (e.tagEnd >= 0) tagged = true
        cursor = Math.max(cursor, e.anchorEnd, e.tagEnd, e.start)
        node = e.type === EVENT_ID.MAPPING ? new LazyMap(e.start) : new LazySeq(e.start)
        break
      }
      case EVENT_ID.SCALAR: {
        if (e.tagEnd >= 0) tagged = true
        cursor = Math.max(cursor, e.anchorEnd, e.tagEnd)
        const top = stack[stack.length - 1]
        node = scalarNode(src, e, cursor, top?.node.kind === 'map' && top.key ? top.key.start : -1)
        cursor = Math.max(cursor, node.end)
        const text = e.valueStart < 0 ? '' : getScalarValue(src, e)
        node.value = node.style === 'plain' ? plainValue(text) : text
        if (top?.node.kind === 'map' && top.key === null) {
          // A key's value is its text: lookups compare strings, and the object must hold that
          // very string (a plain `1.0` would become the key "1": the `yaml` path decides).
          if (node.style === 'plain' && String(node.value) !== text) throw new NotPlaceable()
          // A plain `<<` key is a merge key wherever it stands (an inline `<<: {…}` as much as
          // `<<: *anchor`): resolving or refusing it is the `yaml` path's job.
          if (node.style === 'plain' && text === '<<') throw new NotPlaceable()
          node.value = text
          top.key = node
          top.keyText = text
          continue
        }
        break
      }
    }
    const top = stack[stack.length - 1]
    if (!top) root = node
    else if (top.node.kind === 'seq') top.node.items.push(node)
    else if (top.key === null) {
      // A mapping or sequence as a key: js-yaml's object maps refuse complex keys.
      throw new NotPlaceable()
    } else {
      // A repeated key: `yaml` reports it (js-yaml's object map would refuse it).
      if (top.keys ? top.keys.has(top.keyText) : top.node.items.some((p) => p.key.value === top.keyText)) throw new NotPlaceable()
      top.node.items.push({ key: top.key, value: node })
      if (top.keys) top.keys.add(top.keyText)
      else if (top.node.items.length === SCAN_KEYS) top.keys = new Set(top.node.items.map((p) => p.key.value as string))
      top.key = null
    }
    if (node.kind === 'map' || node.kind === 'seq') {
      stack.push({ node, key: null, keyText: '', keys: null })
      // A flow collection's first token is after its bracket.
      if (src[node.start] === '[' || src[node.start] === '{') cursor = node.start + 1
    }
  }
  return { root, tagged }
}

/** `keyStart`: the offset of the node's key when it is a mapping value, else -1. */
function scalarNode(src: string, e: ScalarEvent, cursor: number, keyStart: number): YamlScalar {
  const style = STYLES[e.style] ?? 'plain'
  if (e.valueStart < 0) {
    // An empty value has no offsets: `yaml` places it after its indicator (`:`, `-`, `?`,
    // `,`) and the blanks that follow it on the line; a flow key without `:` has no value
    // node there, and its key stands for it.
    const at = keyStart >= 0 && src[skipSpace(src, cursor, false)] !== ':' ? keyStart : afterIndicator(src, cursor)
    return { kind: 'scalar', start: at, end: at, style, value: undefined }
  }
  if (style === 'single' || style === 'double') return { kind: 'scalar', start: e.valueStart - 1, end: e.valueEnd + 1, style, value: undefined }
  if (style === 'literal' || style === 'folded') {
    const header = blockHeader(src, cursor)
    if (header < 0) throw new NotPlaceable()
    return { kind: 'scalar', start: header, end: Math.max(e.valueEnd, header + 1), style, value: undefined }
  }
  return { kind: 'scalar', start: e.valueStart, end: e.valueEnd, style, value: undefined }
}

/** Skips blanks, line breaks, comments and (with `brackets`) closing brackets from `i`. */
function skipSpace(src: string, i: number, brackets = true): number {
  while (i < src.length) {
    const c = src[i]
    if (c === ' ' || c === '\t' || c === '\n' || c === '\r' || (brackets && (c === ']' || c === '}'))) i++
    else if (c === '#') {
      while (i < src.length && src[i] !== '\n') i++
    } else break
  }
  return i
}

function afterIndicator(src: string, cursor: number): number {
  let i = skipSpace(src, cursor)
  if (':-?,[{'.includes(src[i] ?? '\0')) i++
  while (src[i] === ' ' || src[i] === '\t') i++
  return i
}

/** Offset of a block scalar's `|` or `>` header, searched from the token before it. */
function blockHeader(src: string, cursor: number): number {
  let i = cursor
  for (;;) {
    i = skipSpace(src, i)
    const c = src[i]
    if (c === '|' || c === '>') return i
    if (c === ':' || c === '-' || c === '?') i++
    else return -1
  }
}

/**
 * Gives every node its plain value, walking the constructed value alongside the tree. A
 * node an alias shares is walked once: `yaml` gives an alias the very value of its anchor.
 */
function attach(node: YamlNode, value: unknown, strict: boolean, seen?: Set<YamlNode>): void {
  if (seen) {
    if (seen.has(node)) return
    seen.add(node)
  }
  node.value = value
  if (node.kind === 'map') {
    const obj = value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null
    if (!obj && strict) throw new NotPlaceable()
    for (const pair of node.items) {
      if (pair.key.kind !== 'scalar') {
        if (strict) throw new NotPlaceable()
        continue
      }
      const k = String(pair.key.value)
      if (strict && !Object.hasOwn(obj as object, k)) throw new NotPlaceable()
      attach(pair.value, obj?.[k], strict, seen)
    }
  } else if (node.kind === 'seq') {
    const arr = Array.isArray(value) ? value : null
    if (!arr && strict) throw new NotPlaceable()
    node.items.forEach((item, i) => attach(item, arr?.[i], strict, seen))
  }
}

/** More keys than this brought in by `<<` make a file unusable (an expansion attack or worse). */
export const MAX_MERGED_KEYS = 100_000

/** A `<<` key as YAML 1.1 means it: plain, not quoted. */
export function isMergeKey(node: unknown): boolean {
  return yamlPackage().isScalar(node) && node.type === 'PLAIN' && node.source === '<<'
}

/** Why a `yaml` document cannot be turned into a tree, at an offset. */
export class TreeProblem extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message)
  }
}

/**
 * The same tree from a `yaml` document (the path for files js-yaml refuses). An alias
 * stands for its anchor's node (shared, so a finding through it points where the value is
 * written); with `merge`, a `<<` key is resolved as YAML 1.1 does (explicit keys win, then
 * the earlier source), its keys keeping the positions of the map they come from.
 */
export function yamlTree(doc: Document.Parsed, value: unknown, merge = false): YamlNode | null {
  const { isAlias, isMap, isPair, isScalar, isSeq } = yamlPackage()
  const converted = new Map<Node, YamlNode>()
  let merged = 0
  const convert = (node: Node): YamlNode => {
    if (isAlias(node)) {
      const target = node.resolve(doc)
      return target ? convertShared(target as Node) : { kind: 'alias', start: node.range?.[0] ?? 0, value: undefined }
    }
    const start = node.range?.[0] ?? 0
    if (isMap(node)) {
      const items: YamlPair[] = []
      const sources: Node[] = []
      for (const p of node.items) {
        if (!isPair(p)) continue
        if (merge && isMergeKey(p.key)) {
          sources.push(p.value as Node)
          continue
        }
        const key = p.key ? convertShared(p.key as Node) : { kind: 'scalar' as const, start, end: start, style: 'plain' as const, value: null }
        const value = p.value ? convertShared(p.value as Node) : { kind: 'scalar' as const, start: key.start, end: key.start, style: 'plain' as const, value: null }
        items.push({ key, value })
      }
      if (sources.length) {
        const have = new Set(items.map((p) => String(p.key.value)))
        for (const source of sources) {
          for (const from of mergeSources(source)) {
            for (const pair of from.items) {
              const k = String(pair.key.value)
              if (have.has(k)) continue
              if (++merged > MAX_MERGED_KEYS) throw new TreeProblem(`merge keys (\`<<\`) bring in more than ${MAX_MERGED_KEYS} keys; the file cannot be read safely`, source.range?.[0] ?? start)
              have.add(k)
              items.push(pair)
            }
          }
        }
      }
      return { kind: 'map', start, items, value: undefined }
    }
    if (isSeq(node)) return { kind: 'seq', start, items: (node.items as Node[]).map(convertShared), value: undefined }
    if (isScalar(node)) {
      const style: ScalarStyle =
        node.type === 'QUOTE_DOUBLE' ? 'double' : node.type === 'QUOTE_SINGLE' ? 'single' : node.type === 'BLOCK_LITERAL' ? 'literal' : node.type === 'BLOCK_FOLDED' ? 'folded' : 'plain'
      return { kind: 'scalar', start, end: node.range?.[1] ?? start, style, value: node.value }
    }
    return { kind: 'scalar', start, end: start, style: 'plain', value: null }
  }
  const convertShared = (node: Node): YamlNode => {
    let out = converted.get(node)
    if (!out) {
      out = convert(node)
      converted.set(node, out)
    }
    return out
  }
  /** The maps a `<<` value names: one map (or alias of one), or a list of them, in order. */
  const mergeSources = (source: Node): YamlMap[] => {
    const list = isSeq(source) ? (source.items as Node[]) : [source]
    return list.map((item) => {
      const tree = isAlias(item) || isMap(item) ? convertShared(item) : null
      if (tree?.kind !== 'map') throw new TreeProblem('a merge key (`<<`) must name a mapping or a list of mappings (e.g. `<<: *defaults`)', item.range?.[0] ?? 0)
      return tree
    })
  }
  const root = doc.contents ? convertShared(doc.contents as Node) : null
  if (root) attach(root, value, false, new Set())
  return root
}
