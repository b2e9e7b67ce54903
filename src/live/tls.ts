// One TLS handshake to a declared host, to read its certificate: verification is not enforced
// by the socket (so an expired or wrong-name leaf can still be described), but its verdict
// and the name check are reported for the kind to judge.
import { connect } from 'node:tls'
import { LiveProbeError, type TlsAnswer, type TlsProbeRequest } from '../core/live-port.js'
import { resolveChecked, type HostMap } from './lookup.js'

export interface TlsDeps {
  hosts?: HostMap
  ca?: string[]
}

/** Not chain errors: the dates are judged on the run's day (not the wall clock's), the name by checkHost. */
const JUDGED_APART = new Set(['CERT_HAS_EXPIRED', 'CERT_NOT_YET_VALID', 'ERR_TLS_CERT_ALTNAME_INVALID'])

export async function tlsHandshake(req: TlsProbeRequest, deps: TlsDeps): Promise<TlsAnswer> {
  const [target] = await resolveChecked(req.host, req.allowPrivate, deps.hosts)
  return new Promise<TlsAnswer>((resolve, reject) => {
    const socket = connect({ host: target.address, port: req.port, servername: req.host, rejectUnauthorized: false, ...(deps.ca ? { ca: deps.ca } : {}) })
    const timer = setTimeout(() => {
      socket.destroy()
      reject(new LiveProbeError(`no TLS handshake with ${req.host}:${req.port} within ${req.timeoutMs} ms`, 'timeout'))
    }, req.timeoutMs)
    socket.once('secureConnect', () => {
      clearTimeout(timer)
      const x509 = socket.getPeerX509Certificate()
      const protocol = socket.getProtocol()
      const error = socket.authorizationError ? String((socket.authorizationError as unknown as { code?: string }).code ?? socket.authorizationError) : null
      socket.destroy()
      if (!x509) {
        reject(new LiveProbeError(`${req.host}:${req.port} sent no certificate`, 'unreachable'))
        return
      }
      const chainError = error && !JUDGED_APART.has(error) ? error : null
      resolve({
        chainTrusted: chainError === null,
        chainError,
        nameMatches: x509.checkHost(req.host) !== undefined,
        // Node 20's X509Certificate has no validToDate: parse its text ("Dec 12 02:28:42 2026 GMT").
        validFrom: new Date(Date.parse(x509.validFrom)).toISOString(),
        validTo: new Date(Date.parse(x509.validTo)).toISOString(),
        issuer: x509.issuer,
        protocol: protocol ?? null,
      })
    })
    socket.once('error', (e: NodeJS.ErrnoException) => {
      clearTimeout(timer)
      reject(new LiveProbeError(`the TLS connection to ${req.host}:${req.port} failed: ${e.code ?? e.message}`, 'unreachable'))
    })
  })
}
