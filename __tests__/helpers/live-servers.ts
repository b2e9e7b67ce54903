// Loopback stand-ins for the live hosts: an HTTPS server on 127.0.0.1 with a certificate made
// at test time for the names it serves. Nothing leaves loopback: declared names are mapped to
// 127.0.0.1 in the client (createLivePort's `hosts`), never through /etc/hosts.
import type { IncomingMessage, ServerResponse } from 'node:http'
import { createServer } from 'node:https'
import type { AddressInfo } from 'node:net'
import { generate } from 'selfsigned'
import type { Clock } from '../../src/core/github-port.js'

export interface TestCert {
  key: string
  cert: string
}

/** A self-signed certificate for `names` (trusted by passing `cert` as the client's CA);
 * `cnOnly`: the first name as the CN and no subjectAltName; `issuer`: signed by that certificate instead. */
export async function makeCert(names: string[], o: { notBefore?: Date; notAfter?: Date; cnOnly?: boolean; issuer?: TestCert } = {}): Promise<TestCert> {
  const notBeforeDate = o.notBefore ?? new Date(Date.now() - 86_400_000)
  const pems = await generate([{ name: 'commonName', value: names[0] }], {
    keyType: 'ec',
    algorithm: 'sha256',
    notBeforeDate,
    notAfterDate: o.notAfter ?? new Date(Date.now() + 90 * 86_400_000),
    ...(o.issuer ? { ca: { key: o.issuer.key, cert: o.issuer.cert } } : {}),
    extensions: [{ name: 'basicConstraints', cA: true }, ...(o.cnOnly ? [] : [{ name: 'subjectAltName' as const, altNames: names.map((value) => ({ type: 2 as const, value })) }])],
  })
  return { key: pems.private, cert: pems.cert }
}

export interface TestHttps {
  port: number
  requests: string[]
  close(): Promise<void>
}

export async function httpsServer(
  cert: TestCert,
  handler: (req: IncomingMessage, res: ServerResponse) => void,
  tls: { maxVersion?: 'TLSv1.2' | 'TLSv1.3' } = {},
): Promise<TestHttps> {
  const requests: string[] = []
  const server = createServer({ key: cert.key, cert: cert.cert, ...tls }, (req, res) => {
    requests.push(`${req.headers.host}${req.url}`)
    handler(req, res)
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return {
    port: (server.address() as AddressInfo).port,
    requests,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A clock that only counts what it was asked to sleep; its time moves by those sleeps and by `advance`. */
export function fakeClock(): Clock & { slept: number[]; advance(ms: number): void } {
  const slept: number[] = []
  let now = 0
  return {
    slept,
    sleep: async (ms) => {
      slept.push(ms)
      now += ms
    },
    now: () => now,
    advance: (ms) => void (now += ms),
  }
}
