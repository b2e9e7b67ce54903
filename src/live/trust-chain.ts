// Chain trust with the dates left out, for when OpenSSL's single reported error is a date
// error: issuer names and signatures from the leaf up to a trust anchor, nothing else.
import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as tls from 'node:tls'

const MAX_DEPTH = 10

/** Whether `chain[0]` is, or leads through CA certificates of `chain` to, one of `anchors`. */
export function chainReachesAnchor(chain: X509Certificate[], anchors: X509Certificate[]): boolean {
  const isAnchor = (c: X509Certificate) => anchors.some((a) => a.fingerprint256 === c.fingerprint256)
  const signedBy = (c: X509Certificate, issuer: X509Certificate) => issuer.ca && c.checkIssued(issuer) && c.verify(issuer.publicKey)
  let cert: X509Certificate | undefined = chain[0]
  for (let depth = 0; cert && depth < MAX_DEPTH; depth++) {
    const current: X509Certificate = cert
    if (isAnchor(current) || anchors.some((a) => signedBy(current, a))) return true
    cert = chain.find((c) => c.fingerprint256 !== current.fingerprint256 && signedBy(current, c))
  }
  return false
}

let anchors: X509Certificate[] | undefined

/** What Node's TLS client trusts by default: the bundled roots and NODE_EXTRA_CA_CERTS
 * (Node 22.15+ lists them itself; older ones only list the bundled roots). */
export function defaultAnchors(): X509Certificate[] {
  if (!anchors) {
    const list = (tls as { getCACertificates?: (type: string) => string[] }).getCACertificates
    const pems = list ? list('default') : [...tls.rootCertificates, ...extraCertificates()]
    anchors = pems.flatMap((pem) => {
      try {
        return [new X509Certificate(pem)]
      } catch {
        return []
      }
    })
  }
  return anchors
}

function extraCertificates(): string[] {
  const file = process.env.NODE_EXTRA_CA_CERTS
  if (!file) return []
  try {
    return readFileSync(file, 'utf8').match(/-----BEGIN CERTIFICATE-----[\s\S]*?-----END CERTIFICATE-----/g) ?? []
  } catch {
    return []
  }
}
