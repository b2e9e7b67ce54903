// Globs that match no file of the repository. A `tracked`, change-class, `when.changed`
// or `require_changed` glob that matches nothing switches its rule off without a word
// (`tracked: [.github/workflow/*.yml]`), so each one is reported at its line: an error in
// `validate`, a blocking finding of the gate-matrix/matrix-valid built-in in `check`.
// Files that do not exist yet (`migrations/**` in a new repository) are covered by
// committing a placeholder the glob matches, e.g. `migrations/.gitkeep`.
import type { Problem } from '../../core/errors.js'
import type { RepoReader } from '../../repo/reader.js'
import type { KeyPath } from '../../repo/yaml.js'
import type { LoadedMatrix } from '../../spec/types.js'

/** Every such glob of a loaded matrix, in matrix order. Negations (`!x`) and globs holding
 * `${{ }}` (resolved per environment) are not judged here. */
export function unmatchedGlobProblems(matrix: LoadedMatrix, repo: RepoReader): Problem[] {
  const { spec, doc } = matrix
  const problems: Problem[] = []
  const check = (path: KeyPath, globs: readonly string[] | undefined, what: string): void => {
    globs?.forEach((glob, i) => {
      if (glob.startsWith('!') || glob.includes('${{') || repo.hasMatch(glob)) return
      const hint = repo.isDirectory(glob)
        ? `; "${glob}" is a directory: write "${glob.replace(/\/+$/, '')}/**" for the files under it`
        : '; fix the glob, or if its files are still to come, commit a placeholder it matches (e.g. dir/.gitkeep)'
      problems.push({ location: doc.locate([...path, i]).location, message: `${what} "${glob}" matches no file of the repository, so its rule never applies${hint}` })
    })
  }
  check(['tracked'], spec.tracked, 'tracked glob')
  for (const [name, globs] of Object.entries(spec.change_classes ?? {})) check(['change_classes', name], globs, `change class "${name}" glob`)
  spec.gates.forEach((gate, gi) => {
    check(['gates', gi, 'when', 'changed'], gate.when?.changed, 'when.changed glob')
    gate.assert.forEach((entry, ai) => {
      const changes = (entry as { changes?: { require_changed?: string[] } }).changes
      check(['gates', gi, 'assert', ai, 'changes', 'require_changed'], changes?.require_changed, 'changes.require_changed glob')
    })
  })
  return problems
}
