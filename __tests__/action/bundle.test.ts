// The built bundle as Node loads it: every chunk esbuild wrote is reached from an entry, and
// the rare paths stay behind a dynamic import() so a start does not compile them.
import { spawnSync } from 'node:child_process'
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, normalize, relative } from 'node:path'
import { writeTree } from '../support/gates.js'
import { ensureBuilt, ROOT, runAction } from './harness.js'

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
const CLI_BUNDLE = join(DIST_DIR, 'cli', 'gate-matrix.cjs')
const rel = (f: string) => relative(DIST_DIR, f)
/** The files an entry's start reaches only through import(), by the source module each chunk is named after. */
function lazyChunks(loaded: Set<string>, name: string): string[] {
  const dynamic = new Set([...loaded].flatMap((f) => edges(f, DYNAMIC)))
  return [...dynamic].filter((f) => new RegExp(`^${name}-[A-Z0-9]+\\.js$`).test(rel(f)))
}


// Records at exit what the process loaded: Node's built-ins and the files of require's cache.
const HOOK_SOURCE = `process.once('exit', () => require('node:fs').writeFileSync(process.env.GM_TEST_LOADED, JSON.stringify({
  builtins: process.moduleLoadList.filter((m) => m.startsWith('NativeModule ')).map((m) => m.slice(13)),
  files: Object.keys(require.cache),
})))
`
let HOOK = ''

/** What a run recorded through HOOK: its built-ins, and the files of dist/ it required, sorted. */
function loaded(file: string): { builtins: string[]; files: string[] } {
  const seen = JSON.parse(readFileSync(file, 'utf8')) as { builtins: string[]; files: string[] }
  return { builtins: seen.builtins, files: seen.files.filter((f) => f.startsWith(DIST_DIR)).map(rel).sort() }
}

// A gate of each everyday kind, on files none of the vendor packages is needed for.
const SMALL_REPO = {
  'package.json': '{ "engines": { "node": ">=20" } }\n',
  'README.md': '# r\n\nDeployed by [the workflow](.github/workflows/deploy.yml).\n',
  '.github/workflows/deploy.yml': 'on: { workflow_dispatch: {} }\njobs:\n  d:\n    runs-on: ubuntu-latest\n    environment: production\n    steps:\n      - run: ./deploy.sh\n',
  'gate-matrix.yml':
    'version: 1\nowner: platform\nenvironments:\n  production: { branch: main }\ngates:\n  - id: g\n    family: source-promotion\n    artifact: package.json\n    assert:\n' +
    "      - data: { file: package.json, path: engines.node, matches: '^>=20' }\n      - workflow: { file: .github/workflows/deploy.yml, triggers: [workflow_dispatch] }\n      - docs: { files: README.md, references_exist: links }\n",
}

describe('the built bundle', () => {
  let files: string[]
  beforeAll(() => {
    ensureBuilt()
    files = jsFiles(DIST_DIR)
    HOOK = join(mkdtempSync(join(tmpdir(), 'gm-bundle-hook-')), 'hook.cjs')
    writeFileSync(HOOK, HOOK_SOURCE)
  })
  afterAll(() => rmSync(dirname(HOOK), { recursive: true, force: true }))

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

  // The CLI is one self-contained CommonJS file (scripts/build.mjs) that dist/cli/index.js
  // compiles from V8's code cache; its rare paths are bundled behind esbuild's lazy wrappers.
  test('the CLI starts from a CommonJS file that requires nothing but Node built-ins', () => {
    expect(JSON.parse(readFileSync(join(DIST_DIR, 'cli', 'package.json'), 'utf8'))).toEqual({ type: 'commonjs' })
    for (const file of [CLI, CLI_BUNDLE]) {
      const text = readFileSync(file, 'utf8')
      expect([...text.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]).filter((m) => !builtinModules.includes(m.replace(/^node:/, '')))).toEqual([])
    }
    expect(readFileSync(CLI, 'utf8').startsWith('#!/usr/bin/env node\n')).toBe(true)
  })

  // What a start loaded, seen from inside the process: Node's built-ins and the CommonJS files
  // (the CLI's bundle, dist/vendor/*), recorded at exit by a --require hook.
  test('a check on a small repository loads neither node:child_process nor a vendor package', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gm-bundle-start-'))
    try {
      const repo = join(dir, 'repo')
      writeTree(repo, SMALL_REPO)
      const cliOut = join(dir, 'cli.json')
      const r = spawnSync(process.execPath, [CLI, 'check', '--root', repo, '--now', '2026-11-01'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--require ${HOOK}`, GM_TEST_LOADED: cliOut, XDG_CACHE_HOME: join(dir, 'cache') } })
      expect([r.status, r.stderr]).toEqual([0, ''])
      const actionOut = join(dir, 'action.json')
      const a = await runAction({ workspace: repo, eventName: 'schedule', payload: { schedule: '0 6 * * 1' }, repository: 'o/r', apiUrl: 'http://127.0.0.1:9', env: { NODE_OPTIONS: `--require ${HOOK}`, GM_TEST_LOADED: actionOut } })
      expect(a.code).toBe(0)
      const cli = loaded(cliOut)
      const action = loaded(actionOut)
      // gate-matrix.cjs is compiled by the start itself (src/cli/start.ts), not required.
      expect(cli.files).toEqual(['cli/index.js'])
      expect(action.files).toEqual([])
      for (const run of [cli, action]) {
        expect(run.builtins).toContain('fs')
        expect(run.builtins).not.toContain('child_process')
      }
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })

  // The vendor packages load on their first use (scripts/build.mjs, VENDOR), from
  // dist/vendor/*.cjs for the action and from inside the CLI's one file: both must still read
  // what only `yaml` reads, TOML, and a heading with an HTML entity; the CLI's file copied
  // alone, too.
  test('the bundled CLI, alone or not, and the action read through every vendor package when a file needs it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gm-bundle-vendor-'))
    try {
      const repo = join(dir, 'repo')
      writeTree(repo, {
        '.github/workflows/deploy.yml': 'on: workflow_dispatch\njobs:\n  a:\n    runs-on: [\n      ubuntu-latest\n    ]\n    environment: production\n    steps: []\n',
        'config.yml': 'region: eu\nregion: us\n',
        'config.toml': 'region = "us"\n',
        'README.md': '# r\n\n## Rollback &amp; restore\n',
        'gate-matrix.yml':
          'version: 1\nowner: platform\nenvironments:\n  production: { branch: main }\ngates:\n  - id: g\n    family: source-promotion\n    artifact: config.yml\n    assert:\n' +
          '      - workflow: { file: .github/workflows/deploy.yml, triggers: [workflow_dispatch] }\n      - data: { file: config.yml, path: region, equals: eu }\n' +
          '      - data: { file: config.toml, path: region, equals: eu }\n      - docs: { files: README.md, headings: [Rollback & restore, Rollback &amp; restore] }\n',
      })
      const cliOut = join(dir, 'cli.json')
      const r = spawnSync(process.execPath, [CLI, 'check', '--root', repo, '--format', 'json', '--now', '2026-11-01'], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--require ${HOOK}`, GM_TEST_LOADED: cliOut, XDG_CACHE_HOME: join(dir, 'cache') } })
      const evidence = JSON.parse(r.stdout) as { blockers: Array<{ code: string; message: string; location: { path: string; line: number } }> }
      const blockers = evidence.blockers.map((b) => [b.code, b.location.path, b.location.line])
      expect(blockers).toEqual([
        ['DATA_UNPARSABLE', 'config.yml', 2],
        ['VALUE_MISMATCH', 'config.toml', 1],
        ['DOC_HEADING_MISSING', 'README.md', 1],
      ])
      expect(evidence.blockers[0].message).toContain('Map keys must be unique')
      // The heading's text is decoded: only the undecoded spelling is missing.
      expect(evidence.blockers[2].message).toContain('"Rollback &amp; restore"')
      expect(loaded(cliOut).files).toEqual(['cli/index.js'])
      const alone = join(dir, 'alone', 'gate-matrix.cjs')
      mkdirSync(dirname(alone))
      copyFileSync(CLI_BUNDLE, alone)
      const copy = spawnSync(process.execPath, [alone, 'check', '--root', repo, '--format', 'json', '--now', '2026-11-01'], { encoding: 'utf8' })
      expect(copy.stdout).toBe(r.stdout)
      const vendor = ['vendor/entities.cjs', 'vendor/toml-eslint-parser.cjs', 'vendor/yaml.cjs']
      const actionOut = join(dir, 'action.json')
      const a = await runAction({ workspace: repo, eventName: 'schedule', payload: { schedule: '0 6 * * 1' }, repository: 'o/r', apiUrl: 'http://127.0.0.1:9', env: { NODE_OPTIONS: `--require ${HOOK}`, GM_TEST_LOADED: actionOut } })
      expect(a.code).toBe(1)
      expect(loaded(actionOut).files).toEqual(vendor)
      for (const [, path, line] of blockers) expect(a.stdout).toContain(`file=${path},line=${line}`)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})
