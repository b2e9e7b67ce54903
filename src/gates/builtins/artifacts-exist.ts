// Built-in: every gate's owning artifact, and every recovery doc the matrix links,
// exists: a finding that names a file nobody can open helps no one.
import { type AssertionOutcome, type Finding, outcomeOf } from '../../core/outcome.js'
import type { AssertionContext, BuiltinGate } from '../kit.js'

/** A recovery link's file: what precedes `#`; web links are not files of this repository. */
function recoveryPath(recovery: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(recovery)) return null
  const path = recovery.split('#')[0].trim()
  return path === '' ? null : path
}

function present(ctx: AssertionContext, path: string): boolean {
  return ctx.repo.glob(path).length > 0
}

export const artifactsExistGate: BuiltinGate = {
  id: 'gate-matrix/artifacts-exist',
  family: 'matrix',
  description: "Every gate's owning `artifact` and every `recovery` doc the matrix names exists.",
  scope: 'repository',
  evidenceTypes: ['file'],
  codes: {
    ARTIFACT_MISSING: { status: 'fail', meaning: "A gate's owning artifact does not exist." },
    RECOVERY_MISSING: { status: 'fail', meaning: 'A recovery doc named by the matrix does not exist.' },
  },
  evaluate(ctx): AssertionOutcome {
    const { spec, doc, path: matrixPath } = ctx.matrix
    const findings: Finding[] = []
    const line = (keyPath: Array<string | number>) => doc.locate(keyPath).location.line
    spec.gates.forEach((gate, i) => {
      if (gate.artifact !== undefined && !present(ctx, gate.artifact)) {
        findings.push({
          status: 'fail',
          code: 'ARTIFACT_MISSING',
          message: `gate "${gate.id}" names the owning artifact "${gate.artifact}" (${matrixPath}:${line(['gates', i, 'artifact'])}), which does not exist`,
          location: { path: gate.artifact },
        })
      }
    })
    const recoveries: Array<{ recovery: string; who: string; keyPath: Array<string | number> }> = []
    if (spec.recovery !== undefined) recoveries.push({ recovery: spec.recovery, who: 'the matrix default', keyPath: ['recovery'] })
    spec.gates.forEach((gate, i) => {
      if (gate.recovery !== undefined) recoveries.push({ recovery: gate.recovery, who: `gate "${gate.id}"`, keyPath: ['gates', i, 'recovery'] })
    })
    for (const { recovery, who, keyPath } of recoveries) {
      const path = recoveryPath(recovery)
      if (path === null || present(ctx, path)) continue
      findings.push({
        status: 'fail',
        code: 'RECOVERY_MISSING',
        message: `${who} names the recovery doc "${path}" (${matrixPath}:${line(keyPath)}), which does not exist`,
        location: { path },
      })
    }
    return outcomeOf(findings)
  },
}
