// The project's import graph, type imports included, and the layer rules it must keep
// (docs/development.md, "Layout"). Read from the sources as text: no build needed.
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join, posix } from 'node:path'

export type Graph = Map<string, Set<string>>

/** Files (posix, relative to `root`) → the project files they import; packages under `packages`. */
export function importGraph(root: string, dir = 'src'): { graph: Graph; packages: Map<string, Set<string>> } {
  const graph: Graph = new Map()
  const packages = new Map<string, Set<string>>()
  const walk = (d: string): string[] =>
    readdirSync(join(root, d)).flatMap((e) => {
      const p = posix.join(d, e)
      return statSync(join(root, p)).isDirectory() ? walk(p) : p.endsWith('.ts') ? [p] : []
    })
  // Static imports and re-exports (`import type` included) and dynamic import().
  const SPEC = /(?:^|\n)\s*(?:import|export)\s[^'"]*?from\s+['"]([^'"]+)['"]|(?:^|\n)\s*import\s+['"]([^'"]+)['"]|import\(\s*['"]([^'"]+)['"]\s*\)/g
  for (const file of walk(dir)) {
    const text = readFileSync(join(root, file), 'utf8')
    const deps = new Set<string>()
    const pkgs = new Set<string>()
    for (const m of text.matchAll(SPEC)) {
      const spec = m[1] ?? m[2] ?? m[3]
      if (spec.startsWith('.')) deps.add(posix.normalize(posix.join(posix.dirname(file), spec)).replace(/\.js$/, '.ts'))
      else pkgs.add(spec)
    }
    graph.set(file, deps)
    packages.set(file, pkgs)
  }
  return { graph, packages }
}

/** Strongly connected components of more than one file (or a file importing itself). */
export function cycles(graph: Graph): string[][] {
  let index = 0
  const idx = new Map<string, number>()
  const low = new Map<string, number>()
  const stack: string[] = []
  const onStack = new Set<string>()
  const out: string[][] = []
  const visit = (v: string): void => {
    idx.set(v, index)
    low.set(v, index++)
    stack.push(v)
    onStack.add(v)
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue
      if (!idx.has(w)) {
        visit(w)
        low.set(v, Math.min(low.get(v)!, low.get(w)!))
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, idx.get(w)!))
    }
    if (low.get(v) === idx.get(v)) {
      const scc: string[] = []
      let w: string
      do {
        w = stack.pop()!
        onStack.delete(w)
        scc.push(w)
      } while (w !== v)
      if (scc.length > 1 || graph.get(v)?.has(v)) out.push(scc.sort())
    }
  }
  for (const v of [...graph.keys()].sort()) if (!idx.has(v)) visit(v)
  return out
}

/** The layer of a source file: lower layers never import higher ones. */
export const LAYERS: ReadonlyArray<{ layer: number; name: string; test: RegExp }> = [
  { layer: 0, name: 'core', test: /^src\/core\// },
  { layer: 1, name: 'repo', test: /^src\/repo\// },
  { layer: 1, name: 'expressions', test: /^src\/expressions\// },
  { layer: 1, name: 'spec', test: /^src\/spec\// },
  { layer: 1, name: 'evidence', test: /^src\/evidence\// },
  { layer: 2, name: 'gates/kit', test: /^src\/gates\/kit\.ts$/ },
  { layer: 2, name: 'gates/support', test: /^src\/gates\/support\// },
  { layer: 3, name: 'gates/assertions', test: /^src\/gates\/assertions\// },
  { layer: 3, name: 'gates/builtins', test: /^src\/gates\/builtins\// },
  { layer: 4, name: 'matrix', test: /^src\/matrix\// },
  { layer: 4, name: 'report', test: /^src\/report\// },
  { layer: 4, name: 'github', test: /^src\/github\// },
  { layer: 4, name: 'live', test: /^src\/live\// },
  { layer: 4, name: 'run-facts', test: /^src\/run-facts\// },
  { layer: 4, name: 'init', test: /^src\/init\// },
  { layer: 5, name: 'engine', test: /^src\/engine\// },
  { layer: 6, name: 'cli', test: /^src\/cli\// },
  { layer: 6, name: 'action', test: /^src\/action\// },
  { layer: 6, name: 'action', test: /^src\/index\.ts$/ },
]

/** Imports across folders of one layer that the layout allows (name → names). */
const SAME_LAYER: Readonly<Record<string, readonly string[]>> = {
  spec: ['repo'],
  evidence: ['repo'],
  'gates/support': ['gates/kit'],
  engine: ['matrix'],
}

function layerOf(file: string) {
  return LAYERS.find((l) => l.test.test(file))
}

/** Every import that breaks the layout, as "from → to: why". */
export function layerViolations(graph: Graph, packages: Map<string, Set<string>>): string[] {
  const out: string[] = []
  for (const [from, deps] of graph) {
    const a = layerOf(from)
    if (!a) {
      out.push(`${from}: in no layer; put it in a layer's folder`)
      continue
    }
    for (const to of deps) {
      const b = layerOf(to)
      if (!b) continue
      const plugin = a.name === 'gates/assertions' || a.name === 'gates/builtins'
      if (plugin && b.layer === 3 && !(from.endsWith('/registry.ts') && a.name === b.name)) {
        out.push(`${from} → ${to}: kinds and built-ins never import each other (shared logic goes to gates/support/)`)
      } else if (b.layer > a.layer || (b.layer === 6 && a.layer === 6 && a.name !== b.name)) {
        out.push(`${from} → ${to}: ${a.name} (layer ${a.layer}) may not import ${b.name} (layer ${b.layer})`)
      } else if (b.layer === a.layer && a.name !== b.name && !SAME_LAYER[a.name]?.includes(b.name) && !plugin) {
        out.push(`${from} → ${to}: ${a.name} may not import ${b.name}, another folder of layer ${a.layer}`)
      }
      if (a.name === 'engine' && b.layer === 4 && b.name !== 'matrix') out.push(`${from} → ${to}: the engine may not import ${b.name}`)
    }
    for (const pkg of packages.get(from) ?? []) {
      if (!pkg.startsWith('@actions/')) continue
      const expressions = pkg.startsWith('@actions/expressions') && a.name === 'expressions'
      if (a.name !== 'action' && !expressions) out.push(`${from} → ${pkg}: only src/action imports @actions/* (and src/expressions @actions/expressions)`)
    }
  }
  return out.sort()
}
