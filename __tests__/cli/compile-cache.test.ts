// The built CLI's start (src/cli/start.ts): the bundle runs from V8's code cache kept in
// XDG_CACHE_HOME/gate-matrix, written once per bundle, Node, flags and command; a cache that is
// not this user's private file is neither read nor replaced, and nothing about the cache
// changes what a run prints.
import { spawnSync } from 'node:child_process'
import { chmodSync, chownSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { writeTree } from '../support/gates.js'
import { ensureBuilt, ROOT } from '../action/harness.js'
import { tierUpFlag } from '../../src/cli/tier-up.js'

const CLI = join(ROOT, 'dist', 'cli', 'index.js')

let dir: string
let repo: string
let cache: string

function run(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_CACHE_HOME: cache, ...env } })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

const check = (env?: Record<string, string>) => run(['check', '--root', repo, '--now', '2026-11-01', '--format', 'json'], env)
const files = () => readdirSync(join(cache, 'gate-matrix')).sort()

beforeAll(() => ensureBuilt())

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'gm-compile-cache-'))
  repo = join(dir, 'repo')
  cache = join(dir, 'cache')
  writeTree(repo, {
    'README.md': '# r\n\nSee [the runbook](docs/runbook.md).\n',
    'gate-matrix.yml': 'version: 1\nowner: platform\nenvironments:\n  production: { branch: main }\ngates:\n  - id: g\n    family: docs\n    artifact: README.md\n    assert:\n      - docs: { files: README.md, references_exist: links }\n',
  })
})

afterEach(() => rmSync(dir, { recursive: true, force: true }))

test('the first check writes a private cache; the next runs from it and prints the same', () => {
  const first = check()
  expect(first.code).toBe(1)
  expect(first.stdout).toContain('DOC_REFERENCE_BROKEN')
  const [name] = files()
  expect(files()).toEqual([expect.stringMatching(new RegExp(`^cli-[0-9a-f]{16}-${process.version.replace(/\./g, '\\.')}-${process.arch}-check\\.v8cache$`))])
  const file = join(cache, 'gate-matrix', name)
  expect(statSync(join(cache, 'gate-matrix')).mode & 0o777).toBe(0o700)
  expect(statSync(file).mode & 0o777).toBe(0o600)
  const before = statSync(file)
  const second = check()
  expect(second).toEqual(first)
  // Accepted, so not written again.
  expect(statSync(file).mtimeMs).toBe(before.mtimeMs)
  expect(statSync(file).ino).toBe(before.ino)
  // Another command keeps its own; other flags their own.
  expect(run(['--version']).code).toBe(0)
  check({ NODE_OPTIONS: '--max-old-space-size=512' })
  expect(files()).toHaveLength(3)
  expect(files().filter((f) => f.endsWith('-other.v8cache'))).toHaveLength(1)
})

test('a cache V8 rejects is replaced, and the run is the same', () => {
  const first = check()
  const [name] = files()
  const file = join(cache, 'gate-matrix', name)
  const size = statSync(file).size
  writeFileSync(file, Buffer.alloc(size, 7))
  expect(check()).toEqual(first)
  expect(readFileSync(file).equals(Buffer.alloc(size, 7))).toBe(false)
  expect(check()).toEqual(first)
})

// A cache V8 accepts is bytecode it runs: a planted one, made from another source of the same
// length (all V8 checks besides its version and flags), must never run from where another
// user or the checked repository could have put it. The first test shows such a cache is
// accepted where it is allowed, so the others mean what they say.
const PLANTED = 'PLANTED CACHE RAN'

/** A cache of a same-length source that prints PLANTED, made by a node run like the CLI's. */
function plantedCache(): Buffer {
  const length = readFileSync(join(ROOT, 'dist', 'cli', 'gate-matrix.cjs'), 'utf8').length
  const out = join(dir, 'planted.bin')
  // Under the flags the CLI sets for itself (src/cli/tier-up.ts): V8 rejects a cache made under others.
  const flag = tierUpFlag(process.versions.v8, [], undefined)
  const make = `${flag ? `require('node:v8').setFlagsFromString(${JSON.stringify(flag)});` : ''}const { Script } = require('node:vm'); const Module = require('node:module');
const text = ${JSON.stringify(PLANTED + '\n')};
const head = 'process.stdout.write(' + JSON.stringify(text) + '); process.exit(0);';
const src = head + ' '.repeat(${length} - head.length);
require('node:fs').writeFileSync(${JSON.stringify(out)}, new Script(Module.wrap(src)).createCachedData())`
  const r = spawnSync(process.execPath, ['-e', make], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir } })
  expect(r.stderr).toBe('')
  return readFileSync(out)
}

test('a planted cache in this user\'s private cache folder runs (the check of the tests below)', () => {
  check()
  const [name] = files()
  writeFileSync(join(cache, 'gate-matrix', name), plantedCache(), { mode: 0o600 })
  expect(check().stdout).toBe(`${PLANTED}\n`)
})

test('a cache file open to others, another user\'s, or a symlink is not read, and is replaced by a private file', () => {
  const first = check()
  const [name] = files()
  const file = join(cache, 'gate-matrix', name)
  const planted = plantedCache()
  const uid = process.getuid?.() ?? -1
  const cases: Array<[string, () => void]> = [
    ['readable by others (as a checkout or an archive leaves it)', () => writeFileSync(file, planted, { mode: 0o644 })],
    ['writable by others', () => writeFileSync(file, planted, { mode: 0o666 })],
    ...(uid === 0 ? [['another user\'s', () => { writeFileSync(file, planted, { mode: 0o600 }); chownSync(file, 4242, 4242) }] as [string, () => void]] : []),
    [
      'a symlink to a private file',
      () => {
        writeFileSync(join(dir, 'elsewhere.bin'), planted, { mode: 0o600 })
        symlinkSync(join(dir, 'elsewhere.bin'), file)
      },
    ],
  ]
  for (const [what, plant] of cases) {
    rmSync(file, { force: true })
    plant()
    chmodSync(file, lstatSync(file).isSymbolicLink() ? 0o600 : statSync(file).mode & 0o777)
    expect([what, check()]).toEqual([what, first])
    expect([what, lstatSync(file).isSymbolicLink(), statSync(file).mode & 0o777, statSync(file).uid]).toEqual([what, false, 0o600, uid])
  }
  expect(readFileSync(join(dir, 'elsewhere.bin')).equals(planted)).toBe(true)
})

test('nothing is read from or written to a cache folder open to others', () => {
  const first = check()
  const folder = join(cache, 'gate-matrix')
  const [name] = files()
  writeFileSync(join(folder, name), plantedCache(), { mode: 0o600 })
  for (const mode of [0o755, 0o777]) {
    chmodSync(folder, mode)
    expect(check()).toEqual(first)
  }
  rmSync(join(folder, name))
  expect(check()).toEqual(first)
  expect(files()).toEqual([])
})

// A relative XDG_CACHE_HOME (or an empty HOME) would put the cache in the folder the CLI runs
// in: the repository it checks, whose files are whatever the repository says.
test('a relative cache folder is never used: nothing is read from or written into the checked repository', () => {
  const first = check()
  const [name] = files()
  for (const env of [{ XDG_CACHE_HOME: '.cache' }, { XDG_CACHE_HOME: '', HOME: '' }]) {
    const planted = join(repo, '.cache', 'gate-matrix', name)
    mkdirSync(dirname(planted), { recursive: true, mode: 0o700 })
    writeFileSync(planted, plantedCache(), { mode: 0o600 })
    const r = spawnSync(process.execPath, [CLI, 'check', '--root', '.', '--now', '2026-11-01', '--format', 'json'], { cwd: repo, encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, ...env } })
    expect(r.stdout).not.toContain(PLANTED)
    expect(r.stdout).toBe(first.stdout)
    expect(readdirSync(dirname(planted))).toEqual([name])
    rmSync(join(repo, '.cache'), { recursive: true })
  }
})

// A uid without a passwd entry and no HOME (a container's `--user 1234`): no home folder,
// so no cache, and no error either. Needs root to take such a uid.
const asOtherUser = process.getuid?.() === 0 && spawnSync('setpriv', ['--help']).status === 0 ? test : test.skip
asOtherUser('without a home folder the run has no cache and prints nothing of it', () => {
  const first = check()
  for (const p of [dir, repo, join(ROOT, 'dist')]) spawnSync('chmod', ['-R', 'a+rX', p])
  const r = spawnSync('setpriv', ['--reuid=54321', '--regid=54321', '--clear-groups', process.execPath, CLI, 'check', '--root', repo, '--now', '2026-11-01', '--format', 'json'], {
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '' },
  })
  expect({ code: r.status, stdout: r.stdout, stderr: r.stderr }).toEqual(first)
})

test('NODE_DISABLE_COMPILE_CACHE turns it off', () => {
  const r = check({ NODE_DISABLE_COMPILE_CACHE: '1' })
  expect(r.code).toBe(1)
  expect(() => statSync(join(cache, 'gate-matrix'))).toThrow()
  mkdirSync(join(cache, 'gate-matrix'), { recursive: true })
  expect(check({ NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(r)
  expect(files()).toEqual([])
})
