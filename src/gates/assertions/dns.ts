// `dns`: a declared host's A/AAAA/CNAME/CAA/TXT records equal or contain the expected values.
// A name that does not exist, or has no such records, fails; a resolver that times out or
// answers SERVFAIL leaves it `blocked`. Only with --live.
import * as z from 'zod'
import { sharedCodes } from '../../core/codes.js'
import { DNS_TYPES } from '../../core/live-port.js'
import { type Finding, outcomeOf } from '../../core/outcome.js'
import { type AssertionKind, withLive } from '../kit.js'
import { durationOption, parseDuration } from '../support/check-state.js'
import { hostOption, hostTarget } from '../support/live-target.js'

export const dnsOptions = z
  .strictObject({
    name: hostOption('portal.example.com').describe('A host declared under the environment\'s hosts, e.g. ${{ environment.hosts.portal }}'),
    type: z.enum(DNS_TYPES).describe('Record type'),
    equals: z.array(z.string().min(1)).min(1).optional().describe('The records must be exactly these (any order)'),
    contains: z.array(z.string().min(1)).min(1).optional().describe('The records must include each of these'),
    timeout: durationOption('s', 'expected seconds such as 5s', 30_000, '30s')
      .optional()
      .describe('The query\'s time limit, at most 30s (default 5s)'),
  })
  .describe('A declared host\'s DNS records (live: only with --live)')

export type DnsOptions = z.infer<typeof dnsOptions>

/** How records compare: CNAME targets and CAA lines without case or a final dot; others as given. */
function normal(type: DnsOptions['type'], value: string): string {
  return type === 'CNAME' || type === 'A' || type === 'AAAA' ? value.toLowerCase().replace(/\.$/, '') : type === 'CAA' ? value.replace(/\s+/g, ' ').trim() : value
}

export const dnsKind: AssertionKind<DnsOptions> = {
  kind: 'dns',
  description: 'A declared host\'s A/AAAA/CNAME/CAA/TXT records equal or contain the expected values.',
  options: dnsOptions,
  needs: 'live',
  codes: {
    DNS_RECORD_MISMATCH: { status: 'fail', meaning: 'The records are not exactly `equals`, or lack a value of `contains`.' },
    DNS_NXDOMAIN: { status: 'fail', meaning: 'The declared name does not exist (NXDOMAIN).' },
    DNS_NO_RECORDS: { status: 'fail', meaning: 'The name exists but has no record of the asked type.' },
    ...sharedCodes('LIVE_NOT_ENABLED', 'PROBE_HOST_UNDECLARED', 'PROBE_URL_REFUSED', 'PROBE_UNREACHABLE', 'PROBE_TIMEOUT'),
  },
  evaluate(o, ctx) {
    const at = (...p: Array<string | number>) => ctx.matrix.doc.locate([...ctx.declaredPath, ...p]).location
    return withLive(ctx, ctx.declaredAt, async (live) => {
      const target = hostTarget(ctx, o.name, 'name', '/')
      if ('finding' in target) return outcomeOf([target.finding])
      const name = target.url.hostname
      const answer = await live.dns({ name, type: o.type, timeoutMs: o.timeout ? parseDuration(o.timeout) : 5_000 })
      const subject = `${name} ${o.type}`
      const observation = (records: string[] | null, status: string) => ({ source: 'dns', subject, facts: { status, records } })
      if (answer.status === 'nxdomain') {
        return { ...outcomeOf([{ status: 'fail', code: 'DNS_NXDOMAIN', message: `${name} does not exist (NXDOMAIN)`, location: at('name') }]), observations: [observation(null, 'nxdomain')] }
      }
      if (answer.status === 'nodata') {
        return { ...outcomeOf([{ status: 'fail', code: 'DNS_NO_RECORDS', message: `${name} has no ${o.type} record`, location: at('type') }]), observations: [observation([], 'nodata')] }
      }
      const got = new Set(answer.values.map((v) => normal(o.type, v)))
      const findings: Finding[] = []
      const shown = answer.values.join(', ')
      if (o.equals) {
        const want = new Set(o.equals.map((v) => normal(o.type, v)))
        if (want.size !== got.size || [...want].some((v) => !got.has(v))) {
          findings.push({ status: 'fail', code: 'DNS_RECORD_MISMATCH', message: `${subject} is ${shown}, expected exactly ${o.equals.join(', ')}`, location: at('equals') })
        }
      }
      o.contains?.forEach((v, i) => {
        if (!got.has(normal(o.type, v))) findings.push({ status: 'fail', code: 'DNS_RECORD_MISMATCH', message: `${subject} is ${shown}, without ${v}`, location: at('contains', i) })
      })
      return { ...outcomeOf(findings), observations: [observation(answer.values, 'records')] }
    })
  },
}
