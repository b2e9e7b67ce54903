// The built bundle as Node loads it: every chunk esbuild wrote is reached from an entry, and
// the rare paths stay behind a dynamic import() so a start does not compile them.
import { spawnSync } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
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
/** The files an entry's start reaches only through import(), by the source module each chunk is named after. */
function lazyChunks(loaded: Set<string>, name: string): string[] {
  const dynamic = new Set([...loaded].flatMap((f) => edges(f, DYNAMIC)))
  return [...dynamic].filter((f) => new RegExp(`^${name}-[A-Z0-9]+\\.js$`).test(rel(f)))
}

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

  // Each entry is its own build: a chunk name can be there twice, once per entry.
  test('the action starts without the artifact client, Octokit, undici or the OIDC client', () => {
    const loaded = staticClosure(ACTION)
    for (const name of ['artifact', 'client', 'merge']) {
      const lazy = lazyChunks(loaded, name)
      expect(lazy.map(rel)).toHaveLength(1)
      expect([...loaded].map(rel)).not.toContain(rel(lazy[0]))
    }
    // Matched as booleans: a failure should not print a megabyte of bundle.
    const text = [...loaded].map((f) => readFileSync(f, 'utf8')).join('\n')
    expect(/undici/.test(text)).toBe(false)
    expect(/ACTIONS_ID_TOKEN_REQUEST_URL/.test(text)).toBe(false)
    expect(/ACTIONS_ID_TOKEN_REQUEST_URL/.test(files.map((f) => readFileSync(f, 'utf8')).join('\n'))).toBe(false)
  })

  test('the CLI starts without Octokit, SARIF, markdown, merge or the schemas', () => {
    const loaded = staticClosure(CLI)
    for (const name of ['client', 'sarif', 'markdown', 'merge', 'schema', 'json-schema']) {
      const lazy = lazyChunks(loaded, name)
      expect(lazy).toHaveLength(1)
      expect([...loaded]).not.toContain(lazy[0])
    }
    expect(lazyChunks(loaded, 'artifact')).toEqual([])
    expect([...loaded].some((f) => /^artifact-/.test(rel(f)))).toBe(false)
  })

  test('neither start loads node:child_process (git is asked through import())', () => {
    for (const entry of [ACTION, CLI]) {
      const text = [...staticClosure(entry)].map((f) => readFileSync(f, 'utf8')).join('\n')
      expect(/from\s*["']node:child_process["']/.test(text)).toBe(false)
      expect(/import\(\s*["']node:child_process["']\s*\)/.test(text)).toBe(true)
    }
  })

  // `yaml` is bundled as a module that runs on its first call (scripts/build.mjs, lazyYaml):
  // the CLI must still read what only `yaml` reads.
  test("the bundled CLI reads a workflow js-yaml refuses and reports a repeated key through `yaml`", () => {
    const dir = mkdtempSync(join(tmpdir(), 'gm-bundle-yaml-'))
    try {
      mkdirSync(join(dir, '.github', 'workflows'), { recursive: true })
      writeFileSync(join(dir, '.github', 'workflows', 'deploy.yml'), 'on: workflow_dispatch\njobs:\n  a:\n    runs-on: [\n      ubuntu-latest\n    ]\n    environment: production\n    steps: []\n')
      writeFileSync(join(dir, 'config.yml'), 'region: eu\nregion: us\n')
      writeFileSync(
        join(dir, 'gate-matrix.yml'),
        'version: 1\nowner: platform\nenvironments:\n  production: { branch: main }\ngates:\n  - id: g\n    family: source-promotion\n    artifact: config.yml\n    assert:\n      - workflow: { file: .github/workflows/deploy.yml, triggers: [workflow_dispatch] }\n      - data: { file: config.yml, path: region, equals: eu }\n',
      )
      const r = spawnSync(process.execPath, [CLI, 'check', '--root', dir, '--format', 'json', '--now', '2026-11-01'], { encoding: 'utf8' })
      const evidence = JSON.parse(r.stdout) as { blockers: Array<{ code: string; message: string; location: { path: string; line: number } }> }
      expect(evidence.blockers.map((b) => [b.code, b.location.path, b.location.line])).toEqual([['DATA_UNPARSABLE', 'config.yml', 2]])
      expect(evidence.blockers[0].message).toContain('Map keys must be unique')
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

