// Every string inside a parsed value, with its key path: how the matrix checks find the
// `${{ }}` expressions of options they do not know the shape of.

/**
 * Calls `visit` for each string inside `value`. `path` (the key path of `value`) is one array,
 * extended and shortened in place as the walk goes: a visitor that keeps it copies it.
 */
export function forEachString(value: unknown, path: Array<string | number>, visit: (text: string, path: ReadonlyArray<string | number>) => void): void {
  if (typeof value === 'string') visit(value, path)
  else if (Array.isArray(value)) {
    value.forEach((item, i) => {
      path.push(i)
      forEachString(item, path, visit)
      path.pop()
    })
  } else if (value !== null && typeof value === 'object') {
    for (const [k, item] of Object.entries(value)) {
      path.push(k)
      forEachString(item, path, visit)
      path.pop()
    }
  }
}
