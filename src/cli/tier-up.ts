// How soon V8 optimizes the CLI's functions. A check is a short run through a large bundle:
// on Node 20's V8 (11.x) TurboFan, at its default budget, compiles hundreds of functions that
// run for a few milliseconds more, on the core the run would use. Four times the budget
// (docs/benchmark.md, "V8's tier-up budget") cut the synthetic check's CPU by a fifth and its
// wall time by a tenth or more. Only V8 11, where it was measured: Node 24's V8 13 counts
// invocations instead and prints an error for the flag (CI runs this test there); V8 12
// (Node 22) was not measured, so it is left as it is too.

/** V8 11's default `--interrupt-budget` (bytes of bytecode run before a tier-up check). */
const V8_11_INTERRUPT_BUDGET = 67584

/** The V8 flag the CLI sets for itself, or null: not on another V8, nor over a budget the user set. */
export function tierUpFlag(v8Version: string, execArgv: readonly string[], nodeOptions: string | undefined): string | null {
  if (!/^11\./.test(v8Version)) return null
  const own = /(^|\s)--interrupt[-_]budget(=|\s|$)/
  if (execArgv.some((a) => own.test(a)) || own.test(nodeOptions ?? '')) return null
  return `--interrupt-budget=${4 * V8_11_INTERRUPT_BUDGET}`
}
