// Built-in: every gate's owning artifact, every recovery doc the matrix links (and the
// heading its #anchor names), and every environment's release manifest and rollback
// manifest exists: a finding that names a file nobody can open helps no one, and a fact
// the matrix declares is a fact someone relies on.
import { type AssertionOutcome, type Finding, outcomeOf } from '../../core/outcome.js'
import { sharedCodes } from '../../core/codes.js'
import { pushAll } from '../../core/arrays.js'
import type { AssertionContext, BuiltinGate } from '../kit.js'
import { declaredManifestFindings, recoveryAnchorFinding } from '../support/declared-facts.js'

/** A recovery link's file: what precedes `#`; web links are not files of this repository. */
function recoveryPath(recovery: string): string | null {
  if (/^[a-z][a-z0-9+.-]*:/i.test(recovery)) return null
  const path = recovery.split('#')[0].trim()
  return path === '' ? null : path
}

function present(ctx: AssertionContext, path: string): boolean {
  return ctx.repo.hasMatch(path)
}

export const artifactsExistGate: BuiltinGate = {
  id: 'gate-matrix/artifacts-exist',
  family: 'matrix',
  description:
    "Every gate's owning `artifact`, every `recovery` doc (and its `#anchor`) and every environment's `release_manifest` and rollback manifest the matrix names exists.",
  scope: 'repository',
  evidenceTypes: ['file'],
  codes: {
    ARTIFACT_MISSING: { status: 'fail', meaning: "A gate's owning artifact does not exist." },
    RECOVERY_MISSING: { status: 'fail', meaning: 'A recovery doc named by the matrix does not exist.' },
    RECOVERY_ANCHOR_MISSING: { status: 'fail', meaning: "A recovery link's #anchor names no heading of its markdown doc." },
    MANIFEST_MISSING: { status: 'fail', meaning: "An environment's release_manifest, or a rollback manifest_or_revision that is a path, does not exist." },
    ...sharedCodes('FILE_UNREADABLE'),
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
      if (path === null) continue
      if (present(ctx, path)) {
        const anchor = recoveryAnchorFinding(ctx, path, recovery, who, `${matrixPath}:${line(keyPath)}`, doc.locate(keyPath).location)
        if (anchor) findings.push(anchor)
        continue
      }
      findings.push({
        status: 'fail',
        code: 'RECOVERY_MISSING',
        message: `${who} names the recovery doc "${path}" (${matrixPath}:${line(keyPath)}), which does not exist`,
        location: { path },
      })
    }
    pushAll(findings, declaredManifestFindings(ctx, (p) => present(ctx, p)))
    return outcomeOf(findings)
  },
}
