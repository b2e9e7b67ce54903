import { afterAll, describe, expect, it } from '@jest/globals'
import { makeRepo, runCli } from '../support/gates.js'

// The declared host is 127.0.0.1 itself, so nothing can leave loopback, and the environment
// is not internal: with --live the probe is refused before any connection.
const repo = makeRepo({
  'gate-matrix.yml': [
    'version: 1',
    'environments:',
    '  staging:',
    '    hosts: { portal: 127.0.0.1 }',
    'gates:',
    '  - id: portal-up',
    '    family: dns-tls-edge',
    '    assert:',
    '      - http: { url: "https://${{ environment.hosts.portal }}:9/health" }',
    '',
  ].join('\n'),
})
afterAll(() => repo.cleanup())

async function cellCodes(flags: string[]) {
  const r = await runCli(['check', '--root', repo.root, '--format', 'json', '--now', '2026-11-20', ...flags])
  if (!r.stdout) throw new Error(r.stderr)
  const evidence = JSON.parse(r.stdout)
  const cell = evidence.environments[0].gates.find((g: { gate_id: string }) => g.gate_id === 'portal-up')
  return { code: r.code, result: cell.result, codes: cell.findings.map((f: { code: string }) => f.code) }
}

describe('check --live', () => {
  it('without --live, a live gate is missing (LIVE_NOT_ENABLED) and blocks', async () => {
    expect(await cellCodes([])).toEqual({ code: 1, result: 'missing', codes: ['LIVE_NOT_ENABLED'] })
  })

  it('with --live, the declared host is probed, and a loopback answer is refused', async () => {
    expect(await cellCodes(['--live'])).toEqual({ code: 1, result: 'blocked', codes: ['PROBE_ADDRESS_REFUSED'] })
  })
})
