// Changed files → the matrix's change classes (design §2). A file may fall in several
// classes or in none; the release profile decides which classes may ship.
import { matchingPaths } from '../repo/glob.js'
import type { MatrixSpec } from './schema.js'

/** `byFile`: each file's classes (sorted; empty when it is in none). `classes`: every class hit, sorted. */
export function classifyChanges(spec: MatrixSpec, files: string[]): { byFile: Map<string, string[]>; classes: string[] } {
  // Each class's files are matched once per change set: the change-class gate asks per environment.
  const members = Object.entries(spec.change_classes ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, globs]) => [name, matchingPaths(files, globs)] as const)
  const byFile = new Map<string, string[]>()
  const hit = new Set<string>()
  for (const file of files) {
    const classes = members.filter(([, matched]) => matched.has(file)).map(([name]) => name)
    classes.forEach((c) => hit.add(c))
    byFile.set(file, classes)
  }
  return { byFile, classes: [...hit].sort() }
}
