// Every reason code gate-matrix can emit, with its meaning: from each assertion kind,
// each built-in gate and the evaluator. Feeds SARIF rules and the README's reference.
import { ASSERTION_KINDS } from './assertions/registry.js'
import { BUILTIN_GATES } from './builtins/registry.js'
import { EVALUATOR_CODES } from './evaluate/evaluate.js'
import { UNJUDGED_CODES } from './evidence/unjudged.js'

export function reasonCodes(): Record<string, string> {
  const out: Record<string, string> = {}
  const add = (codes: Readonly<Record<string, string>>) => {
    for (const [code, text] of Object.entries(codes)) out[code] ??= text
  }
  ASSERTION_KINDS.forEach((k) => add(k.codes))
  BUILTIN_GATES.forEach((b) => add(b.codes))
  add(EVALUATOR_CODES)
  add(UNJUDGED_CODES)
  return Object.fromEntries(Object.entries(out).sort(([a], [b]) => a.localeCompare(b)))
}
