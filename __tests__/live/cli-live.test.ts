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

// The docs/kinds.md examples of tls, dns and well_known, as written there: the host is an
// expression, so it can only be judged once resolved (here to loopback, which is refused).
const EDGE = [
  'version: 1',
  'environments:',
  '  production:',
  '    hosts: { portal: 127.0.0.1, website: 127.0.0.1, other: "${{ github.sha }}" }',
  'gates:',
  '  - id: edge',
  '    family: dns-tls-edge',
  '    assert:',
  '      - tls: { host: "${{ environment.hosts.portal }}", min_days_left: 21, issuer: "O=Let\'s Encrypt", min_version: TLSv1.2 }',
  '      - well_known:',
  '          host: "${{ environment.hosts.website }}"',
  '          file: apple-app-site-association',
  '          same_as: website/.well-known/apple-app-site-association',
  '  - id: not-a-host',
  '    family: dns-tls-edge',
  '    assert:',
  '      - tls: { host: "${{ environment.hosts.other }}" }',
]
// dns queries the system resolver (no address rule applies), so these are only validated, never run with --live.
const RECORDS = [
  '  - id: records',
  '    family: dns-tls-edge',
  '    assert:',
  '      - dns: { name: "${{ environment.hosts.portal }}", type: CNAME, equals: [portal.edge.example.net] }',
  '      - dns: { name: "${{ environment.hosts.website }}", type: CAA, contains: ["0 issue letsencrypt.org"] }',
]
const SAME_AS = { 'website/.well-known/apple-app-site-association': '{"applinks":{"details":[]}}\n' }
const documented = makeRepo({ 'gate-matrix.yml': [...EDGE, ...RECORDS, ''].join('\n'), ...SAME_AS })
const edgeOnly = makeRepo({ 'gate-matrix.yml': [...EDGE, ''].join('\n'), ...SAME_AS })
afterAll(() => edgeOnly.cleanup())
afterAll(() => documented.cleanup())

describe('the documented live examples', () => {
  it('validate: a host written as ${{ environment.hosts.NAME }} is accepted', async () => {
    const r = await runCli(['validate', '--root', documented.root])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(0)
  })

  it('validate still refuses a literal host that is not a host name, at its line and column', async () => {
    const bad = makeRepo({ 'gate-matrix.yml': 'version: 1\ngates:\n  - id: g\n    family: dns-tls-edge\n    assert:\n      - tls: { host: "portal.example.com/x" }\n' })
    try {
      const r = await runCli(['validate', '--root', bad.root])
      expect(r.code).not.toBe(0)
      expect(r.stderr).toMatch(/gate-matrix\.yml:6:\d+.*expected a host name/)
    } finally {
      bad.cleanup()
    }
  })

  it('check --live: the resolved host is judged (loopback refused before connecting); one that resolves to no host name is refused unprobed', async () => {
    const r = await runCli(['check', '--root', edgeOnly.root, '--format', 'json', '--now', '2026-11-20', '--live'])
    if (!r.stdout) throw new Error(r.stderr)
    const gates = JSON.parse(r.stdout).environments[0].gates as Array<{ gate_id: string; result: string; findings: Array<{ code: string }> }>
    const edge = gates.find((g) => g.gate_id === 'edge')!
    expect(edge.findings.map((f) => f.code)).toEqual(['PROBE_ADDRESS_REFUSED', 'PROBE_ADDRESS_REFUSED'])
    const notHost = gates.find((g) => g.gate_id === 'not-a-host')!
    expect(notHost.result).toBe('fail')
    expect(notHost.findings.map((f) => f.code)).toEqual(['PROBE_URL_REFUSED'])
  })
})
