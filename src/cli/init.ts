// `gate-matrix init [--root DIR] [--out FILE|-] [--force]`: writes the starting matrix
// (default `gate-matrix.yml` in the root), never over an existing file without --force, and
// validates what it wrote with the same engine `validate` runs.
import { existsSync, lstatSync, statSync, writeFileSync } from 'node:fs'
import { isAbsolute, join, relative, resolve } from 'node:path'
import { UsageError } from '../core/errors.js'
import { validateMatrix } from '../engine/index.js'
import { initMatrix } from '../init/index.js'
import { checkOutFolder } from './out-file.js'

export interface InitCommand {
  /** The absolute root; `rootArg` is --root as given, for messages. */
  root: string
  rootArg: string
  out: string | null
  force: boolean
}

export function runInit(cmd: InitCommand, io: { stdout: (t: string) => void; stderr: (t: string) => void }): number {
  const result = initMatrix(cmd.root)
  if (cmd.out === '-') {
    io.stdout(result.text)
    return 0
  }
  const out = cmd.out === null ? join(cmd.root, 'gate-matrix.yml') : resolve(cmd.out)
  // Without --root the root is the working directory: messages name paths from there.
  const rootShown = cmd.rootArg === process.cwd() ? '.' : cmd.rootArg
  const shown = cmd.out ?? join(rootShown, 'gate-matrix.yml')
  checkOutFolder(out)
  if (lstatOrNull(out)?.isSymbolicLink()) throw new UsageError(`${shown} is a symlink: it is not written through; remove it or write elsewhere with --out`)
  if (existsSync(out)) {
    if (statSync(out).isDirectory()) throw new UsageError(`--out ${shown} is a folder: name a file`)
    if (!cmd.force) throw new UsageError(`${shown} already exists: it is not overwritten; pass --force to replace it, or --out - to print the matrix`)
  }
  try {
    writeFileSync(out, result.text)
  } catch (e) {
    throw new UsageError(`${shown} could not be written (${(e as NodeJS.ErrnoException).code ?? 'error'})`)
  }
  const inRoot = relative(cmd.root, out)
  if (inRoot.startsWith('..') || isAbsolute(inRoot)) {
    io.stderr(`gate-matrix: wrote ${shown} (${result.environments} environments, ${result.gates} gates); it lies outside --root, so it was not validated\n`)
    return 0
  }
  // An invalid result is a bug of init: the InputError lists the problems (exit 2).
  const m = validateMatrix(cmd.root, inRoot.split('\\').join('/'))
  io.stderr(`gate-matrix: wrote ${shown}: valid (${m.spec.gates.length} gates, ${Object.keys(m.spec.environments).length} environments); next: gate-matrix check --root ${rootShown} --matrix ${inRoot}\n`)
  return 0
}

function lstatOrNull(path: string): ReturnType<typeof lstatSync> | null {
  try {
    return lstatSync(path)
  } catch {
    return null
  }
}
