// Chain trust with the dates left out, for when OpenSSL's single reported error is a date
// error: issuer names and signatures from the leaf up to a trust anchor, nothing else.
import { X509Certificate } from 'node:crypto'
import { readFileSync } from 'node:fs'
import * as tls from 'node:tls'

const MAX_DEPTH = 10

/** Whether `chain[0]` is, or leads through CA certificates of `chain` to, one of `anchors`,
 * the leaf's dates aside: the leaf's are judged on the run's date by the kind, but an
 * intermediate outside its validity at `at` breaks the chain as clients see it. */
export function chainReachesAnchor(chain: X509Certificate[], anchors: X509Certificate[], at: Date = new Date()): 'trusted' | 'intermediate_out_of_date' | 'no_anchor' {
  const isAnchor = (c: X509Certificate) => anchors.some((a) => a.fingerprint256 === c.fingerprint256)
  const signedBy = (c: X509Certificate, issuer: X509Certificate) => issuer.ca && c.checkIssued(issuer) && c.verify(issuer.publicKey)
  const current = (c: X509Certificate) => Date.parse(c.validFrom) <= at.getTime() && at.getTime() <= Date.parse(c.validTo)
  let cert: X509Certificate | undefined = chain[0]
  for (let depth = 0; cert && depth < MAX_DEPTH; depth++) {
    const here: X509Certificate = cert
    if (depth > 0 && !isAnchor(here) && !current(here)) return 'intermediate_out_of_date'
    if (isAnchor(here) || anchors.some((a) => signedBy(here, a))) return 'trusted'
    cert = chain.find((c) => c.fingerprint256 !== here.fingerprint256 && signedBy(here, c))
  }
  return 'no_anchor'
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
