// Small text helpers every layer may use.

const LISTED = 10

/** "a, b, c" with at most LISTED names, then "and N more". */
export function listSome(items: string[]): string {
  const shown = items.slice(0, LISTED).join(', ')
  return items.length > LISTED ? `${shown} and ${items.length - LISTED} more` : shown
}

/** Edit distance counting a swap of neighbours as one edit (optimal string alignment). */
function distance(a: string, b: string): number {
  const d = Array.from({ length: a.length + 1 }, (_, i) => Array.from({ length: b.length + 1 }, (_, j) => (i === 0 ? j : j === 0 ? i : 0)))
  for (let i = 1; i <= a.length; i++) {
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1
      d[i][j] = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1)
    }
  }
  return d[a.length][b.length]
}

/** The closest of `names` to `name`, if it is close enough to be a likely typo. */
export function closest(name: string, names: readonly string[]): string | undefined {
  let best: string | undefined
  let bestDistance = Infinity
  for (const n of names) {
    const d = distance(name.toLowerCase(), n.toLowerCase())
    if (d < bestDistance) {
      best = n
      bestDistance = d
    }
  }
  return best !== undefined && bestDistance <= Math.max(1, Math.floor(name.length / 3)) ? best : undefined
}

/** ' (did you mean "x"?)' or "". */
export function suggestion(name: string, names: readonly string[]): string {
  const near = closest(name, names)
  return near ? ` (did you mean "${near}"?)` : ''
}
