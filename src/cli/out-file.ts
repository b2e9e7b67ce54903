// `--out FILE`: where a report goes. It must be a new or ordinary file in an existing
// folder, and never one of the run's own inputs (the matrix, --changed-files, --event, an
// evidence file being merged, a repository file a gate read): writing the report there
// would destroy what the run judged. Every refusal is a usage error that names --out.
import { statSync } from 'node:fs'
import { dirname, resolve } from 'node:path'
import { UsageError } from '../core/errors.js'

/** Before the run: the folder must exist (a typo there would otherwise only fail at the end). */
export function checkOutFolder(out: string): void {
  const folder = dirname(resolve(out))
  let isDir = false
  try {
    isDir = statSync(folder).isDirectory()
  } catch {
    throw new UsageError(`--out ${out}: the folder ${folder} does not exist; create it first or write somewhere else`)
  }
  if (!isDir) throw new UsageError(`--out ${out}: ${folder} is not a folder`)
}

/** Writes the report (`write` writes it to a path) unless `out` is the same file (inode,
 * so symlinks and hard links count) as an input. */
export function writeOut(out: string, write: (path: string) => void, inputs: string[]): void {
  let target
  try {
    target = statSync(out)
  } catch {
    target = null // a new file: it cannot be an input
  }
  if (target) {
    if (target.isDirectory()) throw new UsageError(`--out ${out} is a folder: name a file`)
    for (const input of inputs) {
      let st
      try {
        st = statSync(input)
      } catch {
        continue
      }
      if (st.dev === target.dev && st.ino === target.ino) {
        throw new UsageError(`--out ${out} is ${input}, an input of this run: it is not overwritten; write the report to another file`)
      }
    }
  }
  try {
    write(out)
  } catch (e) {
    throw new UsageError(`--out ${out} could not be written (${(e as NodeJS.ErrnoException).code ?? 'error'})`)
  }
}
