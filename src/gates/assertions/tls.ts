// `tls`: a declared host's certificate as clients see it: the chain verifies, the leaf names
// the host, it is valid for at least N more days on the run's date (--now, not the wall
// clock), its issuer, and the negotiated protocol version. Only with --live.
import * as z from 'zod'
import { sharedCodes } from '../../core/codes.js'
import { dayNumber } from '../../core/day.js'
import { type Finding, outcomeOf } from '../../core/outcome.js'
import { type AssertionKind, withLive } from '../kit.js'
import { durationOption, parseDuration } from '../support/check-state.js'
import { hostOption, hostTarget } from '../support/live-target.js'

const VERSIONS = ['TLSv1.2', 'TLSv1.3'] as const

export const tlsOptions = z
  .strictObject({
    host: hostOption('portal.example.com').describe('A host declared under the environment\'s hosts, e.g. ${{ environment.hosts.portal }}'),
    port: z.number().int().min(1).max(65535).optional().describe('Default 443'),
    min_days_left: z.number().int().min(0).optional().describe('The certificate must stay valid at least this many days after the run\'s date (default 0: not expired)'),
    issuer: z.string().min(1).optional().describe('Text the issuer\'s distinguished name must contain, e.g. O=Let\'s Encrypt'),
    min_version: z.enum(VERSIONS).optional().describe('Lowest acceptable negotiated protocol (default TLSv1.2)'),
    timeout: durationOption('s', 'expected seconds such as 10s', 60_000, '60s')
      .optional()
      .describe('The handshake\'s time limit, at most 60s (default 10s)'),
  })
  .describe('A declared host\'s certificate and TLS version (live: only with --live)')

export type TlsOptions = z.infer<typeof tlsOptions>

export const tlsKind: AssertionKind<TlsOptions> = {
  kind: 'tls',
  description: 'A declared host\'s certificate chain is trusted, names the host, has N days left on the run\'s date, its issuer, the TLS version.',
  options: tlsOptions,
  needs: 'live',
  codes: {
    TLS_UNTRUSTED: { status: 'fail', meaning: 'The certificate chain does not verify to a trusted root (self-signed, unknown issuer, incomplete chain).' },
    TLS_HOSTNAME_MISMATCH: { status: 'fail', meaning: 'The certificate does not name the host.' },
    TLS_EXPIRED: { status: 'fail', meaning: 'The certificate is expired, or not yet valid, on the run\'s date.' },
    TLS_EXPIRING: { status: 'fail', meaning: 'The certificate expires in fewer days than min_days_left after the run\'s date.' },
    TLS_ISSUER_MISMATCH: { status: 'fail', meaning: 'The issuer\'s distinguished name does not contain the expected text.' },
    TLS_VERSION_TOO_LOW: { status: 'fail', meaning: 'The negotiated TLS version is below min_version.' },
    ...sharedCodes('LIVE_NOT_ENABLED', 'PROBE_HOST_UNDECLARED', 'PROBE_URL_REFUSED', 'PROBE_ADDRESS_REFUSED', 'PROBE_UNREACHABLE', 'PROBE_TIMEOUT'),
  },
  evaluate(o, ctx) {
    const at = (name: string) => ctx.matrix.doc.locate([...ctx.declaredPath, name]).location
    return withLive(ctx, ctx.declaredAt, async (live) => {
      const port = o.port ?? 443
      const target = hostTarget(ctx, o.host, 'host', `:${port}/`)
      if ('finding' in target) return outcomeOf([target.finding])
      const host = target.url.hostname
      const a = await live.tls({ host, port, timeoutMs: o.timeout ? parseDuration(o.timeout) : 10_000, allowPrivate: target.allowPrivate })
      const today = dayNumber(ctx.run.today)
      const daysLeft = dayNumber(a.validTo.slice(0, 10)) - today
      const notYet = dayNumber(a.validFrom.slice(0, 10)) > today
      const findings: Finding[] = []
      const fail = (code: string, message: string, name: string) => findings.push({ status: 'fail', code, message, location: at(name) })
      if (!a.chainTrusted) fail('TLS_UNTRUSTED', `${host}:${port} presents a certificate that does not verify (${a.chainError})`, 'host')
      if (!a.nameMatches) fail('TLS_HOSTNAME_MISMATCH', `${host}:${port} presents a certificate that does not name ${host}`, 'host')
      if (daysLeft < 0 || notYet) {
        fail('TLS_EXPIRED', `${host}:${port}'s certificate is valid ${a.validFrom.slice(0, 10)} to ${a.validTo.slice(0, 10)}: not on ${ctx.run.today}`, 'host')
      } else if (daysLeft < (o.min_days_left ?? 0)) {
        fail('TLS_EXPIRING', `${host}:${port}'s certificate expires ${a.validTo.slice(0, 10)}, ${daysLeft} days after ${ctx.run.today}: fewer than ${o.min_days_left}`, 'min_days_left')
      }
      if (o.issuer && !a.issuer.includes(o.issuer)) fail('TLS_ISSUER_MISMATCH', `${host}:${port}'s issuer is "${a.issuer.replace(/\n/g, ', ')}", not one containing "${o.issuer}"`, 'issuer')
      const min = o.min_version ?? 'TLSv1.2'
      if (!a.protocol || !(VERSIONS as readonly string[]).includes(a.protocol) || VERSIONS.indexOf(a.protocol as (typeof VERSIONS)[number]) < VERSIONS.indexOf(min)) {
        fail('TLS_VERSION_TOO_LOW', `${host}:${port} negotiated ${a.protocol ?? 'no known protocol'}, below ${min}`, o.min_version ? 'min_version' : 'host')
      }
      const facts = {
        chain_trusted: a.chainTrusted,
        name_matches: a.nameMatches,
        valid_to: a.validTo.slice(0, 10),
        days_left: daysLeft,
        issuer: a.issuer.replace(/\n/g, ', '),
        protocol: a.protocol,
      }
      return { ...outcomeOf(findings), observations: [{ source: 'tls', subject: `${host}:${port}`, facts }] }
    })
  },
}
