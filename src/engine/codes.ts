// Every reason code gate-matrix can emit, with its one status and meaning: from each
// assertion kind, each built-in gate and the engine. Feeds SARIF rules and the docs'
// reason-code table. A code declared twice must be the same declaration (a shared code).
import { type CodeSpec, type CodeTable, SHARED_CODES } from '../core/codes.js'
import { ASSERTION_KINDS } from '../gates/assertions/registry.js'
import { BUILTIN_GATES } from '../gates/builtins/registry.js'
import { UNJUDGED_CODES } from '../evidence/unjudged.js'

/** Codes the engine itself emits. */
export const ENGINE_CODES = {
  EXPRESSION_FAILED: SHARED_CODES.EXPRESSION_FAILED,
  PRIOR_VALIDATION_MISSING: SHARED_CODES.PRIOR_VALIDATION_MISSING,
  GITHUB_UNAVAILABLE: SHARED_CODES.GITHUB_UNAVAILABLE,
  LIMIT_EXCEEDED: { status: 'blocked', meaning: "A documented bound on the work the gate asks for was hit (the run's regex and scan budget, a pattern's size); the gate is blocked, never passed." },
  INTERNAL_ERROR: { status: 'blocked', meaning: 'gate-matrix failed while evaluating this assertion; the gate fails closed. Please report it.' },
  GATE_MISSING: { status: 'missing', meaning: 'A gate is missing without a finding of its own; the blocker points at its declaration.' },
  GATE_BLOCKED: { status: 'blocked', meaning: 'A gate is blocked without a finding of its own; the blocker points at its declaration.' },
  GATE_FAIL: { status: 'fail', meaning: 'A gate failed without a finding of its own; the blocker points at its declaration.' },
  GATE_PARTIAL: { status: 'fail', meaning: 'A gate is partial without a finding of its own; the blocker points at its declaration.' },
} as const satisfies CodeTable

export interface ReasonCode extends CodeSpec {
  /** Kinds (`file`), built-ins (`gate-matrix/…`) and `engine` that emit it, sorted. */
  readonly emittedBy: readonly string[]
}

/** Every code, sorted; throws when two modules declare one code differently. */
export function reasonCodes(): Record<string, ReasonCode> {
  const specs = new Map<string, CodeSpec>()
  const emitters = new Map<string, Set<string>>()
  const add = (by: string, codes: CodeTable) => {
    for (const [code, spec] of Object.entries(codes)) {
      const known = specs.get(code)
      if (known && (known.status !== spec.status || known.meaning !== spec.meaning)) {
        throw new Error(`reason code ${code} is declared twice with different meanings (${by}); declare it once in core/codes.ts`)
      }
      specs.set(code, spec)
      emitters.set(code, (emitters.get(code) ?? new Set()).add(by))
    }
  }
  ASSERTION_KINDS.forEach((k) => add(k.kind, k.codes))
  BUILTIN_GATES.forEach((b) => add(b.id, b.codes))
  add('engine', ENGINE_CODES)
  add('the action (a run that judged nothing)', UNJUDGED_CODES)
  return Object.fromEntries(
    [...specs.keys()].sort().map((code) => [code, { ...specs.get(code)!, emittedBy: [...emitters.get(code)!].sort() }]),
  )
}
