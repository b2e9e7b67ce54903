// The built bundle as Node loads it: every chunk esbuild wrote is reached from an entry, and
// the rare paths stay behind a dynamic import() so a start does not compile them.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { ensureBuilt, ROOT } from './harness.js'

const DIST_DIR = join(ROOT, 'dist')
// `import{a as b}from"./x.js"`, `import"./x.js"`, `export{a}from"./x.js"` (minified or not).
const STATIC = /(?:^|[;}\s])(?:import|export)\s*(?:[\w${},*\s]+from\s*)?["'](\.{1,2}\/[^"']+)["']/g
const DYNAMIC = /import\(\s*["'](\.{1,2}\/[^"']+)["']\s*\)/g

function edges(file: string, pattern: RegExp): string[] {
  const text = readFileSync(file, 'utf8')
  return [...text.matchAll(pattern)].map((m) => normalize(join(dirname(file), m[1])))
}

/** The files Node loads before the entry runs: its static imports, transitively. */
function staticClosure(entry: string, seen = new Set<string>()): Set<string> {
  if (seen.has(entry)) return seen
  seen.add(entry)
  for (const dep of edges(entry, STATIC)) staticClosure(dep, seen)
  return seen
}

function jsFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? jsFiles(join(dir, e.name)) : e.name.endsWith('.js') ? [join(dir, e.name)] : []))
}

const ACTION = join(DIST_DIR, 'index.js')
const CLI = join(DIST_DIR, 'cli', 'index.js')
const rel = (f: string) => relative(DIST_DIR, f)
/** The chunk a dynamic import of this source module became (esbuild names it after the module). */
const chunk = (files: string[], name: string) => files.filter((f) => new RegExp(`^${name}-[A-Z0-9]+\\.js$`).test(rel(f)))

describe('the built bundle', () => {
  let files: string[]
  beforeAll(() => {
    ensureBuilt()
    files = jsFiles(DIST_DIR)
  })

  test('every static and dynamic import names a file of dist/, and every chunk is imported', () => {
    const referenced = new Set<string>()
    for (const f of files) for (const dep of [...edges(f, STATIC), ...edges(f, DYNAMIC)]) referenced.add(dep)
    expect([...referenced].filter((f) => !existsSync(f)).map(rel)).toEqual([])
    const orphans = files.filter((f) => f !== ACTION && f !== CLI && !referenced.has(f)).map(rel)
    expect(orphans).toEqual([])
    expect(files.length).toBeGreaterThan(2)
  })

  test('the action starts without the artifact client, Octokit, undici or the OIDC client', () => {
    const loaded = staticClosure(ACTION)
    for (const name of ['artifact', 'client']) {
      const lazy = chunk(files, name)
      expect(lazy.map(rel)).toHaveLength(1)
      expect(edges(ACTION, DYNAMIC).concat(...[...loaded].map((f) => edges(f, DYNAMIC)))).toContain(lazy[0])
      expect([...loaded].map(rel)).not.toContain(rel(lazy[0]))
    }
    // Matched as booleans: a failure should not print a megabyte of bundle.
    const text = [...loaded].map((f) => readFileSync(f, 'utf8')).join('\n')
    expect(/undici/.test(text)).toBe(false)
    expect(/ACTIONS_ID_TOKEN_REQUEST_URL/.test(text)).toBe(false)
    expect(/ACTIONS_ID_TOKEN_REQUEST_URL/.test(files.map((f) => readFileSync(f, 'utf8')).join('\n'))).toBe(false)
  })

  test('the CLI starts without Octokit, SARIF, markdown, merge or the schemas', () => {
    const loaded = [...staticClosure(CLI)].map(rel)
    for (const name of ['client', 'sarif', 'markdown', 'merge', 'schema', 'json-schema']) {
      const lazy = chunk(files, name)
      expect(lazy).toHaveLength(1)
      expect(loaded).not.toContain(rel(lazy[0]))
    }
    expect(loaded).not.toContain(rel(chunk(files, 'artifact')[0]))
  })
})
