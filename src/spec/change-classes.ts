// Changed files → the matrix's change classes (design §2). A file may fall in several
// classes or in none; the release profile decides which classes may ship.
import { globMatcher } from '../repo/glob.js'
import type { MatrixSpec } from './schema.js'

/** `byFile`: each file's classes (sorted; empty when it is in none). `classes`: every class hit, sorted. */
export function classifyChanges(spec: MatrixSpec, files: string[]): { byFile: Map<string, string[]>; classes: string[] } {
  const matchers = Object.entries(spec.change_classes ?? {})
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, globs]) => [name, globMatcher(globs)] as const)
  const byFile = new Map<string, string[]>()
  const hit = new Set<string>()
  for (const file of files) {
    const classes = matchers.filter(([, matches]) => matches(file)).map(([name]) => name)
    classes.forEach((c) => hit.add(c))
    byFile.set(file, classes)
  }
  return { byFile, classes: [...hit].sort() }
}
