/** The UTC calendar day of a moment, YYYY-MM-DD: the "today" of graduation and waiver expiry. */
export function isoDay(moment: Date = new Date()): string {
  return moment.toISOString().slice(0, 10)
}

/** Days since 1970-01-01 of a YYYY-MM-DD day, to count whole days between two of them. */
export function dayNumber(day: string): number {
  return Math.round(Date.parse(`${day}T00:00:00Z`) / 86_400_000)
}
