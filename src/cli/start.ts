#!/usr/bin/env node
// The CLI's start (dist/cli/index.js; CommonJS, which Node starts faster than a module): runs
// the CLI's bundle (dist/cli/gate-matrix.cjs, built from ./index.ts) from V8's code cache when
// this user has one for this bundle on this Node, as Node's module.enableCompileCache does
// from 22.1 for the code it loads (not on 20, which the CLI supports). Compiling the bundle
// costs most of a start on a small repository; the cache is written once, after the first
// run, with the functions that run used: one for `check`, whose first run compiles most of
// the bundle, one for every other command.
// The cache is bytecode that V8 runs after checking little more than the source's length, so
// it is kept only under an absolute cache folder (never one relative to the repository being
// checked) and read only from a folder and a file that are this user's and open to no one
// else (0700 and 0600, as written here; a checkout's or an archive's 0755 and 0644 are not),
// never through a symlink; not on Windows, whose permissions these checks do not see. A
// cache V8 rejects (another V8, other flags) is written anew; NODE_DISABLE_COMPILE_CACHE
// (Node's own switch) turns it off. Nothing here can change what a run does or prints: any
// failure of the cache compiles the bundle as without one.
import { closeSync, constants, fstatSync, lstatSync, mkdirSync, openSync, readFileSync, renameSync, type Stats, unlinkSync, writeFileSync } from 'node:fs'
import Module, { createRequire } from 'node:module'
import { homedir } from 'node:os'
import { dirname, isAbsolute, join } from 'node:path'
import { setFlagsFromString } from 'node:v8'
import { Script } from 'node:vm'
import { tierUpFlag } from './tier-up.js'

// The first 16 hex digits of the bundle's sha256, set by scripts/build.mjs: a cache is kept per
// bundle, as V8 checks only the source's length.
declare const GM_CLI_BUNDLE_HASH: string

const bundle = join(__dirname, 'gate-matrix.cjs')

/** This user's, and open to no one else. */
function ownedAndPrivate(s: Stats): boolean {
  return s.uid === process.getuid?.() && (s.mode & 0o077) === 0
}

/** V8 rejects a cache made under other flags: runs with other flags keep their own. */
function flagsKey(): string {
  const flags = `${process.execArgv.join(' ')}\0${process.env.NODE_OPTIONS ?? ''}`
  if (flags === '\0') return ''
  let h = 0x811c9dc5
  for (let i = 0; i < flags.length; i++) h = Math.imul(h ^ flags.charCodeAt(i), 0x01000193) >>> 0
  return `-${h.toString(16)}`
}

/** Where this run's cache is, or null for none. */
function cacheFile(): string | null {
  if (process.env.NODE_DISABLE_COMPILE_CACHE || process.platform === 'win32' || process.getuid === undefined) return null
  let base: string
  try {
    // As the XDG spec says, a relative XDG_CACHE_HOME is ignored; an empty HOME is relative too.
    base = process.env.XDG_CACHE_HOME && isAbsolute(process.env.XDG_CACHE_HOME) ? process.env.XDG_CACHE_HOME : join(homedir(), '.cache')
  } catch {
    // No home folder (a uid without a passwd entry, HOME unset).
    return null
  }
  if (!isAbsolute(base)) return null
  const command = process.argv[2] === 'check' ? 'check' : 'other'
  return join(base, 'gate-matrix', `cli-${GM_CLI_BUNDLE_HASH}-${process.version}-${process.arch}${flagsKey()}-${command}.v8cache`)
}

function safeFolder(dir: string): boolean {
  const s = lstatSync(dir, { throwIfNoEntry: false })
  return s !== undefined && s.isDirectory() && ownedAndPrivate(s)
}

function readCache(file: string): Buffer | undefined {
  try {
    if (!safeFolder(dirname(file))) return undefined
    const fd = openSync(file, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0))
    try {
      const s = fstatSync(fd)
      return s.isFile() && ownedAndPrivate(s) ? readFileSync(fd) : undefined
    } finally {
      closeSync(fd)
    }
  } catch {
    return undefined
  }
}

function writeCache(file: string, script: Script): void {
  const dir = dirname(file)
  const temp = `${file}.${process.pid}.tmp`
  try {
    mkdirSync(dir, { recursive: true, mode: 0o700 })
    if (!safeFolder(dir)) return
    writeFileSync(temp, script.createCachedData(), { flag: 'wx', mode: 0o600 })
    renameSync(temp, file)
  } catch {
    try {
      unlinkSync(temp)
    } catch {
      // nothing was written
    }
  }
}

let source: string
try {
  source = readFileSync(bundle, 'utf8')
} catch {
  process.stderr.write(`gate-matrix: ${bundle} is missing: this file only starts the CLI; download or copy dist/cli/gate-matrix.cjs, which is the whole CLI (docs/cli.md)\n`)
  process.exit(2)
}
const tierUp = tierUpFlag(process.versions.v8, process.execArgv, process.env.NODE_OPTIONS)
// Before the bundle runs: a function's budget is set when it first runs.
if (tierUp) setFlagsFromString(tierUp)
const file = cacheFile()
const cachedData = file ? readCache(file) : undefined
const script = new Script(Module.wrap(source), { filename: bundle, cachedData })
if (file && (cachedData === undefined || script.cachedDataRejected)) {
  // At exit, so the cache holds the functions this run compiled as well as the top level.
  process.once('exit', () => writeCache(file, script))
}
const loaded = { exports: {} }
;(script.runInThisContext() as (...args: unknown[]) => void).call(loaded.exports, loaded.exports, createRequire(bundle), loaded, bundle, __dirname)
