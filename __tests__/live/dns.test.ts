import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { dnsKind } from '../../src/gates/assertions/dns.js'
import type { AssertionContext } from '../../src/gates/kit.js'
import { createLivePort } from '../../src/live/port.js'
import { RepoReader } from '../../src/repo/reader.js'
import type { EnvironmentFacts } from '../../src/spec/types.js'
import { parseMatrix, runContext } from '../support/gates.js'
import { dnsServer } from '../helpers/dns-server.js'
import { dnsQuery } from '../../src/live/dns.js'

const HOST = 'portal.example.com'
let dns: Awaited<ReturnType<typeof dnsServer>>

beforeAll(async () => {
  dns = await dnsServer({
    [HOST]: {
      A: ['203.0.113.20', '203.0.113.10'],
      CNAME: ['Edge.Example.NET.'],
      CAA: [{ flags: 0, tag: 'issue', value: 'letsencrypt.org' }],
      TXT: [['v=spf1 ', '-all']],
    },
    'broken.example.com': 'servfail',
    'quiet.example.com': 'silent',
  })
})
afterAll(() => dns.close())

async function query(options: Record<string, unknown>, env: Partial<EnvironmentFacts> = {}) {
  const opts = { name: HOST, ...options }
  const matrix = parseMatrix(`gates:\n  - id: g\n    assert:\n      - dns: ${JSON.stringify(opts)}\n`)
  const declaredPath = ['gates', 0, 'assert', 0, 'dns']
  const ctx: AssertionContext = {
    repo: new RepoReader(process.cwd()),
    matrix,
    run: runContext({ live: createLivePort({ dnsServers: [dns.server] }) }),
    environment: { name: 'production', hosts: { portal: HOST, broken: 'broken.example.com', quiet: 'quiet.example.com', gone: 'gone.example.com' }, ...env },
    gateId: 'g',
    declaredAt: matrix.doc.locate(declaredPath).location,
    declaredPath,
  }
  const outcome = await dnsKind.evaluate(dnsKind.options.parse(opts), ctx)
  return { outcome, codes: outcome.findings.map((f) => f.code) }
}

describe('dns', () => {
  it('passes A records equal in any order, and records them sorted', async () => {
    const { outcome } = await query({ type: 'A', equals: ['203.0.113.10', '203.0.113.20'] })
    expect(outcome.result).toBe('pass')
    expect(outcome.observations).toEqual([{ source: 'dns', subject: `${HOST} A`, facts: { status: 'records', records: ['203.0.113.10', '203.0.113.20'] } }])
  })

  it('compares CNAME targets without case or final dot, CAA and TXT as lines', async () => {
    expect((await query({ type: 'CNAME', equals: ['edge.example.net'] })).outcome.result).toBe('pass')
    expect((await query({ type: 'CAA', contains: ['0 issue letsencrypt.org'] })).outcome.result).toBe('pass')
    expect((await query({ type: 'TXT', equals: ['v=spf1 -all'] })).outcome.result).toBe('pass')
  })

  it('fails records that differ, pointing at the value missing', async () => {
    const { codes, outcome } = await query({ type: 'A', equals: ['203.0.113.10'], contains: ['203.0.113.10', '198.51.100.1'] })
    expect(codes).toEqual(['DNS_RECORD_MISMATCH', 'DNS_RECORD_MISMATCH'])
    expect(outcome.findings[1].message).toContain('without 198.51.100.1')
  })

  it('fails NXDOMAIN and a name without records of the type', async () => {
    expect((await query({ name: 'gone.example.com', type: 'A' })).codes).toEqual(['DNS_NXDOMAIN'])
    expect((await query({ type: 'AAAA' })).codes).toEqual(['DNS_NO_RECORDS'])
  })

  it('bounds the whole query by its timeout, however many resolvers stay silent', async () => {
    // c-ares waits its timeout on each server in turn: five silent ones took five timeouts.
    const quiet = await Promise.all(Array.from({ length: 5 }, () => dnsServer({ 'quiet.example.com': 'silent' })))
    try {
      const started = Date.now()
      await expect(dnsQuery({ name: 'quiet.example.com', type: 'A', timeoutMs: 400 }, { dnsServers: quiet.map((q) => q.server) })).rejects.toMatchObject({ failure: 'timeout' })
      // Well under the 2 s that five timeouts in a row take.
      expect(Date.now() - started).toBeLessThan(1500)
    } finally {
      await Promise.all(quiet.map((q) => q.close()))
    }
  })

  it('is blocked on SERVFAIL and on a silent resolver', async () => {
    const servfail = await query({ name: 'broken.example.com', type: 'A' })
    expect(servfail.outcome.result).toBe('blocked')
    expect(servfail.codes).toEqual(['PROBE_UNREACHABLE'])
    const silent = await query({ name: 'quiet.example.com', type: 'A', timeout: '1s' })
    expect(silent.outcome.result).toBe('blocked')
    expect(silent.codes).toEqual(['PROBE_TIMEOUT'])
  })

  it('queries only declared names', async () => {
    expect((await query({ name: 'elsewhere.example.org', type: 'A' })).codes).toEqual(['PROBE_HOST_UNDECLARED'])
  })
})
