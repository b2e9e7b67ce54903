// Built-in: every job `environment:` in the repository's workflows is an environment the
// matrix declares. Expressions are resolved where their values are knowable (a dispatch
// input's options, a literal strategy matrix) and skipped otherwise: never flagged blindly.
import { type AssertionOutcome, type Finding, outcomeOf } from '../../core/outcome.js'
import { sharedCodes } from '../../core/codes.js'
import { loadWorkflow } from '../../repo/workflows.js'
import type { BuiltinGate } from '../kit.js'
import { declaredEnvironments, undeclaredEnvironments } from '../support/job-environments.js'
import { pushAll } from '../../core/arrays.js'

export const environmentsDeclaredGate: BuiltinGate = {
  id: 'gate-matrix/environments-declared',
  family: 'source-promotion',
  description: 'Every job `environment:` in .github/workflows is an environment the matrix declares.',
  scope: 'repository',
  evidenceTypes: ['workflow'],
  codes: {
    ...sharedCodes('ENVIRONMENT_UNDECLARED', 'WORKFLOW_UNPARSABLE'),
  },
  evaluate(ctx): AssertionOutcome {
    const declared = declaredEnvironments(Object.keys(ctx.matrix.spec.environments))
    const findings: Finding[] = []
    for (const path of ctx.repo.glob('.github/workflows/*.{yml,yaml}')) {
      const load = loadWorkflow(ctx.repo, path)
      if (load.kind === 'unparsable') {
        findings.push({ status: 'fail', code: 'WORKFLOW_UNPARSABLE', message: `${path}: ${load.message}`, location: load.location })
      } else if (load.kind === 'ok') {
        pushAll(findings, undeclaredEnvironments(load.workflow, declared))
      }
    }
    return outcomeOf(findings)
  },
}
