// The built bundle as Node loads it: two CommonJS entries (scripts/build.mjs), the action's
// rare packages in dist/vendor/ required on first use, and the CLI one self-contained file.
import { spawnSync } from 'node:child_process'
import { copyFileSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { writeTree } from '../support/gates.js'
import { ensureBuilt, ROOT, runAction } from './harness.js'

const DIST_DIR = join(ROOT, 'dist')
const ACTION = join(DIST_DIR, 'index.js')
const CLI = join(DIST_DIR, 'cli', 'index.js')
const CLI_BUNDLE = join(DIST_DIR, 'cli', 'gate-matrix.cjs')
const VENDOR_DIR = join(DIST_DIR, 'vendor')
const rel = (f: string) => relative(DIST_DIR, f)
const text = (f: string) => readFileSync(f, 'utf8')

/** What `file` requires or imports, relative paths resolved, Node built-ins left out. */
function requires(file: string): string[] {
  const named = [...text(file).matchAll(/(?:require|import)\("([^"]+)"\)/g)].map((m) => m[1])
  return named.filter((m) => !builtinModules.includes(m.replace(/^node:/, ''))).map((m) => (m.startsWith('.') ? rel(join(dirname(file), m)) : m))
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

/** `fn` with a new temporary folder, removed afterwards. */
async function inTempDir<T>(prefix: string, fn: (dir: string) => T | Promise<T>): Promise<T> {
  const dir = mkdtempSync(join(tmpdir(), prefix))
  try {
    return await fn(dir)
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** The built CLI, its loads recorded through HOOK into `out`. */
function cliTraced(args: string[], out: string, cache: string) {
  return spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: `--require ${HOOK}`, GM_TEST_LOADED: out, XDG_CACHE_HOME: cache } })
}

/** The action on a schedule event without a token, its loads recorded through HOOK into `out`. */
function actionTraced(workspace: string, out: string) {
  return runAction({ workspace, eventName: 'schedule', payload: { schedule: '0 6 * * 1' }, repository: 'o/r', apiUrl: 'http://127.0.0.1:9', inputs: { token: '' }, env: { NODE_OPTIONS: `--require ${HOOK}`, GM_TEST_LOADED: out } })
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
  beforeAll(() => {
    ensureBuilt()
    HOOK = join(mkdtempSync(join(tmpdir(), 'gm-bundle-hook-')), 'hook.cjs')
    writeFileSync(HOOK, HOOK_SOURCE)
  })
  afterAll(() => rmSync(dirname(HOOK), { recursive: true, force: true }))

  test('dist/ is the two entries, the CLI bundle and the vendor files the action requires', () => {
    const vendor = readdirSync(VENDOR_DIR).sort()
    expect(readdirSync(DIST_DIR).sort()).toEqual(['cli', 'index.js', 'licenses.txt', 'package.json', 'vendor'])
    expect(readdirSync(join(DIST_DIR, 'cli')).sort()).toEqual(['gate-matrix.cjs', 'index.js'])
    expect(JSON.parse(text(join(DIST_DIR, 'package.json')))).toEqual({ type: 'commonjs' })
    expect([...new Set(requires(ACTION))].sort()).toEqual(vendor.map((f) => `vendor/${f}`))
    for (const f of vendor) expect([f, requires(join(VENDOR_DIR, f))]).toEqual([f, []])
  })

  // Matched as booleans: a failure should not print a megabyte of bundle.
  test("the action's bundle holds neither the artifact client, Octokit, undici nor the OIDC client", () => {
    const action = text(ACTION)
    for (const [marker, file] of [
      ['ACTIONS_RESULTS_URL', 'actions-artifact.cjs'],
      ['octokit-core.js/', 'octokit-core.cjs'],
      ['llhttp', 'undici.cjs'],
    ]) {
      expect([marker, action.includes(marker)]).toEqual([marker, false])
      expect([marker, text(join(VENDOR_DIR, file)).includes(marker)]).toEqual([marker, true])
    }
    const all = [ACTION, CLI, CLI_BUNDLE, ...readdirSync(VENDOR_DIR).map((f) => join(VENDOR_DIR, f))]
    expect(all.filter((f) => text(f).includes('ACTIONS_ID_TOKEN_REQUEST_URL')).map(rel)).toEqual([])
  })

  // The CLI is one self-contained CommonJS file (scripts/build.mjs) that dist/cli/index.js
  // compiles from V8's code cache; its rare paths are bundled behind esbuild's lazy wrappers.
  test('the CLI starts from a CommonJS file that requires nothing but Node built-ins', async () => {
    expect(requires(CLI)).toEqual([])
    expect(requires(CLI_BUNDLE)).toEqual([])
    expect(text(CLI).startsWith('#!/usr/bin/env node\n')).toBe(true)
    // Copied alone (the download of 1.0's README), the start says which file is the CLI.
    await inTempDir('gm-bundle-start-alone-', async (dir) => {
      copyFileSync(CLI, join(dir, 'gate-matrix.js'))
      const r = spawnSync(process.execPath, [join(dir, 'gate-matrix.js'), '--version'], { encoding: 'utf8' })
      expect([r.status, r.stdout, r.stderr]).toEqual([2, '', `gate-matrix: ${join(dir, 'gate-matrix.cjs')} is missing: this file only starts the CLI; download or copy dist/cli/gate-matrix.cjs, which is the whole CLI (docs/cli.md)\n`])
    })
  })

  // An import() left in CommonJS output fails in the CLI's bundle, which its start compiles
  // through vm without a module loader (scripts/build.mjs turns each into a require).
  test('no file of dist/ keeps an import(), and the bundled CLI asks git for the change set', async () => {
    const all = [ACTION, CLI, CLI_BUNDLE, ...readdirSync(VENDOR_DIR).map((f) => join(VENDOR_DIR, f))]
    expect(all.filter((f) => /(?<![\w$.])import\(/.test(text(f))).map(rel)).toEqual([])
    await inTempDir('gm-bundle-git-', async (dir) => {
      writeTree(dir, {
        'README.md': '# r\n',
        'gate-matrix.yml':
          'version: 1\nowner: platform\nenvironments:\n  production: { branch: main }\ngates:\n  - id: readme\n    family: docs\n    artifact: README.md\n    when: { changed: [README.md] }\n    assert:\n      - file: { path: README.md, contains: "^# r" }\n',
    })
    const git = (...args: string[]) => spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd: dir, encoding: 'utf8' })
    git('init', '-q')
    git('add', '-A')
    git('commit', '-qm', 'one')
    writeFileSync(join(dir, 'README.md'), '# r\n\nmore\n')
    git('commit', '-qam', 'two')
    const row = (base: string) => {
      const r = spawnSync(process.execPath, [CLI, 'check', '--root', dir, '--base', base, '--now', '2026-11-01'], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: join(dir, '.cache') } })
      expect([r.status, r.stderr]).toEqual([0, ''])
      return r.stdout.split('\n').find((l) => l.startsWith('readme '))?.trim()
    }
    // Applies only when git says README.md changed since the base.
    expect(row('HEAD~1')).toMatch(/^readme\s+✓$/)
    expect(row('HEAD')).toMatch(/^readme\s+·$/)
    })
  })

  test('a reader that closes the pipe early gets no EPIPE trace, and the exit code stays the verdict', async () => {
    await inTempDir('gm-bundle-pipe-', async (dir) => {
      writeTree(dir, {
        'README.md': '# r\n\n[gone](docs/gone.md)\n',
        'gate-matrix.yml': 'version: 1\nowner: platform\nenvironments:\n  production: { branch: main }\ngates:\n  - id: g\n    family: docs\n    artifact: README.md\n    assert:\n      - docs: { files: README.md, references_exist: links }\n',
    })
    const piped = (args: string) =>
      spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${CLI}" ${args} | true`], { encoding: 'utf8', env: { ...process.env, XDG_CACHE_HOME: join(dir, '.cache') } })
    for (let i = 0; i < 3; i++) {
      expect(piped('--help')).toMatchObject({ status: 0, stderr: '' })
      expect(piped(`check --root "${dir}" --now 2026-11-01`)).toMatchObject({ status: 1, stderr: '' })
    }
    })
  })

  // What a start loaded, seen from inside the process: Node's built-ins and the CommonJS files
  // (the CLI's bundle, dist/vendor/*), recorded at exit by a --require hook.
  test('a check on a small repository loads neither node:child_process nor a vendor package', async () => {
    await inTempDir('gm-bundle-start-', async (dir) => {
      const repo = join(dir, 'repo')
      writeTree(repo, SMALL_REPO)
      const cliOut = join(dir, 'cli.json')
      const r = cliTraced(['check', '--root', repo, '--now', '2026-11-01'], cliOut, join(dir, 'cache'))
      expect([r.status, r.stderr]).toEqual([0, ''])
      const actionOut = join(dir, 'action.json')
      const a = await actionTraced(repo, actionOut)
      expect(a.code).toBe(0)
      const cli = loaded(cliOut)
      const action = loaded(actionOut)
      // gate-matrix.cjs is compiled by the start itself (src/cli/start.ts), not required.
      expect(cli.files).toEqual(['cli/index.js'])
      expect(action.files).toEqual(['index.js'])
      for (const run of [cli, action]) {
        expect(run.builtins).toContain('fs')
        expect(run.builtins).not.toContain('child_process')
      }
    })
  })

  // The vendor packages load on their first use (scripts/build.mjs, VENDOR), from
  // dist/vendor/*.cjs for the action and from inside the CLI's one file: both must still read
  // what only `yaml` reads, TOML, and a heading with an HTML entity; the CLI's file copied
  // alone, too.
  test('the bundled CLI, alone or not, and the action read through every vendor package when a file needs it', async () => {
    await inTempDir('gm-bundle-vendor-', async (dir) => {
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
    const r = cliTraced(['check', '--root', repo, '--format', 'json', '--now', '2026-11-01'], cliOut, join(dir, 'cache'))
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
    const a = await actionTraced(repo, actionOut)
    expect(a.code).toBe(1)
    expect(loaded(actionOut).files).toEqual(['index.js', ...vendor])
    for (const [, path, line] of blockers) expect(a.stdout).toContain(`file=${path},line=${line}`)
    })
  })
})
