// How many findings the evidence keeps. A cell keeps its first 10,000 and a run its first
// 50,000 (in evaluation order, so the same inputs keep the same findings); the rest are
// counted in the cell's `findings_omitted`. The cell's result is judged on every finding:
// a cell whose findings were all left out still blocks, at its declaration (GATE_<RESULT>).

export const MAX_FINDINGS_PER_CELL = 10_000
export const MAX_FINDINGS_PER_RUN = 50_000

export class FindingAllowance {
  private left: number

  constructor(
    perRun: number = MAX_FINDINGS_PER_RUN,
    private readonly perCell: number = MAX_FINDINGS_PER_CELL,
  ) {
    this.left = perRun
  }

  /** The findings a cell keeps, and how many it leaves out. */
  take<T>(findings: T[]): { kept: T[]; omitted: number } {
    const n = Math.min(findings.length, this.perCell, this.left)
    this.left -= n
    return n === findings.length ? { kept: findings, omitted: 0 } : { kept: findings.slice(0, n), omitted: findings.length - n }
  }
}
