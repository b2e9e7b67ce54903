import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { createServer, type Server, type Socket } from 'node:net'
import type { AddressInfo } from 'node:net'
import { tlsKind } from '../../src/gates/assertions/tls.js'
import type { AssertionContext } from '../../src/gates/kit.js'
import { createLivePort } from '../../src/live/port.js'
import { RepoReader } from '../../src/repo/reader.js'
import type { EnvironmentFacts } from '../../src/spec/types.js'
import { parseMatrix, runContext } from '../support/gates.js'
import { httpsServer, makeCert, type TestCert, type TestHttps } from '../helpers/live-servers.js'

const HOST = 'portal.example.com'
// Fixed dates around the run's day (2026-11-20): the verdict never depends on the wall clock.
const FROM = new Date('2026-01-01T00:00:00Z')
let good: TestCert
let ca: TestCert
const servers: Record<string, TestHttps> = {}
let silent: Server
const held: Socket[] = []

beforeAll(async () => {
  good = await makeCert([HOST], { notBefore: FROM, notAfter: new Date('2026-12-31T12:00:00Z') })
  const expired = await makeCert([HOST], { notBefore: FROM, notAfter: new Date('2026-11-01T00:00:00Z') })
  const wrongName = await makeCert(['other.example.com'], { notBefore: FROM, notAfter: new Date('2026-12-31T12:00:00Z') })
  const ok = (_: unknown, res: { end(): void }) => res.end()
  servers.good = await httpsServer(good, ok)
  servers.old = await httpsServer(good, ok, { maxVersion: 'TLSv1.2' })
  servers.expired = await httpsServer(expired, ok)
  servers.wrongName = await httpsServer(wrongName, ok)
  const cnOnly = await makeCert([HOST], { notBefore: FROM, notAfter: new Date('2026-12-31T12:00:00Z'), cnOnly: true })
  servers.cnOnly = await httpsServer(cnOnly, ok)
  ca = await makeCert(['Test Root CA'], { notBefore: FROM, notAfter: new Date('2027-12-31T00:00:00Z') })
  // A valid leaf under an intermediate that expired long ago: the server sends both.
  const lapsed = await makeCert(['Lapsed Intermediate'], { notBefore: new Date('2020-01-01T00:00:00Z'), notAfter: new Date('2021-01-01T00:00:00Z'), issuer: ca })
  const underLapsed = await makeCert([HOST], { notBefore: FROM, notAfter: new Date('2099-01-01T00:00:00Z'), issuer: lapsed })
  servers.lapsedIntermediate = await httpsServer({ key: underLapsed.key, cert: `${underLapsed.cert}\n${lapsed.cert}` }, ok)
  servers.expiredFromCa = await httpsServer(await makeCert([HOST], { notBefore: FROM, notAfter: new Date('2026-11-01T00:00:00Z'), issuer: ca }), ok)
  // Each server's own certificate is the client's one trust anchor (two anchors with one subject would confuse the chain).
  trustedBy = { [servers.good.port]: good.cert, [servers.old.port]: good.cert, [servers.expired.port]: expired.cert, [servers.wrongName.port]: wrongName.cert, [servers.cnOnly.port]: cnOnly.cert }
  // Accepts the connection and never says a word: the handshake must time out.
  silent = createServer((socket) => void held.push(socket))
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
})
let trustedBy: Record<number, string> = {}
afterAll(async () => {
  await Promise.all(Object.values(servers).map((s) => s.close()))
  held.forEach((s) => s.destroy())
  await new Promise((resolve) => silent.close(resolve))
})

async function check(port: number, options: Record<string, unknown> = {}, o: { env?: Partial<EnvironmentFacts>; ca?: string[] } = {}) {
  const opts = { host: HOST, port, ...options }
  const matrix = parseMatrix(`gates:\n  - id: g\n    assert:\n      - tls: ${JSON.stringify(opts)}\n`)
  const declaredPath = ['gates', 0, 'assert', 0, 'tls']
  const run = runContext({ live: createLivePort({ hosts: { [HOST]: '127.0.0.1' }, ca: o.ca ?? [trustedBy[port] ?? good.cert] }) })
  const ctx: AssertionContext = {
    repo: new RepoReader(process.cwd()),
    matrix,
    run,
    environment: { name: 'production', hosts: { portal: HOST }, internal: true, ...o.env },
    gateId: 'g',
    declaredAt: matrix.doc.locate(declaredPath).location,
    declaredPath,
  }
  const outcome = await tlsKind.evaluate(tlsKind.options.parse(opts), ctx)
  return { outcome, codes: outcome.findings.map((f) => f.code) }
}

describe('tls', () => {
  it('passes a trusted certificate naming the host with enough days left on the run\'s date, and records it', async () => {
    const { outcome } = await check(servers.good.port, { min_days_left: 30, issuer: `CN=${HOST}`, min_version: 'TLSv1.3' })
    expect(outcome.result).toBe('pass')
    expect(outcome.observations).toEqual([
      {
        source: 'tls',
        subject: `${HOST}:${servers.good.port}`,
        facts: { chain_trusted: true, name_matches: true, valid_to: '2026-12-31', days_left: 41, issuer: `CN=${HOST}`, protocol: 'TLSv1.3' },
      },
    ])
  })

  it('fails when fewer days are left than asked', async () => {
    expect((await check(servers.good.port, { min_days_left: 60 })).codes).toEqual(['TLS_EXPIRING'])
  })

  it('fails an expired certificate (on the run\'s date)', async () => {
    expect((await check(servers.expired.port)).codes).toEqual(['TLS_EXPIRED'])
  })

  it('fails a certificate for another name', async () => {
    expect((await check(servers.wrongName.port)).codes).toEqual(['TLS_HOSTNAME_MISMATCH'])
  })

  it('fails a chain the client does not trust', async () => {
    const { codes, outcome } = await check(servers.good.port, {}, { ca: [] })
    expect(codes).toEqual(['TLS_UNTRUSTED'])
    expect(outcome.findings[0].message).toContain('SELF_SIGNED')
  })

  it('fails a self-signed certificate that is also expired: the expiry does not hide the untrusted chain', async () => {
    // OpenSSL reports only its last error (CERT_HAS_EXPIRED here), never the self-signature.
    const { codes, outcome } = await check(servers.expired.port, {}, { ca: [] })
    expect(codes).toEqual(['TLS_UNTRUSTED', 'TLS_EXPIRED'])
    expect(outcome.findings[0].message).toContain('DEPTH_ZERO_SELF_SIGNED_CERT')
    expect(outcome.observations?.[0].facts.chain_trusted).toBe(false)
  })

  it('still trusts an expired certificate whose issuer is a trusted CA: only the date fails', async () => {
    const { codes, outcome } = await check(servers.expiredFromCa.port, {}, { ca: [ca.cert] })
    expect(codes).toEqual(['TLS_EXPIRED'])
    expect(outcome.observations?.[0].facts).toMatchObject({ chain_trusted: true, issuer: 'CN=Test Root CA' })
  })

  it('fails a valid leaf under an expired intermediate as untrusted: the leaf\'s dates alone are not the chain', async () => {
    const { codes, outcome } = await check(servers.lapsedIntermediate.port, {}, { ca: [ca.cert] })
    expect(codes).toEqual(['TLS_UNTRUSTED'])
    expect(outcome.findings[0].message).toContain('intermediate')
    expect(outcome.observations?.[0].facts.chain_trusted).toBe(false)
  })

  it('fails an expired certificate from an issuer the client does not trust as untrusted too', async () => {
    const { codes, outcome } = await check(servers.expiredFromCa.port, {}, { ca: [good.cert] })
    expect(codes).toEqual(['TLS_UNTRUSTED', 'TLS_EXPIRED'])
    expect(outcome.findings[0].message).toContain('UNABLE_TO_GET_ISSUER_CERT')
  })

  it('does not take the subject CN for the name when there is no subjectAltName', async () => {
    expect((await check(servers.cnOnly.port)).codes).toEqual(['TLS_HOSTNAME_MISMATCH'])
  })

  it('fails a version below min_version, and another issuer', async () => {
    expect((await check(servers.old.port, { min_version: 'TLSv1.3', issuer: "O=Let's Encrypt" })).codes).toEqual(['TLS_ISSUER_MISMATCH', 'TLS_VERSION_TOO_LOW'])
  })

  it('is blocked with PROBE_TIMEOUT when the handshake never comes', async () => {
    const { outcome, codes } = await check((silent.address() as AddressInfo).port, { timeout: '1s' })
    expect(outcome.result).toBe('blocked')
    expect(codes).toEqual(['PROBE_TIMEOUT'])
  })

  it('refuses a loopback answer without internal: true, and an undeclared host', async () => {
    expect((await check(servers.good.port, {}, { env: { internal: false } })).codes).toEqual(['PROBE_ADDRESS_REFUSED'])
    expect((await check(servers.good.port, {}, { env: { hosts: { portal: 'www.example.com' } } })).codes).toEqual(['PROBE_HOST_UNDECLARED'])
  })
})
