// TOML files (Cargo.toml, pyproject.toml, wrangler.toml) as a positioned document, so the
// `data` kind locates a key in them as in YAML. toml-eslint-parser gives every key and
// value its range; this builds the same node tree YAML files get. Values: strings,
// booleans and floats as themselves; an integer as a number (as text beyond 2^53, where a
// number would be another integer); a date or time as its text (`1979-05-27T07:32:00Z`,
// separator `T`, upper case), so it equals the string written in a matrix.
import { type AST, parseTOML } from 'toml-eslint-parser'
import { parseErrorMessage } from '../core/redact.js'
import { PositionedDocument } from './yaml.js'
import type { YamlMap, YamlNode, YamlSeq } from './yaml-tree.js'

export function parseTomlPositioned(path: string, text: string): PositionedDocument {
  let program: AST.TOMLProgram
  try {
    // 1.1 reads every 1.0 file and what newer tools (Cargo's toml 0.9) accept besides; pinned, not the parser's default.
    program = parseTOML(text, { tomlVersion: '1.1' })
  } catch (e) {
    const err = e as { message: string; lineNumber?: number; column?: number }
    if (typeof err.lineNumber !== 'number') throw e
    // The parser's columns are 0-based.
    return PositionedDocument.fromTree(path, text, null, [{ message: parseErrorMessage(path, err.message), line: err.lineNumber, column: (err.column ?? 0) + 1 }])
  }
  const root: YamlMap = { kind: 'map', start: 0, items: [], value: undefined }
  const top = program.body[0]
  for (const item of top.body) {
    if (item.type === 'TOMLKeyValue') {
      addKeyValue(root, item)
      continue
    }
    const keys = item.key.keys
    const parent = descend(root, keys.slice(0, -1))
    const last = keys[keys.length - 1]
    let table: YamlMap
    if (item.kind === 'array') {
      let seq = child(parent, keyName(last))
      if (!seq) seq = addChild(parent, last, { kind: 'seq', start: item.range[0], items: [], value: undefined })
      table = { kind: 'map', start: item.range[0], items: [], value: undefined }
      ;(seq as YamlSeq).items.push(table)
    } else {
      const existing = child(parent, keyName(last))
      table = existing?.kind === 'map' ? existing : (addChild(parent, last, { kind: 'map', start: item.range[0], items: [], value: undefined }) as YamlMap)
    }
    for (const kv of item.body) addKeyValue(table, kv)
  }
  finish(root)
  return PositionedDocument.fromTree(path, text, root, [])
}

function keyName(k: AST.TOMLBare | AST.TOMLQuoted): string {
  return k.type === 'TOMLBare' ? k.name : k.value
}

function child(map: YamlMap, key: string): YamlNode | undefined {
  return map.items.find((p) => p.key.value === key)?.value
}

function addChild(map: YamlMap, key: AST.TOMLBare | AST.TOMLQuoted, node: YamlNode): YamlNode {
  map.items.push({ key: { kind: 'scalar', start: key.range[0], end: key.range[1], style: 'plain', value: keyName(key) }, value: node })
  return node
}

/** The table a dotted key or header prefix names, made where it is first written; an array
 * of tables continues in its last item (`[[bin]]` then `[bin.x]`). The parser has refused
 * any redefinition already. */
function descend(map: YamlMap, keys: ReadonlyArray<AST.TOMLBare | AST.TOMLQuoted>): YamlMap {
  let at = map
  for (const k of keys) {
    let next = child(at, keyName(k))
    if (!next) next = addChild(at, k, { kind: 'map', start: k.range[0], items: [], value: undefined })
    if (next.kind === 'seq') next = next.items[next.items.length - 1]
    at = next as YamlMap
  }
  return at
}

function addKeyValue(table: YamlMap, kv: AST.TOMLKeyValue): void {
  const keys = kv.key.keys
  addChild(descend(table, keys.slice(0, -1)), keys[keys.length - 1], content(kv.value))
}

function content(node: AST.TOMLContentNode): YamlNode {
  if (node.type === 'TOMLArray') return { kind: 'seq', start: node.range[0], items: node.elements.map(content), value: undefined }
  if (node.type === 'TOMLInlineTable') {
    const map: YamlMap = { kind: 'map', start: node.range[0], items: [], value: undefined }
    for (const kv of node.body) addKeyValue(map, kv)
    return map
  }
  return { kind: 'scalar', start: node.range[0], end: node.range[1], style: node.kind === 'string' ? 'double' : 'plain', value: scalarValue(node) }
}

function scalarValue(node: AST.TOMLValue): unknown {
  switch (node.kind) {
    case 'integer':
      return Number.isSafeInteger(node.value) ? node.value : node.bigint.toString()
    case 'offset-date-time':
    case 'local-date-time':
    case 'local-date':
    case 'local-time':
      return node.datetime.replace(' ', 'T').toUpperCase()
    default:
      return node.value
  }
}

/** Gives maps and lists their plain values, bottom-up. */
function finish(node: YamlNode): unknown {
  if (node.kind === 'map') {
    const value: Record<string, unknown> = {}
    // Defined, not assigned: a key named __proto__ is data, not the object's prototype.
    for (const p of node.items) Object.defineProperty(value, String(p.key.value), { value: finish(p.value), enumerable: true, writable: true, configurable: true })
    node.value = value
  } else if (node.kind === 'seq') {
    node.value = node.items.map(finish)
  }
  return node.value
}
