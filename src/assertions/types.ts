// The contract every assertion kind implements. One kind, one module, listed in
// registry.ts. A kind validates its own options (zod) and evaluates them against the
// repository and the run context; it never throws for bad repository content: that is
// a finding with a position.
import type { z } from 'zod'
import type { AssertionContext, AssertionOutcome, Location } from '../evaluate/types.js'

/** A problem with the matrix itself, found while loading (exit 2). */
export interface MatrixProblem {
  location: Location
  message: string
}

export interface AssertionKind<O = unknown> {
  readonly kind: string
  /** One line for the README and the JSON Schema. */
  readonly description: string
  readonly options: z.ZodType<O>
  /** Every reason code this kind can emit → what it means (README, SARIF rules). */
  readonly codes: Readonly<Record<string, string>>
  /** `github`: needs the GitHub API; without it the assertion is `missing`. */
  readonly needs: 'repository' | 'changes' | 'github' | 'run'
  /**
   * Load-time checks the schema cannot express (a regex that does not compile or is
   * not linear-time), reported at the option's position. `at(['contains'])` locates an
   * option of this assertion in the matrix.
   */
  validate?(options: O, at: (optionPath: ReadonlyArray<string | number>) => Location): MatrixProblem[]
  /** Options arrive with `${{ }}` already resolved for the environment. */
  evaluate(options: O, ctx: AssertionContext): AssertionOutcome | Promise<AssertionOutcome>
}
