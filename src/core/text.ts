// Small text helpers every layer may use.

const LISTED = 10

/** "a, b, c" with at most LISTED names, then "and N more". */
export function listSome(items: string[]): string {
  const shown = items.slice(0, LISTED).join(', ')
  return items.length > LISTED ? `${shown} and ${items.length - LISTED} more` : shown
}
