// Spreading an array into a call (`push(...items)`, `Math.max(...items)`) passes every
// item as an argument, and V8 overflows its stack at about 100,000 of them: lists that
// come from users (findings, gates, vars) go through these loops instead.

/** Append every item of `items` to `target`; returns `target`. */
export function pushAll<T>(target: T[], items: Iterable<T>): T[] {
  for (const item of items) target.push(item)
  return target
}

/** The largest of `values`, or `floor` when there are none (or all are smaller). */
export function maxOf(values: Iterable<number>, floor: number): number {
  let max = floor
  for (const v of values) if (v > max) max = v
  return max
}
