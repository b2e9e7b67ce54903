// Built-in gates every matrix gets (design §4). Each is one module listed in
// registry.ts. Repository-scoped built-ins are evaluated once (environment "*");
// environment-scoped ones once per environment.
import type { AssertionContext, AssertionOutcome, Mode } from '../evaluate/types.js'

export interface BuiltinGate {
  /** e.g. "gate-matrix/artifacts-exist": the prefix keeps them apart from user gate ids. */
  readonly id: string
  readonly family: string
  readonly description: string
  readonly scope: 'repository' | 'environment'
  /** Kinds of evidence the result rests on, e.g. ["file"]. */
  readonly evidenceTypes: readonly string[]
  readonly codes: Readonly<Record<string, string>>
  /** Default enforce. */
  readonly mode?: Mode
  /** `environment` is null for repository scope; gateId is this built-in's id. */
  evaluate(ctx: AssertionContext): AssertionOutcome | Promise<AssertionOutcome>
}
