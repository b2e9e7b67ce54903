// Every YAML and JSON file (the matrix, workflows, data files) becomes a positioned tree,
// so every finding can carry a line and column. JSON is parsed the same way (JSON is YAML
// 1.2), which keeps positions for JSON files. The tree comes from a line scanner or js-yaml's
// events (`yaml-lines.ts`, `yaml-tree.ts`); `yaml` parses what js-yaml refuses, so a file
// `yaml` (and GitHub) accepts is never unparsable here, and reports the problems of files
// neither accepts.
import type { Document, LineCounter } from 'yaml'
import { pushAll } from '../core/arrays.js'
import { LineCursor, lineStarts } from './lines.js'
import type { Location } from '../core/location.js'
import { parseErrorMessage } from '../core/redact.js'
import { fastTree, isMergeKey, TreeProblem, type YamlNode, yamlTree } from './yaml-tree.js'
import { yamlPackage } from './yaml-package.js'

export type KeyPath = ReadonlyArray<string | number>

export interface ParseProblem {
  message: string
  line: number
  column: number
}

export class PositionedDocument {
  private lines: LineCursor | null = null

  private constructor(
    readonly path: string,
    private readonly text: string,
    /** The root node; null for an empty document or one with problems. */
    readonly root: YamlNode | null,
    readonly problems: ParseProblem[],
  ) {}

  static of(path: string, text: string, merge: MergeKeys = 'keep'): PositionedDocument {
    const fast = fastTree(text)
    if (fast) return new PositionedDocument(path, text, fast.root, [])
    const { LineCounter, parseDocument } = yamlPackage()
    const lineCounter = new LineCounter()
    // yaml's own unique-key check compares each key with every earlier one (80,000 vars took
    // minutes): keys are checked here instead, in one pass with a set per mapping.
    const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: true, merge: merge === 'resolve' })
    const problems: ParseProblem[] = doc.errors.map((e) => {
      const { line, col } = lineCounter.linePos(e.pos[0])
      return { message: parseErrorMessage(path, e.message.split('\n')[0]), line, column: col }
    })
    pushAll(problems, duplicateKeys(doc.contents, lineCounter))
    if (merge === 'reject') pushAll(problems, mergeKeys(doc, lineCounter))
    // An alias needs an anchor: most files have none, and are not walked.
    if (!problems.length && text.includes('&')) pushAll(problems, recursiveAliases(doc, lineCounter))
    problems.sort((x, y) => x.line - y.line || x.column - y.column)
    if (problems.length) return new PositionedDocument(path, text, null, problems)
    let value: unknown
    try {
      // yaml's bound on alias expansion: a real compose file (getsentry/self-hosted, 131
      // merge keys) needs about 5,000; an expansion attack is refused within seconds.
      value = doc.toJS({ maxAliasCount: 10_000 })
    } catch (e) {
      // A merge source that is not a mapping is placed by the tree below; anything else
      // (aliases that expand without bound) is a problem of the file, not of gate-matrix.
      const placed = treeOrProblem(doc, undefined, merge, lineCounter, path)
      if ('problem' in placed) return new PositionedDocument(path, text, null, [placed.problem])
      return new PositionedDocument(path, text, null, [{ message: parseErrorMessage(path, (e as Error).message), line: 1, column: 1 }])
    }
    const tree = treeOrProblem(doc, value, merge, lineCounter, path)
    if ('problem' in tree) return new PositionedDocument(path, text, null, [tree.problem])
    return new PositionedDocument(path, text, tree.root, [])
  }

  /** A tree built by another positioned parser (TOML, JSON with comments): same lookups, same positions. */
  static fromTree(path: string, text: string, root: YamlNode | null, problems: ParseProblem[]): PositionedDocument {
    return new PositionedDocument(path, text, problems.length ? null : root, problems)
  }

  /** The plain JS value (undefined when the text has problems). */
  get value(): unknown {
    return this.root?.value ?? (this.problems.length ? undefined : null)
  }

  /** Location of a source offset (1-based line and column, as `yaml`'s LineCounter). */
  at(offset: number): Location {
    const { line, column } = (this.lines ??= new LineCursor(lineStarts(this.text))).positionAt(offset)
    // Keys in canonical order: evidence holds thousands of these.
    return { column, line, path: this.path }
  }

  /**
   * Where the value at `keyPath` is. When the path does not exist, the location of the
   * deepest existing parent (the place where the missing key must be added), with
   * `found: false`.
   */
  locate(keyPath: KeyPath): { location: Location; found: boolean } {
    const { node, keyNode, depth } = this.walk(keyPath)
    const target = depth === keyPath.length ? (node ?? keyNode) : (keyNode ?? node)
    return { location: this.at(target?.start ?? 0), found: depth === keyPath.length }
  }

  /** Location of the key of a map entry (e.g. the `environment:` key itself). */
  locateKey(keyPath: KeyPath): Location {
    const { keyNode, node } = this.walk(keyPath)
    return this.at((keyNode ?? node)?.start ?? 0)
  }

  private walk(keyPath: KeyPath): { node: YamlNode | undefined; keyNode: YamlNode | undefined; depth: number } {
    let node: YamlNode | undefined = this.root ?? undefined
    let keyNode: YamlNode | undefined
    let depth = 0
    for (const key of keyPath) {
      if (node?.kind === 'map') {
        const pair = node.items.find((p) => p.key.kind === 'scalar' && String(p.key.value) === String(key))
        if (!pair) break
        keyNode = pair.key
        node = pair.value
      } else if (node?.kind === 'seq' && typeof key === 'number') {
        const item: YamlNode | undefined = node.items[key]
        if (!item) break
        keyNode = item
        node = item
      } else break
      depth++
    }
    return { node, keyNode, depth }
  }
}

/**
 * What a `<<` key means: `resolve` merges as YAML 1.1 does (data files: compose files rely
 * on it), `reject` reports it (workflows: GitHub's parser refuses merge keys), `keep` leaves
 * it an ordinary key (the matrix and evidence, whose schemas name every key).
 */
export type MergeKeys = 'resolve' | 'reject' | 'keep'

/** Parse YAML or JSON text, keeping positions. Syntax problems are in `.problems`. */
export function parsePositioned(path: string, text: string, merge: MergeKeys = 'keep'): PositionedDocument {
  return PositionedDocument.of(path, text, merge)
}

function treeOrProblem(doc: Document.Parsed, value: unknown, merge: MergeKeys, lineCounter: LineCounter, path: string): { root: YamlNode | null } | { problem: ParseProblem } {
  try {
    return { root: yamlTree(doc, value, merge === 'resolve') }
  } catch (e) {
    if (!(e instanceof TreeProblem)) throw e
    const { line, col } = lineCounter.linePos(e.offset)
    return { problem: { message: parseErrorMessage(path, e.message), line, column: col } }
  }
}

/** Every `<<` key: GitHub's workflow parser accepts anchors and aliases, not merge keys. */
function mergeKeys(doc: Document.Parsed, lineCounter: LineCounter): ParseProblem[] {
  const problems: ParseProblem[] = []
  yamlPackage().visit(doc, {
    Pair(_key, pair) {
      if (!isMergeKey(pair.key)) return
      const { line, col } = lineCounter.linePos((pair.key as { range?: number[] }).range?.[0] ?? 0)
      problems.push({ message: 'merge keys (`<<`) are not supported in GitHub Actions workflows; repeat the keys, or use an alias (`key: *anchor`) for a whole value', line, column: col })
    },
  })
  return problems
}

/** Keys repeated in a mapping, as yaml's uniqueKeys reports them (scalars of equal value), at the repeat. */
function duplicateKeys(root: unknown, lineCounter: LineCounter): ParseProblem[] {
  const { isMap, isScalar, isSeq } = yamlPackage()
  const problems: ParseProblem[] = []
  const stack: unknown[] = [root]
  while (stack.length) {
    const node = stack.pop()
    if (isSeq(node)) {
      for (const item of node.items) stack.push(item)
    } else if (isMap(node)) {
      const seen = new Set<string>()
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          // `1` and "1" are one key once the value is built: compare them as the JS key they become.
          const key = String(pair.key.value)
          if (seen.has(key)) {
            const { line, col } = lineCounter.linePos(pair.key.range?.[0] ?? 0)
            problems.push({ message: 'Map keys must be unique', line, column: col })
          }
          seen.add(key)
        }
        stack.push(pair.value)
      }
    }
  }
  return problems
}

/** Aliases inside the node they refer to (`a: &x [*x]`): such a value is infinite. */
function recursiveAliases(doc: Document.Parsed, lineCounter: LineCounter): ParseProblem[] {
  const problems: ParseProblem[] = []
  yamlPackage().visit(doc, {
    Alias(_key, alias, path) {
      const target = alias.resolve(doc)
      if (target && path.includes(target)) {
        const { line, col } = lineCounter.linePos(alias.range?.[0] ?? 0)
        problems.push({ message: `the alias *${alias.source} is inside the node it refers to, so its value would be infinite; refer to a node outside &${alias.source}`, line, column: col })
      }
    },
  })
  return problems
}
