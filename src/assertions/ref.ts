// `ref`: the run's ref (or the PR's base branch) is the environment's branch.
import { z } from 'zod'
import { templatable } from '../matrix/template-schema.js'
import type { AssertionKind } from './types.js'

export const refOptions = z
  .strictObject({
    branch: templatable(z.union([z.string().min(1), z.array(z.string().min(1)).min(1)]))
      .optional()
      .describe('Branch name(s) or glob(s); default ${{ environment.branch }}'),
  })
  .describe("The run's ref, or the PR's base branch, is the environment's branch")

export type RefOptions = z.infer<typeof refOptions>

export const refKind: AssertionKind<RefOptions> = {
  kind: 'ref',
  description: "The run's ref, or the PR's base branch, is the environment's branch.",
  options: refOptions,
  needs: 'run',
  codes: {
    REF_NOT_ALLOWED: "The ref is not the environment's branch.",
    REF_UNKNOWN: 'The run has no ref to judge.',
  },
  evaluate() {
    throw new Error('ref: not implemented yet')
  },
}
