// The live gates as a runner runs them: dist/index.js in a child process with `live: true`,
// probing an HTTPS server on 127.0.0.1 whose certificate is made here and trusted through
// NODE_EXTRA_CA_CERTS (the runner's own way to add a CA), so the production client is used
// unchanged. The environment is `internal: true`, since its host is the loopback address.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { generate } from 'selfsigned'
import { ensureBuilt, runAction, workspace } from './harness.js'
import { httpsServer, type TestHttps } from '../helpers/live-servers.js'

const SHA = 'f'.repeat(40) // the harness's GITHUB_SHA
let server: TestHttps
let caFile: string
let served = SHA

beforeAll(async () => {
  ensureBuilt()
  const pems = await generate([{ name: 'commonName', value: '127.0.0.1' }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate: new Date(Date.now() - 86_400_000),
    notAfterDate: new Date(Date.now() + 90 * 86_400_000),
    extensions: [
      { name: 'basicConstraints', cA: true },
      { name: 'subjectAltName', altNames: [{ type: 7, ip: '127.0.0.1' }] },
    ],
  })
  caFile = join(mkdtempSync(join(tmpdir(), 'gm-ca-')), 'ca.pem')
  writeFileSync(caFile, pems.cert)
  server = await httpsServer({ key: pems.private, cert: pems.cert }, (_req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'strict-transport-security': 'max-age=31536000; includeSubDomains' })
    res.end(JSON.stringify({ build: { commit: served } }))
  })
}, 600_000)
afterAll(() => server.close())

function matrix(): string {
  return [
    'version: 1',
    'environments:',
    '  staging: { branch: main, internal: true, hosts: { portal: 127.0.0.1 } }',
    'gates:',
    '  - id: portal-serves-this-commit',
    '    family: dns-tls-edge',
    '    assert:',
    '      - http:',
    `          url: "https://\${{ environment.hosts.portal }}:${server.port}/version"`,
    '          hsts: { min_max_age: 15552000, include_subdomains: true }',
    '          json: { path: build.commit, equals: "${{ github.sha }}" }',
    '',
  ].join('\n')
}

async function run(live: boolean) {
  const ws = workspace({ 'gate-matrix.yml': matrix() })
  const r = await runAction({
    workspace: ws,
    eventName: 'schedule',
    payload: { schedule: '0 6 * * *' }, // a schedule event's payload holds only its cron
    repository: 'Codertocat/Hello-World',
    apiUrl: 'http://127.0.0.1:9',
    inputs: { token: '', live: String(live) },
    env: { NODE_EXTRA_CA_CERTS: caFile },
  })
  const evidencePath = r.outputs['evidence-path']
  if (!evidencePath) throw new Error(`no evidence: ${r.stdout}\n${r.stderr}`)
  const text = readFileSync(evidencePath, 'utf8')
  const envelope = JSON.parse(readFileSync(evidencePath.replace('gate-matrix-evidence.json', 'gate-matrix-run.json'), 'utf8'))
  const cell = JSON.parse(text).environments[0].gates.find((g: { gate_id: string }) => g.gate_id === 'portal-serves-this-commit')
  return { r, text, envelope, cell }
}

describe('live gates in the action', () => {
  test('with live: true the host is probed; the evidence keeps the observation, the envelope the timing; two runs give the same bytes', async () => {
    served = SHA
    const first = await run(true)
    expect(first.r.outputs.verdict).toBe('clean')
    expect(first.cell.result).toBe('pass')
    expect(first.cell.observations).toEqual([
      expect.objectContaining({ source: 'http', subject: `https://127.0.0.1:${server.port}/version`, facts: expect.objectContaining({ status: 200 }) }),
    ])
    expect(first.envelope.probes).toEqual([expect.objectContaining({ kind: 'http', outcome: 'ok', ms: expect.any(Number) })])
    expect(first.text).not.toMatch(/"ms"/)
    const second = await run(true)
    expect(second.text).toBe(first.text)
    expect(second.r.outputs['evidence-digest']).toBe(first.r.outputs['evidence-digest'])
  }, 120_000)

  test('a host serving another commit blocks, at the gate, with what it served', async () => {
    served = 'b'.repeat(40)
    const { r, cell } = await run(true)
    expect(r.code).toBe(1)
    expect(r.outputs.verdict).toBe('blocked')
    expect(cell.findings.map((f: { code: string }) => f.code)).toEqual(['PROBE_BODY_MISMATCH'])
  }, 60_000)

  test('without live the gate is missing (LIVE_NOT_ENABLED), blocks, and nothing is probed', async () => {
    const before = server.requests.length
    const { r, cell, envelope } = await run(false)
    expect(r.outputs.verdict).toBe('blocked')
    expect(cell.result).toBe('missing')
    expect(cell.findings.map((f: { code: string }) => f.code)).toEqual(['LIVE_NOT_ENABLED'])
    expect(envelope.probes).toBeUndefined()
    expect(server.requests.length).toBe(before)
  }, 60_000)
})
