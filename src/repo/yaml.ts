// One parser for every YAML and JSON file (the matrix, workflows, data files): the
// `yaml` package keeps node ranges, so every finding can carry a line and column.
// JSON is parsed by it too (JSON is YAML 1.2), which keeps positions for JSON files.
import { type Document, isMap, isPair, isScalar, isSeq, LineCounter, type Node, parseDocument, visit } from 'yaml'
import type { Location } from '../core/location.js'
import { parseErrorMessage } from '../core/redact.js'
import { pushAll } from '../core/arrays.js'

export type KeyPath = ReadonlyArray<string | number>

export interface ParseProblem {
  message: string
  line: number
  column: number
}

export class PositionedDocument {
  readonly problems: ParseProblem[]
  private jsValue: unknown
  private converted = false

  constructor(
    readonly path: string,
    readonly doc: Document.Parsed,
    readonly lineCounter: LineCounter,
  ) {
    this.problems = doc.errors.map((e) => {
      const { line, col } = lineCounter.linePos(e.pos[0])
      return { message: parseErrorMessage(path, e.message.split('\n')[0]), line, column: col }
    })
  }

  /** The plain JS value (undefined when the text has problems). Converted on first use:
   * many documents (workflows) are only ever walked as nodes. Read it before `problems`:
   * a conversion that fails (alias bombs) adds a problem. */
  get value(): unknown {
    if (!this.converted) {
      this.converted = true
      try {
        if (!this.problems.length) this.jsValue = this.doc.toJS({ maxAliasCount: 1000 })
      } catch (e) {
        // Aliases that expand without bound: a problem of the file, not of gate-matrix.
        this.problems.push({ message: parseErrorMessage(this.path, (e as Error).message), line: 1, column: 1 })
      }
    }
    return this.jsValue
  }

  /** Location of a source offset. */
  at(offset: number): Location {
    const { line, col } = this.lineCounter.linePos(offset)
    return { path: this.path, line, column: col }
  }

  /**
   * Where the value at `keyPath` is. When the path does not exist, the location of the
   * deepest existing parent (the place where the missing key must be added), with
   * `found: false`.
   */
  locate(keyPath: KeyPath): { location: Location; found: boolean } {
    const { node, keyNode, depth } = this.walk(keyPath)
    const target = depth === keyPath.length ? (node && node.range ? node : keyNode) : (keyNode ?? node)
    const offset = target?.range?.[0] ?? 0
    return { location: this.at(offset), found: depth === keyPath.length }
  }

  /** Location of the key of a map entry (e.g. the `environment:` key itself). */
  locateKey(keyPath: KeyPath): Location {
    const { keyNode, node } = this.walk(keyPath)
    return this.at((keyNode ?? node)?.range?.[0] ?? 0)
  }

  private walk(keyPath: KeyPath): { node: Node | undefined; keyNode: Node | undefined; depth: number } {
    let node: Node | undefined = (this.doc.contents as Node | null) ?? undefined
    let keyNode: Node | undefined
    let depth = 0
    for (const key of keyPath) {
      if (isMap(node)) {
        const pair = node.items.find((p) => isPair(p) && isScalar(p.key) && String(p.key.value) === String(key))
        if (!pair) break
        keyNode = pair.key as Node
        node = (pair.value as Node | null) ?? undefined
        if (node === undefined) {
          depth++
          break
        }
      } else if (isSeq(node) && typeof key === 'number') {
        const item = node.items[key] as Node | undefined
        if (!item) break
        keyNode = item
        node = item
      } else break
      depth++
    }
    return { node, keyNode, depth }
  }
}

/** Parse YAML or JSON text, keeping positions. Syntax problems are in `.problems`. */
export function parsePositioned(path: string, text: string): PositionedDocument {
  const lineCounter = new LineCounter()
  // yaml's own unique-key check compares each key with every earlier one (80,000 vars took
  // minutes): keys are checked here instead, in one pass with a set per mapping.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: false, strict: true })
  const positioned = new PositionedDocument(path, doc, lineCounter)
  pushAll(positioned.problems, duplicateKeys(doc.contents, lineCounter))
  // An alias needs an anchor: most files have none, and are not walked.
  if (!positioned.problems.length && text.includes('&')) pushAll(positioned.problems, recursiveAliases(doc, lineCounter))
  positioned.problems.sort((x, y) => x.line - y.line || x.column - y.column)
  return positioned
}

/** Keys repeated in a mapping, as yaml's uniqueKeys reports them (scalars of equal value), at the repeat. */
function duplicateKeys(root: unknown, lineCounter: LineCounter): ParseProblem[] {
  const problems: ParseProblem[] = []
  const stack: unknown[] = [root]
  while (stack.length) {
    const node = stack.pop()
    if (isSeq(node)) {
      for (const item of node.items) stack.push(item)
    } else if (isMap(node)) {
      const seen = new Set<unknown>()
      for (const pair of node.items) {
        if (isScalar(pair.key)) {
          if (seen.has(pair.key.value)) {
            const { line, col } = lineCounter.linePos(pair.key.range?.[0] ?? 0)
            problems.push({ message: 'Map keys must be unique', line, column: col })
          }
          seen.add(pair.key.value)
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
  visit(doc, {
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
