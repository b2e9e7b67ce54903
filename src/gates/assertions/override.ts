// `override`: a dispatch override is allowed only where the environment declares it,
// and only with the exact acknowledgement.
import * as z from 'zod'
import type { AssertionContext, AssertionKind } from '../kit.js'
import { type AssertionOutcome, notApplicable, outcomeOf } from '../../core/outcome.js'

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
    OVERRIDE_NOT_ALLOWED: { status: 'fail', meaning: 'The override was asked for in an environment that does not declare it.' },
    OVERRIDE_ACK_MISSING: { status: 'fail', meaning: 'The acknowledgement input is absent or not the exact string the environment requires.' },
  },
  evaluate,
}

function evaluate(options: OverrideOptions, ctx: AssertionContext): AssertionOutcome {
  const asked = ctx.run.inputs[options.input]
  if (asked !== true && asked !== 'true') return { result: 'pass', findings: [] }
  const env = ctx.environment
  if (!env) return notApplicable('an override is judged per environment; this evaluation has none')
  const declared = env.overrides?.[options.input]
  if (!declared) {
    return outcomeOf([{
      status: 'fail',
      code: 'OVERRIDE_NOT_ALLOWED',
      message: `input "${options.input}" asks for an override, but environment "${env.name}" does not declare overrides.${options.input}: it is never allowed there`,
      location: ctx.matrix.doc.locateKey(['environments', env.name]),
    }])
  }
  const ack = ctx.run.inputs[options.ack_input]
  if (ack === declared.acknowledgement) return { result: 'pass', findings: [] }
  // What was typed is echoed only when short: an input may carry anything.
  const typed = ack === undefined || ack === '' ? 'it is empty' : typeof ack === 'string' && ack.length <= 40 && !/\s{2,}|[\r\n]/.test(ack) ? `"${ack}" is not it` : 'the value given is not it'
  return outcomeOf([{
    status: 'fail',
    code: 'OVERRIDE_ACK_MISSING',
    message: `override "${options.input}" in environment "${env.name}" needs input "${options.ack_input}" to be exactly the acknowledgement declared at environments.${env.name}.overrides.${options.input}.acknowledgement; ${typed}`,
    location: ctx.matrix.doc.locate(['environments', env.name, 'overrides', options.input, 'acknowledgement']).location,
  }])
}
