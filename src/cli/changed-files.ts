// The --changed-files list: UTF-8 text, one repository-relative path a line (blank lines
// and "# comments" aside). Anything else is refused with its line: a file of random bytes
// must not read as "nothing changed".
import { InputError, type Problem } from '../core/errors.js'
import { normalizeRepoPath, repoPathProblem } from '../repo/paths.js'
import { decodeUtf8 } from '../repo/utf8.js'

// C0 controls and DEL: git prints such names quoted ("\001"), so they are never a path here.
// eslint-disable-next-line no-control-regex
const CONTROL = /[\u0000-\u0008\u000a-\u001f\u007f]/

const WHAT = '--changed-files takes UTF-8 text with one repository-relative path a line (as `git diff --name-only` prints, not -z)'

/** The sorted, de-duplicated paths of a --changed-files file's bytes; throws InputError. */
export function parseChangedFiles(path: string, bytes: Uint8Array): string[] {
  const decoded = decodeUtf8(bytes)
  if (!decoded.ok) {
    throw new InputError([{ location: { path, line: decoded.line, column: decoded.column }, message: `${decoded.message}; ${WHAT}` }])
  }
  const problems: Problem[] = []
  const files: string[] = []
  decoded.text
    .replace(/^\uFEFF/, '')
    .split(/\r?\n/)
    .forEach((raw, i) => {
      const line = raw.trim()
      if (!line || line.startsWith('#')) return
      const at = { path, line: i + 1, column: raw.indexOf(line) + 1 }
      const control = CONTROL.exec(line)
      if (control) {
        problems.push({ location: { ...at, column: at.column + control.index }, message: `control character U+${control[0].charCodeAt(0).toString(16).padStart(4, '0').toUpperCase()} in a path; ${WHAT}` })
        return
      }
      const problem = repoPathProblem(line)
      if (problem) problems.push({ location: at, message: `${problem}; ${WHAT}` })
      else files.push(normalizeRepoPath(line))
    })
  if (problems.length) throw new InputError(problems)
  return [...new Set(files)].sort()
}
