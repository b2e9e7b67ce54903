// `override`: a dispatch override is allowed only where the environment declares it,
// and only with the exact acknowledgement.
import { z } from 'zod'
import type { AssertionKind } from './types.js'

export const overrideOptions = z
  .strictObject({
    input: z.string().min(1).describe('The dispatch input that asks for the override (e.g. skip_parity)'),
    ack_input: z.string().min(1).describe('The dispatch input that carries the acknowledgement'),
  })
  .describe("A dispatch override only where the environment declares it, with the exact acknowledgement")

export type OverrideOptions = z.infer<typeof overrideOptions>

export const overrideKind: AssertionKind<OverrideOptions> = {
  kind: 'override',
  description: 'A dispatch override is allowed only where the environment declares it, and only with the exact acknowledgement.',
  options: overrideOptions,
  needs: 'run',
  codes: {
    OVERRIDE_NOT_ALLOWED: 'The override was asked for in an environment that does not declare it.',
    OVERRIDE_ACK_MISSING: 'The acknowledgement input is absent or not the exact string the environment requires.',
  },
  evaluate() {
    throw new Error('override: not implemented yet')
  },
}
