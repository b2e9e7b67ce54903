// The one low-level read of a file: regular files only, at most `maxBytes`. A FIFO would
// block a plain read forever and a character device (/dev/zero) never ends, so the file
// is opened without blocking and without following a last symlink, judged by fstat of
// the open descriptor (no race with a swap), and read with a bound even if it grows.
import { closeSync, constants, fstatSync, openSync, readlinkSync, readSync, realpathSync, type Stats } from 'node:fs'
import { InputError, UsageError } from '../core/errors.js'
import { decodeUtf8 } from './utf8.js'

export type RegularFileRead =
  | { kind: 'ok'; bytes: Buffer }
  | { kind: 'missing' }
  /** `message` reads after the file's name: "is a FIFO, not a regular file". */
  | { kind: 'error'; message: string }

function describeType(st: Stats): string {
  if (st.isDirectory()) return 'a directory'
  if (st.isFIFO()) return 'a FIFO (named pipe)'
  if (st.isCharacterDevice()) return 'a character device'
  if (st.isBlockDevice()) return 'a block device'
  if (st.isSocket()) return 'a socket'
  return 'not a regular file'
}

/** Over this, a message: the limit as a phrase for the user. */
export function tooLarge(size: number | string, maxBytes: number): string {
  return `is ${size} bytes, over the ${maxBytes}-byte limit for files gate-matrix reads`
}

/** Where reads after the first go: one per process, as every read is synchronous. */
const SCRATCH = Buffer.allocUnsafe(64 * 1024)

/**
 * Whether the open file is the one at `real`. O_NOFOLLOW guards only the last segment: a
 * folder on the way that became a symlink after its real path was taken would lead the open
 * elsewhere. Linux names an open file in /proc; elsewhere realpath asks again.
 */
function openedAt(fd: number, real: string): boolean {
  try {
    return readlinkSync(`/proc/self/fd/${fd}`) === real
  } catch {
    try {
      return realpathSync.native(real) === real
    } catch {
      return false
    }
  }
}

/** `real`: the path is a real path (realpath's, or derived from its folder's), so a symlink
 * anywhere on it now is a swap: the last segment is not followed and the open is checked. */
export function readRegularFile(path: string, maxBytes: number, o: { real?: boolean } = {}): RegularFileRead {
  let fd: number
  try {
    fd = openSync(path, constants.O_RDONLY | constants.O_NONBLOCK | (o.real ? constants.O_NOFOLLOW : 0))
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'ENOENT' || code === 'ENOTDIR') return { kind: 'missing' }
    if (code === 'ELOOP') return { kind: 'error', message: 'changed into a symlink while it was read; it is not read' }
    return { kind: 'error', message: `could not be read (${code ?? 'error'})` }
  }
  try {
    if (o.real && !openedAt(fd, path)) return { kind: 'error', message: 'changed while it was read (a folder on its path became a symlink); it is not read' }
    const st = fstatSync(fd)
    if (!st.isFile()) return { kind: 'error', message: `is ${describeType(st)}, not a regular file; gate-matrix reads regular files only` }
    if (st.size > maxBytes) return { kind: 'error', message: tooLarge(st.size, maxBytes) }
    // Read to the end, not to st.size: a file that grows after fstat is still bounded. The
    // first buffer is the size fstat gave (+1 to see the end); later reads (most often the one
    // that finds the end) go to a scratch buffer, copied out only when they got bytes.
    const chunks: Buffer[] = []
    let length = 0
    for (;;) {
      const first = chunks.length === 0
      const room = maxBytes + 1 - length
      const chunk = first ? Buffer.allocUnsafe(st.size + 1) : SCRATCH
      const n = readSync(fd, chunk, 0, Math.min(chunk.length, room), null)
      if (n === 0) break
      chunks.push(first ? chunk.subarray(0, n) : Buffer.from(chunk.subarray(0, n)))
      length += n
      if (length > maxBytes) return { kind: 'error', message: tooLarge(`more than ${maxBytes}`, maxBytes) }
    }
    return { kind: 'ok', bytes: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks, length) }
  } catch (e) {
    return { kind: 'error', message: `could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` }
  } finally {
    closeSync(fd)
  }
}

/** Files named on the command line or by the runner (event payload, --changed-files, evidence
 * to merge) may be larger than repository files: GitHub's webhook payloads reach 25 MB. */
export const NAMED_FILE_MAX_BYTES = 32 * 1024 * 1024

/** The bytes of a file the user named (`what`: the flag or variable, e.g. "--event");
 * anything but a readable regular file is a UsageError that names it. */
export function readNamedBytes(path: string, what: string, maxBytes = NAMED_FILE_MAX_BYTES): Buffer {
  const read = readRegularFile(path, maxBytes)
  if (read.kind === 'missing') throw new UsageError(`${what} ${path} could not be read (ENOENT): no such file`)
  if (read.kind === 'error') throw new UsageError(`${what} ${path} ${read.message}`)
  return read.bytes
}

/** A file the user named, as strict UTF-8 text: an invalid byte is an error at its line and column. */
export function readNamedFile(path: string, what: string, maxBytes = NAMED_FILE_MAX_BYTES): string {
  const decoded = decodeUtf8(readNamedBytes(path, what, maxBytes))
  if (!decoded.ok) throw new InputError([{ location: { path, line: decoded.line, column: decoded.column }, message: `${decoded.message}: ${what} must be UTF-8 text` }])
  return decoded.text
}
