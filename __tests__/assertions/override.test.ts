import { describe, expect, it } from '@jest/globals'
import { overrideKind } from '../../src/gates/assertions/override.js'
import type { AssertionOutcome } from '../../src/core/outcome.js'
import { fixtureContext as makeContext } from '../support/gates.js'

const OPTIONS = { input: 'skip_parity', ack_input: 'parity_ack' }

async function run(environment: string, inputs: Record<string, unknown>): Promise<AssertionOutcome> {
  return overrideKind.evaluate(OPTIONS, makeContext({ environment, run: { inputs }, declaredPath: ['gates', 2, 'assert', 2, 'override'] }))
}

describe('override kind', () => {
  it.each<[string, string, Record<string, unknown>, string, string | null, [number, number] | null]>([
    ['not asked for', 'production', {}, 'pass', null, null],
    ['asked with false', 'production', { skip_parity: false }, 'pass', null, null],
    ['asked with "false"', 'production', { skip_parity: 'false' }, 'pass', null, null],
    ['asked where not declared → at the environment key', 'production', { skip_parity: true }, 'fail', 'OVERRIDE_NOT_ALLOWED', [12, 3]],
    ['asked as "true" where not declared', 'production', { skip_parity: 'true', parity_ack: 'I_ACCEPT_PARITY_SKIP' }, 'fail', 'OVERRIDE_NOT_ALLOWED', [12, 3]],
    ['declared, exact acknowledgement', 'staging', { skip_parity: 'true', parity_ack: 'I_ACCEPT_PARITY_SKIP' }, 'pass', null, null],
    ['declared, no acknowledgement → at the acknowledgement', 'staging', { skip_parity: true }, 'fail', 'OVERRIDE_ACK_MISSING', [11, 39]],
    ['declared, wrong case', 'staging', { skip_parity: true, parity_ack: 'i_accept_parity_skip' }, 'fail', 'OVERRIDE_ACK_MISSING', [11, 39]],
    ['declared, padded', 'staging', { skip_parity: true, parity_ack: ' I_ACCEPT_PARITY_SKIP' }, 'fail', 'OVERRIDE_ACK_MISSING', [11, 39]],
  ])('%s', async (_name, env, inputs, result, code, at) => {
    const o = await run(env, inputs)
    expect(o.result).toBe(result)
    if (code && at) expect(o.findings).toEqual([expect.objectContaining({ status: 'fail', code, location: { path: 'gate-matrix.yml', line: at[0], column: at[1] } })])
    else expect(o.findings).toEqual([])
  })

  it('says the override is never allowed there', async () => {
    expect((await run('production', { skip_parity: true })).findings[0].message).toContain('never allowed')
  })

  it('names the acknowledgement input, echoes a short value, never a long one', async () => {
    const short = (await run('staging', { skip_parity: true, parity_ack: 'yes' })).findings[0].message
    expect(short).toContain('"parity_ack"')
    expect(short).toContain('"yes"')
    const secret = 'x'.repeat(200)
    const long = (await run('staging', { skip_parity: true, parity_ack: secret })).findings[0].message
    expect(long).toContain('"parity_ack"')
    expect(long).not.toContain(secret.slice(0, 41))
  })
})
