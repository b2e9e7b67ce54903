/** The UTC calendar day of a moment, YYYY-MM-DD: the "today" of graduation and waiver expiry. */
export function isoDay(moment: Date = new Date()): string {
  return moment.toISOString().slice(0, 10)
}
