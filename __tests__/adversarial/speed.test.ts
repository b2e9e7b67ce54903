// The fast positioned tree (js-yaml events) against a second parser (`yaml`, the parser
// positions were defined by): same value, same offset, same style for every node of every
// YAML/JSON file of this repository, of the public packages' YAML in node_modules, of a
// synthetic repository and of hand-made edge cases; and files js-yaml refuses but `yaml`
// (and GitHub) accept still parse.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, relative } from 'node:path'
import { parseDocument } from 'yaml'
import { parsePositioned } from '../../src/repo/yaml.js'
import { fastTree, type YamlNode, yamlTree } from '../../src/repo/yaml-tree.js'
import { loadWorkflow } from '../../src/repo/workflows.js'
import { RepoReader } from '../../src/repo/reader.js'
import { fixtureRepo } from '../support/gates.js'
// @ts-expect-error: a plain .mjs script without types
import { generateRepository } from '../../scripts/bench/generate.mjs'

const ROOT = join(import.meta.dirname, '..', '..')

function filesUnder(dir: string, pattern = /\.(ya?ml|json)$/, out: string[] = [], depth = 0): string[] {
  let names: string[]
  try {
    names = readdirSync(dir)
  } catch {
    return out
  }
  for (const name of names) {
    const p = join(dir, name)
    let st
    try {
      st = statSync(p)
    } catch {
      continue
    }
    if (st.isDirectory()) {
      if (depth < 12 && name !== '.git') filesUnder(p, pattern, out, depth + 1)
    } else if (pattern.test(name) && st.size < 2_000_000) out.push(p)
  }
  return out
}

/** A scalar's extent as `run:` scripts use it: the end offset, or a block's non-blank lines. */
function extent(node: YamlNode, src: string): unknown {
  if (node.kind !== 'scalar') return undefined
  if (node.style !== 'literal' && node.style !== 'folded') return node.end
  return src.slice(node.start, node.end).split('\n').filter((l) => l.trim() !== '').join('\n')
}

/** Every node as [key path, kind, offset, style, value, extent], in document order. */
function flatten(src: string, node: YamlNode | null, path = '$', out: unknown[][] = []): unknown[][] {
  if (!node) return out
  out.push([path, node.kind, node.start, node.kind === 'scalar' ? node.style : '', node.kind === 'scalar' ? node.value : undefined, extent(node, src)])
  if (node.kind === 'map') {
    for (const p of node.items) {
      out.push([`${path}.<key>`, p.key.kind, p.key.start, p.key.kind === 'scalar' ? p.key.style : '', p.key.kind === 'scalar' ? String(p.key.value) : undefined, extent(p.key, src)])
      flatten(src, p.value, `${path}.${String(p.key.value)}`, out)
    }
  } else if (node.kind === 'seq') node.items.forEach((n, i) => flatten(src, n, `${path}[${i}]`, out))
  return out
}

function reference(text: string): { nodes: unknown[][]; value: unknown } | null {
  const doc = parseDocument(text, { prettyErrors: false, uniqueKeys: true, strict: true })
  if (doc.errors.length) return null
  const value = doc.toJS({ maxAliasCount: 1000 })
  return { nodes: flatten(text, yamlTree(doc, value)), value }
}

/** Compares one text; returns whether js-yaml's tree was used (false: the `yaml` path). */
function compare(name: string, text: string): boolean {
  const ref = reference(text)
  const fast = fastTree(text)
  if (!fast) return false
  expect({ name, ok: ref !== null }).toEqual({ name, ok: true })
  expect({ name, nodes: flatten(text, fast.root) }).toEqual({ name, nodes: ref!.nodes })
  expect({ name, value: fast.root?.value ?? null }).toEqual({ name, value: ref!.value })
  return true
}

const EDGE_CASES: Record<string, string> = {
  empty: '',
  comment: '# only a comment\n',
  scalarRoot: 'just text\n',
  emptyValues: 'a:\nb:   # c\nc: ~\nd:\n  -\n  - \n  - x\ne: {k: , j: v}\n',
  quoted: 'a: "x \\" y"\nb: \'it\'\'s\'\n"c d": \'e\'\nf: "multi\n  line"\n',
  blocks: 'a: |\n  one\n  two\nb: >-\n  folded\n  text\nc: |2\n   indented\nd: | # comment | >\n  x\ne:\n  # lead\n  |+\n  keep\n\nf: [1]\n',
  seqBlocks: '- |\n  a\n- >\n  b\n-\n- "q"\n',
  flow: 'a: [1, "two", {k: v, q: [x, y]}, []]\nb: {}\nc: { x: 1 , y: [ 2 ] }\nd: {a, b  , c: }\ne: {f\t/* x */, g}\n',
  tagsAnchors: 'a: !!str 3\nb: &anc 1\nc: &m\n  k: v\nd: !!map\n  k: v\n',
  types: 'i: 12\no: 0o17\nh: 0x1F\nf: 1.5\ne: 1e3\nn: .nan\ninf: -.inf\nt: true\nT: True\nnull1: null\nyes: yes\non: on\nv: 1.10\n',
  keys: '1: a\ntrue: b\n"x": c\n? explicit\n: value\nhasOwnProperty: 1\nconstructor: 2\n',
  json: '{"a": [1, 2, {"b": null}], "c": "d", "e": true}\n',
  protoKey: '__proto__: 1\nnested: {__proto__: [x], b: ""}\nlist: [__proto__, 0x10, -.5, ~]\n',
  crlf: 'on: push\r\njobs:\r\n  a:\r\n    steps:\r\n      - run: |\r\n          echo hi\r\n',
  unicode: 'name: "héllo ☃"\nemoji: 😀 text\nafter: x\n',
  docMarker: '---\na: 1\n...\n',
  workflow:
    'on:\n  workflow_dispatch:\n    inputs:\n      env:\n        type: choice\n        options: [a, b]\njobs:\n  deploy:\n    environment: { name: prod, url: x }\n    strategy:\n      matrix: { os: [a, b] }\n    steps:\n      - run: echo "${{ inputs.env }}" || true\n        continue-on-error: true\n      - name: two\n        run: >\n          folded\n          run\n',
}

describe('the fast YAML tree agrees with `yaml` on every node', () => {
  it('on hand-made edge cases', () => {
    const slow = Object.entries(EDGE_CASES)
      .filter(([name, text]) => !compare(name, text))
      .map(([name]) => name)
    // Every edge case takes the fast path: a fallback to `yaml` would pass the comparison
    // while proving nothing about the builder.
    expect(slow).toEqual([])
  })

  it("on this repository's and the installed packages' YAML and JSON files", () => {
    const files = [
      ...filesUnder(join(ROOT, 'examples')),
      ...filesUnder(join(ROOT, 'testdata')),
      ...filesUnder(join(ROOT, '.github')),
      // Public packages' YAML (CI workflows among them); their JSON is thousands of package.json.
      ...filesUnder(join(ROOT, 'node_modules'), /\.ya?ml$/),
      ...filesUnder(join(ROOT, 'node_modules', '@octokit', 'webhooks-examples')),
      join(ROOT, 'gate-matrix.example.yml'),
      join(ROOT, 'action.yml'),
      // A folder of real public workflows, when one is at hand (not committed).
      ...(process.env.GATE_MATRIX_REAL_WORKFLOWS ? filesUnder(process.env.GATE_MATRIX_REAL_WORKFLOWS) : []),
    ]
    let fast = 0
    let workflows = 0
    for (const f of files) {
      const text = readFileSync(f, 'utf8')
      if (compare(relative(ROOT, f), text)) {
        fast++
        if (f.includes('.github/workflows/')) workflows++
      }
    }
    expect(fast).toBeGreaterThan(200)
    expect(workflows).toBeGreaterThan(10)
  })

  it('on a synthetic repository (the bench generator at a small scale)', () => {
    const dir = mkdtempSync(join(tmpdir(), 'gm-speed-'))
    try {
      const gen = generateRepository(dir, { workflows: 120, environments: 6, gates: 40, docReferences: 200, seed: 7 }) as { parsedFiles: string[] }
      let fast = 0
      for (const rel of gen.parsedFiles) if (compare(rel, readFileSync(join(dir, rel), 'utf8'))) fast++
      expect(fast).toBe(gen.parsedFiles.length)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

describe('a file js-yaml refuses but `yaml` and GitHub accept', () => {
  // A flow sequence closed at its key's column (js-yaml refuses it) and an alias (the
  // builder leaves aliases to `yaml`, whose expansion guard they need).
  const accepted: Record<string, string> = {
    flowCloseAtKeyColumn: 'on: push\njobs:\n  a:\n    runs-on: ubuntu-latest\n    steps:\n      - run: echo\n    needs: [\n      b\n    ]\n  b:\n    environment: production\n    runs-on: ubuntu-latest\n    steps: []\n',
    alias: 'on: push\njobs:\n  a:\n    environment: &e production\n    steps: []\n  b:\n    environment: *e\n    steps: []\n',
  }

  it.each(Object.entries(accepted))('%s: parsed through `yaml`, with its positions', (_name, text) => {
    expect(fastTree(text)).toBeNull()
    const doc = parsePositioned('x.yml', text)
    expect(doc.problems).toEqual([])
    expect(doc.value).toEqual(parseDocument(text).toJS())
    const r = loadWorkflow(new RepoReader(fixtureRepo({ '.github/workflows/x.yml': text })), '.github/workflows/x.yml')
    expect(r.kind).toBe('ok')
  })

  it('the job after a flow `]` at its key column keeps its environment and line', () => {
    const r = loadWorkflow(new RepoReader(fixtureRepo({ '.github/workflows/x.yml': accepted.flowCloseAtKeyColumn })), '.github/workflows/x.yml')
    if (r.kind !== 'ok') throw new Error(r.kind)
    expect(r.workflow.jobs.map((j) => [j.id, j.environment?.value ?? null, j.environment?.location.line ?? null])).toEqual([
      ['a', null, null],
      ['b', 'production', 11],
    ])
  })

  it('a file neither parser accepts keeps the problem `yaml` reports, with its line', () => {
    const doc = parsePositioned('bad.yml', 'a: 1\na: 2\n')
    expect(doc.problems).toHaveLength(1)
    expect(doc.problems[0]).toMatchObject({ line: 2, column: 1 })
    expect(doc.value).toBeUndefined()
  })

  it('an alias that expands without bound is still a problem, not a value', () => {
    const lines = ['a: &a [x, x, x, x, x, x, x, x, x, x]']
    for (let i = 0; i < 8; i++) lines.push(`${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(10).fill(`*${String.fromCharCode(97 + i)}`).join(', ')}]`)
    const doc = parsePositioned('bomb.yml', lines.join('\n') + '\n')
    expect(doc.value).toBeUndefined()
    expect(doc.problems.length).toBeGreaterThan(0)
  })
})
