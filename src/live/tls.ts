// One TLS handshake to a declared host, to read its certificate: verification is not enforced
// by the socket (so an expired or wrong-name leaf can still be described), but its verdict
// and the name check are reported for the kind to judge.
import { connect, type DetailedPeerCertificate, type TLSSocket } from 'node:tls'
import { X509Certificate } from 'node:crypto'
import { LiveProbeError, type TlsAnswer, type TlsProbeRequest } from '../core/live-port.js'
import { resolveChecked, type HostMap } from './lookup.js'
import { chainReachesAnchor, defaultAnchors } from './trust-chain.js'

export interface TlsDeps {
  hosts?: HostMap
  ca?: string[]
}

/** Judged apart: the dates on the run's day (not the wall clock's), the name by checkHost. */
const DATE_ERRORS = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID'])
const NAME_ERROR = 'ERR_TLS_CERT_ALTNAME_INVALID'

export function tlsHandshake(req: TlsProbeRequest, deps: TlsDeps): Promise<TlsAnswer> {
  return new Promise<TlsAnswer>((resolve, reject) => {
    let socket: TLSSocket | undefined
    let timedOut = false
    // One limit for the whole probe, the name's lookup included.
    const timer = setTimeout(() => {
      timedOut = true
      socket?.destroy()
      reject(new LiveProbeError(`no TLS handshake with ${req.host}:${req.port} within ${req.timeoutMs} ms`, 'timeout'))
    }, req.timeoutMs)
    const fail = (e: unknown) => {
      clearTimeout(timer)
      reject(e)
    }
    resolveChecked(req.host, req.allowPrivate, deps.hosts).then(([target]) => {
      if (timedOut) return
      socket = handshake(req, deps, target.address, (answer) => {
        clearTimeout(timer)
        resolve(answer)
      }, fail)
    }, fail)
  })
}

function handshake(req: TlsProbeRequest, deps: TlsDeps, address: string, done: (a: TlsAnswer) => void, fail: (e: unknown) => void): TLSSocket {
  const socket = connect({ host: address, port: req.port, servername: req.host, rejectUnauthorized: false, ...(deps.ca ? { ca: deps.ca } : {}) })
  socket.once('secureConnect', () => {
    // Before getPeerX509Certificate: on Node 20, getPeerCertificate returns {} after it.
    const chain = presentedChain(socket)
    const x509 = socket.getPeerX509Certificate()
    const protocol = socket.getProtocol()
    const error = socket.authorizationError ? String((socket.authorizationError as unknown as { code?: string }).code ?? socket.authorizationError) : null
    socket.destroy()
    if (!x509) {
      fail(new LiveProbeError(`${req.host}:${req.port} sent no certificate`, 'unreachable'))
      return
    }
    const chainError = chainVerdict(error, chain, deps.ca)
    done({
      chainTrusted: chainError === null,
      chainError,
      // subjectAltName only: a CN is not a name clients accept.
      nameMatches: x509.checkHost(req.host, { subject: 'never' }) !== undefined,
      // Node 20's X509Certificate has no validToDate: parse its text ("Dec 12 02:28:42 2026 GMT").
      validFrom: new Date(Date.parse(x509.validFrom)).toISOString(),
      validTo: new Date(Date.parse(x509.validTo)).toISOString(),
      issuer: x509.issuer,
      protocol: protocol ?? null,
    })
  })
  socket.once('error', (e: NodeJS.ErrnoException) => fail(new LiveProbeError(`the TLS connection to ${req.host}:${req.port} failed: ${e.code ?? e.message}`, 'unreachable')))
  return socket
}

/** The chain's error, null when it verifies dates aside. OpenSSL reports only its last error, so
 * a date error can hide a self-signed or unknown issuer: then the chain is walked again here. */
function chainVerdict(error: string | null, chain: X509Certificate[], ca: string[] | undefined): string | null {
  if (error === null || error === NAME_ERROR) return null
  if (!DATE_ERRORS.has(error)) return error
  const walk = chainReachesAnchor(chain, ca ? ca.map((pem) => new X509Certificate(pem)) : defaultAnchors())
  if (walk === 'trusted') return null
  if (walk === 'intermediate_out_of_date') return `${error} on an intermediate certificate: the chain is broken whatever the leaf's dates`
  const selfIssued = chain.length > 0 && chain[0].checkIssued(chain[0])
  return `${selfIssued ? 'DEPTH_ZERO_SELF_SIGNED_CERT' : 'UNABLE_TO_GET_ISSUER_CERT'}, besides ${error}`
}

/** The leaf, then each issuer the peer sent (or Node found), as X509Certificate. */
function presentedChain(socket: TLSSocket): X509Certificate[] {
  const chain: X509Certificate[] = []
  let c: DetailedPeerCertificate | undefined = socket.getPeerCertificate(true)
  while (c?.raw && chain.length < 10) {
    chain.push(new X509Certificate(c.raw))
    c = c.issuerCertificate === c ? undefined : c.issuerCertificate
  }
  return chain
}
