// The total regex and text-scan work of one run is bounded: re2js is linear, but linear
// in characters × pattern size, and a 4 MB line under a wide pattern takes minutes. Each
// scan is charged before it runs (characters × the pattern's program size, 1 a character
// for a plain search), so a run over budget stops at once, and deterministically: the
// same inputs hit the bound at the same gate.

/** Characters × program size one run may scan: about 10 s of re2js at its slowest here. */
export const SCAN_BUDGET = 400_000_000

/** A bound on what the matrix asks for was hit: the assertion is `blocked` (LIMIT_EXCEEDED). */
export class LimitExceededError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LimitExceededError'
  }
}

export class ScanBudget {
  private spent = 0

  constructor(readonly limit: number = SCAN_BUDGET) {}

  /** Charge `chars` characters at `cost` per character; throws when the run's budget would be exceeded. */
  charge(chars: number, cost: number, what: string): void {
    const work = chars * cost
    if (this.spent + work > this.limit) {
      this.spent = this.limit
      throw new LimitExceededError(
        `${what} would exceed this run's scan budget of ${this.limit.toLocaleString('en-US')} (characters scanned × pattern size; this scan: ${chars.toLocaleString('en-US')} × ${cost}); simplify the pattern or narrow the files it reads`,
      )
    }
    this.spent += work
  }
}
