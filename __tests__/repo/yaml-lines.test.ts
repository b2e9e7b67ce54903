// The line scanner (src/repo/yaml-lines.ts) must give the very tree the js-yaml event path
// gives, or give up: checked node by node (kind, offset, end, style, value) on real and
// synthetic files and on thousands of mutations of them, whose odd corners are where a
// scanner would go wrong. __tests__/adversarial/speed.test.ts compares the whole fast path
// (this scanner first) with `yaml` itself.
import { describe, expect, it } from '@jest/globals'
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { lineTree } from '../../src/repo/yaml-lines.js'
import { eventTree, type YamlNode } from '../../src/repo/yaml-tree.js'
// @ts-expect-error: a plain .mjs script without types
import { generateRepository } from '../../scripts/bench/generate.mjs'

const ROOT = join(import.meta.dirname, '..', '..')

function yamlFiles(dir: string, out: string[] = []): string[] {
  for (const name of readdirSync(dir)) {
    const p = join(dir, name)
    if (statSync(p).isDirectory()) {
      if (name !== '.git' && name !== 'node_modules') yamlFiles(p, out)
    } else if (/\.ya?ml$/.test(name)) out.push(p)
  }
  return out
}

/** Every node as [path, kind, start, end, style, value], and each container's value. */
function flatten(node: YamlNode, path = '$', out: unknown[] = []): unknown[] {
  if (node.kind === 'scalar') out.push([path, 'scalar', node.start, node.end, node.style, node.value])
  else if (node.kind === 'map') {
    out.push([path, 'map', node.start, node.value])
    for (const p of node.items) {
      flatten(p.key, `${path}.<key>`, out)
      flatten(p.value, `${path}.${String(p.key.value)}`, out)
    }
  } else if (node.kind === 'seq') {
    out.push([path, 'seq', node.start, node.value])
    node.items.forEach((n, i) => flatten(n, `${path}[${i}]`, out))
  } else out.push([path, node.kind, node.start])
  return out
}

/** Compares one text; returns whether the scanner read it (false: it gave up). */
function agrees(name: string, text: string): boolean {
  const mine = lineTree(text)
  if (!mine) return false
  const ref = eventTree(text)
  // A text the event path refuses or cannot place must not be read here either.
  expect({ name, refused: !ref?.root }).toEqual({ name, refused: false })
  expect({ name, nodes: flatten(mine) }).toEqual({ name, nodes: flatten(ref!.root!) })
  return true
}

/** A small seeded generator, so a failure names a case that can be replayed. */
function random(seed: number): () => number {
  let s = seed
  return () => (s = (s * 1103515245 + 12345) & 0x7fffffff) / 0x7fffffff
}

const INSERTS = [':', ' ', '#', "'", '"', '-', '[', ']', '{', '}', ',', '|', '>', '&', '*', '!', '?', '\\', 'a', '0', '.', '~', ': ', ' #', '- ', '\n', '\n  ', '  ', '|-', '|+', '<<: ', 'null', 'true', '1.0', '0x1', '---', '%']

/** `text` with one to three random edits: characters inserted or removed, lines repeated, re-indented, blank. */
function mutate(text: string, next: () => number): string {
  const lines = text.split('\n')
  const pick = <T>(list: T[]): T => list[Math.floor(next() * list.length)]
  for (let e = 1 + Math.floor(next() * 3); e > 0; e--) {
    const i = Math.floor(next() * lines.length)
    const line = lines[i]
    const op = next()
    const at = Math.floor(next() * (line.length + 1))
    if (op < 0.5) lines[i] = line.slice(0, at) + pick(INSERTS) + line.slice(at)
    else if (op < 0.65) lines[i] = line.slice(0, at) + line.slice(at + 1)
    else if (op < 0.75) lines.splice(i, 0, line)
    else if (op < 0.85) lines[i] = next() < 0.5 ? ` ${line}` : line.replace(/^ /, '')
    else if (op < 0.92) lines[i] = line + pick([' #x', ': x', ':', ' ', "'", ' - a', ' |'])
    else lines.splice(i, 0, pick(['', '  ', '    ', '#c', '  #c', '      ']))
  }
  return lines.join('\n')
}

function synthetic<T>(use: (texts: string[]) => T): T {
  const dir = mkdtempSync(join(tmpdir(), 'gm-lines-'))
  try {
    const gen = generateRepository(dir, { workflows: 80, environments: 6, gates: 40, docReferences: 200, seed: 11 }) as { parsedFiles: string[] }
    return use(gen.parsedFiles.filter((f) => /\.ya?ml$/.test(f)).map((f) => readFileSync(join(dir, f), 'utf8')))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

const ownFiles = (): string[] =>
  [...yamlFiles(join(ROOT, '.github')), ...yamlFiles(join(ROOT, 'examples')), ...yamlFiles(join(ROOT, 'testdata')), ...yamlFiles(join(ROOT, '__tests__')), join(ROOT, 'action.yml'), join(ROOT, 'gate-matrix.example.yml')]

describe('the line scanner gives the event path’s tree', () => {
  it("on this repository's YAML files", () => {
    const files = ownFiles()
    const read = files.filter((f) => agrees(f, readFileSync(f, 'utf8')))
    // Most are in its subset: the comparison proves something.
    expect(read.length).toBeGreaterThan(files.length / 2)
  })

  it('on every YAML file of a synthetic repository (the bench generator at a small scale), reading all of them', () => {
    synthetic((texts) => {
      expect(texts.filter((t, i) => !agrees(`synthetic ${i}`, t))).toEqual([])
    })
  })

  it('on 4,000 mutations of real and synthetic files, or gives up on them', () => {
    const bases = [...ownFiles().map((f) => readFileSync(f, 'utf8')), ...synthetic((texts) => texts.slice(0, 40))]
    const next = random(20261204)
    let read = 0
    for (let k = 0; k < 4000; k++) {
      const base = bases[k % bases.length]
      if (agrees(`mutation ${k} of base ${k % bases.length}`, mutate(base, next))) read++
    }
    // Enough of them stay in its subset to test it, and enough leave it to test its limits.
    expect(read).toBeGreaterThan(800)
    expect(read).toBeLessThan(3600)
  })
})

describe('the line scanner gives up (and the event path decides)', () => {
  const outside: Record<string, string> = {
    anchor: 'a: &x 1\nb: *x\n',
    tag: 'a: !!str 1\n',
    folded: 'a: >\n  text\n',
    indentationIndicator: 'a: |2\n   x\n',
    multiLinePlain: 'a: one\n  two\n',
    multiLineQuoted: 'a: "one\n  two"\n',
    escape: 'a: "x\\ty"\n',
    tab: 'a:\tb\n',
    crlf: 'a: b\r\n',
    bom: '\uFEFFa: b\n',
    loneSurrogate: 'a: \uD83D b\n',
    documentMarker: '---\na: b\n',
    directive: '%YAML 1.2\n---\na: b\n',
    quotedKey: '"a": b\n',
    explicitKey: '? a\n: b\n',
    duplicateKey: 'a: 1\na: 2\n',
    mergeKey: '<<: {a: 1}\n',
    keyNotItsText: '1.0: a\n',
    nestedFlow: 'a: [b, [c]]\n',
    flowOverLines: 'a: [b,\n  c]\n',
    mappingInPlain: 'a: b: c\n',
    noFinalNewline: 'a: b',
    scalarRoot: 'text\n',
    indentedRoot: '  a: b\n',
    emptyDocument: '# nothing\n',
    blankLineTooLongInBlock: 'a: |\n  x\n     \n  y\n',
    compactNestedSequence: '- - a\n',
  }
  for (const [name, text] of Object.entries(outside)) {
    it(name, () => expect(lineTree(text)).toBeUndefined())
  }

  it('but reads what workflows are made of, at the offsets `yaml` gives', () => {
    const text = "on: { push: x }\njobs:\n  a:\n    steps:\n      - run: |\n          echo 'x: y' # not a comment\n\n        shell: bash # one\n      - uses: a/b@v1\n        with: { k: 'it''s', n: \"two\" }\n        args: [1, \"two\"]\n"
    const tree = lineTree(text)
    expect(tree).toBeDefined()
    expect(agrees('workflow', text)).toBe(true)
    const step = (tree!.value as { jobs: { a: { steps: Array<Record<string, unknown>> } } }).jobs.a.steps
    expect(step[0]).toEqual({ run: "echo 'x: y' # not a comment\n", shell: 'bash' })
    expect(step[1]).toEqual({ uses: 'a/b@v1', with: { k: "it's", n: 'two' }, args: [1, 'two'] })
  })
})
