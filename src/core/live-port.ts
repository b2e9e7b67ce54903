// The engine's view of the live hosts (a port, like the GitHub port): src/live implements it
// with undici, node:tls and node:dns; the live kinds only see this interface, so they never
// touch the network themselves and tests can point declared names at 127.0.0.1.
import type { Clock } from './github-port.js'

/** Why a probe could not complete: the assertion is `blocked` with the matching code. */
export type ProbeFailure =
  /** The name resolved to a private, loopback or link-local address and the environment is not `internal`. */
  | 'address_refused'
  /** No answer within the probe's timeout. */
  | 'timeout'
  /** The connection failed or was reset (refused, reset, TLS handshake failed, name not found). */
  | 'unreachable'

export class LiveProbeError extends Error {
  constructor(
    message: string,
    readonly failure: ProbeFailure,
  ) {
    super(message)
    this.name = 'LiveProbeError'
  }
}

export interface HttpProbeRequest {
  /** An https:// URL whose host the caller has checked is declared for the environment. */
  url: string
  /** The body is read up to this many bytes, and one more to tell that it was longer. */
  maxBodyBytes: number
  /** The whole request (connect, headers, body) must finish within this. */
  timeoutMs: number
  /** The environment is `internal: true`: private and loopback answers are allowed. */
  allowPrivate: boolean
}

export interface HttpAnswer {
  status: number
  /** Lower-case names; repeated headers joined with ", " as HTTP allows. */
  headers: Record<string, string>
  /** At most maxBodyBytes. */
  body: Buffer
  /** The body was longer than maxBodyBytes. */
  truncated: boolean
}

export interface TlsProbeRequest {
  /** A declared host name (the SNI name and the name the certificate must match). */
  host: string
  port: number
  timeoutMs: number
  allowPrivate: boolean
}

export interface TlsAnswer {
  /** The chain verifies to a trusted root, dates aside (those are judged on the run's day). */
  chainTrusted: boolean
  /** OpenSSL's reason when it does not (e.g. DEPTH_ZERO_SELF_SIGNED_CERT); null otherwise. */
  chainError: string | null
  /** The leaf names `host` (its subjectAltName; a CN alone does not count). */
  nameMatches: boolean
  /** The leaf's notBefore and notAfter as ISO timestamps. */
  validFrom: string
  validTo: string
  /** The issuer's distinguished name, one `KEY=value` per line as Node prints it. */
  issuer: string
  /** The negotiated protocol, e.g. TLSv1.3. */
  protocol: string | null
}

export const DNS_TYPES = ['A', 'AAAA', 'CNAME', 'CAA', 'TXT'] as const
export type DnsType = (typeof DNS_TYPES)[number]

export interface DnsProbeRequest {
  name: string
  type: DnsType
  timeoutMs: number
}

/** `records`: the answer's values, normalised and sorted (A/AAAA addresses; CNAME lower-case
 * without the final dot; CAA `flags tag value`; TXT its strings joined). `nxdomain`: the name
 * does not exist; `nodata`: it exists without records of that type. */
export type DnsAnswer = { status: 'records'; values: string[] } | { status: 'nxdomain' } | { status: 'nodata' }

/** One probe's timing for the run envelope (never in the evidence: timings differ run to run). */
export interface ProbeRecord {
  kind: 'http' | 'tls' | 'dns'
  subject: string
  /** `ok` or the ProbeFailure. */
  outcome: 'ok' | ProbeFailure
  ms: number
}

export interface LivePort {
  /** One HTTP GET, never following a redirect. Throws LiveProbeError when it cannot complete. */
  http(request: HttpProbeRequest): Promise<HttpAnswer>
  /** One TLS handshake, certificate details kept even when verification fails. Throws LiveProbeError when it cannot complete. */
  tls(request: TlsProbeRequest): Promise<TlsAnswer>
  /** One DNS query (network resolution, not the hosts file). Throws LiveProbeError on a timeout, SERVFAIL or refused query. */
  dns(request: DnsProbeRequest): Promise<DnsAnswer>
  /** What the port did, in order, for the run envelope. */
  probes(): ProbeRecord[]
  /** The clock retries wait by (real time when absent). */
  readonly clock?: Clock
}
