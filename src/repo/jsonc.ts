// JSON with comments (tsconfig.json, VS Code settings, devcontainer.json) as a positioned
// document. jsonc-parser (Microsoft's, behind VS Code) gives every node its offset and
// tolerates comments and trailing commas as those tools do; anything else it reports is a
// problem at its offset. A repeated key is a problem too, as in plain JSON files here:
// which of the two a tool reads is not something to guess.
import { type Node, type ParseError, parseTree, printParseErrorCode } from 'jsonc-parser'
import { lineStarts, positionAt } from './lines.js'
import { type ParseProblem, PositionedDocument } from './yaml.js'
import type { YamlNode } from './yaml-tree.js'

export function parseJsoncPositioned(path: string, text: string): PositionedDocument {
  const errors: ParseError[] = []
  const tree = parseTree(text, errors, { allowTrailingComma: true, disallowComments: false, allowEmptyContent: false })
  const starts = lineStarts(text)
  const problem = (message: string, offset: number): ParseProblem => ({ message, ...positionAt(starts, offset) })
  const problems = errors.map((e) => problem(describeError(printParseErrorCode(e.error)), e.offset))
  if (problems.length || !tree) return PositionedDocument.fromTree(path, text, null, problems.length ? problems : [problem('the file holds no JSON value', 0)])
  const root = convert(tree, (offset) => problems.push(problem('Map keys must be unique', offset)))
  return PositionedDocument.fromTree(path, text, root, problems)
}

/** `CommaExpected` → `comma expected`. */
function describeError(code: string): string {
  return code.replace(/([a-z])([A-Z])/g, '$1 $2').toLowerCase()
}

function convert(node: Node, duplicate: (offset: number) => void): YamlNode {
  if (node.type === 'object') {
    const items: Array<{ key: YamlNode; value: YamlNode }> = []
    const value: Record<string, unknown> = {}
    for (const prop of node.children ?? []) {
      const [k, v] = prop.children ?? []
      if (!k || !v) continue
      const key = String(k.value)
      if (Object.prototype.hasOwnProperty.call(value, key)) duplicate(k.offset)
      const child = convert(v, duplicate)
      items.push({ key: { kind: 'scalar', start: k.offset, end: k.offset + k.length, style: 'double', value: key }, value: child })
      // Defined, not assigned: a key named __proto__ is data, not the object's prototype.
      Object.defineProperty(value, key, { value: child.value, enumerable: true, writable: true, configurable: true })
    }
    return { kind: 'map', start: node.offset, items, value }
  }
  if (node.type === 'array') {
    const items = (node.children ?? []).map((c) => convert(c, duplicate))
    return { kind: 'seq', start: node.offset, items, value: items.map((i) => i.value) }
  }
  return { kind: 'scalar', start: node.offset, end: node.offset + node.length, style: node.type === 'string' ? 'double' : 'plain', value: node.value ?? null }
}
