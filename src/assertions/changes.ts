// `changes`: the PR diff must carry co-changes and must not touch forbidden paths.
import { z } from 'zod'
import type { AssertionKind } from './types.js'

export const changesOptions = z
  .strictObject({
    require_changed: z.array(z.string()).optional().describe('Globs: at least one changed file must match each'),
    forbid_changed: z.array(z.string()).optional().describe('Globs no changed file may match'),
  })
  .refine((o) => o.require_changed || o.forbid_changed, 'changes needs require_changed or forbid_changed')
  .describe('The change set: required co-changes, forbidden changes')

export type ChangesOptions = z.infer<typeof changesOptions>

export const changesKind: AssertionKind<ChangesOptions> = {
  kind: 'changes',
  description: 'The PR diff: `require_changed` co-changes, `forbid_changed` paths.',
  options: changesOptions,
  needs: 'changes',
  codes: {
    CO_CHANGE_MISSING: 'No changed file matches a required co-change.',
    CHANGE_FORBIDDEN: 'A changed file matches a forbidden glob.',
    CHANGES_UNAVAILABLE: 'The change set could not be read.',
  },
  evaluate() {
    throw new Error('changes: not implemented yet')
  },
}
