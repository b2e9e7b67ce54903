// The built CLI's start (src/cli/start.ts): the bundle runs from V8's code cache kept in
// XDG_CACHE_HOME/gate-matrix, written once per bundle, Node, flags and command; a cache that is
// not this user's private file is neither read nor replaced, and nothing about the cache
// changes what a run prints.
import { spawnSync } from 'node:child_process'
import { chmodSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { writeTree } from '../support/gates.js'
import { ensureBuilt, ROOT } from '../action/harness.js'

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

// A valid cache that is read is not written again; one that is not read is: the inode tells.
test('a cache file another user could write, or a symlink, is not read but replaced by a private file', () => {
  const first = check()
  const [name] = files()
  const file = join(cache, 'gate-matrix', name)
  const valid = readFileSync(file)

  chmodSync(file, 0o666)
  const shared = statSync(file).ino
  expect(check()).toEqual(first)
  expect(statSync(file).ino).not.toBe(shared)
  expect(statSync(file).mode & 0o777).toBe(0o600)

  const target = join(dir, 'elsewhere.bin')
  writeFileSync(target, valid, { mode: 0o600 })
  rmSync(file)
  symlinkSync(target, file)
  expect(check()).toEqual(first)
  expect(lstatSync(file).isSymbolicLink()).toBe(false)
  expect(readFileSync(target).equals(valid)).toBe(true)
})

test('nothing is read from or written to a cache folder another user could write', () => {
  const first = check()
  const folder = join(cache, 'gate-matrix')
  chmodSync(folder, 0o777)
  const [name] = files()
  writeFileSync(join(folder, name), Buffer.alloc(64, 7), { mode: 0o600 })
  expect(check()).toEqual(first)
  expect(readFileSync(join(folder, name)).equals(Buffer.alloc(64, 7))).toBe(true)
  rmSync(join(folder, name))
  expect(check()).toEqual(first)
  expect(files()).toEqual([])
})

test('NODE_DISABLE_COMPILE_CACHE turns it off', () => {
  const r = check({ NODE_DISABLE_COMPILE_CACHE: '1' })
  expect(r.code).toBe(1)
  expect(() => statSync(join(cache, 'gate-matrix'))).toThrow()
  mkdirSync(join(cache, 'gate-matrix'), { recursive: true })
  expect(check({ NODE_DISABLE_COMPILE_CACHE: '1' })).toEqual(r)
  expect(files()).toEqual([])
})
