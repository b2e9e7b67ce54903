// One DNS query through c-ares (node:dns Resolver: network queries, not getaddrinfo or the
// hosts file), its answer normalised so the same records give the same evidence bytes.
import { Resolver } from 'node:dns/promises'
import { LiveProbeError, type DnsAnswer, type DnsProbeRequest } from '../core/live-port.js'

export interface DnsDeps {
  /** Resolvers to ask ("127.0.0.1:5353"): the tests' loopback server; the system's otherwise. */
  dnsServers?: string[]
}

const MISSING: Readonly<Record<string, DnsAnswer>> = { ENOTFOUND: { status: 'nxdomain' }, ENODATA: { status: 'nodata' } }

export async function dnsQuery(req: DnsProbeRequest, deps: DnsDeps): Promise<DnsAnswer> {
  const resolver = new Resolver({ timeout: req.timeoutMs, tries: 1 })
  if (deps.dnsServers) resolver.setServers(deps.dnsServers)
  // c-ares retries each server within its own timeout (two servers: twice as long): one
  // timer bounds the whole query, and cancelling it fails the query with ECANCELLED.
  let timedOut = false
  const timer = setTimeout(() => {
    timedOut = true
    resolver.cancel()
  }, req.timeoutMs)
  try {
    return { status: 'records', values: (await values(resolver, req)).sort() }
  } catch (e) {
    if (timedOut) throw new LiveProbeError(`no DNS answer for ${req.name} ${req.type} within ${req.timeoutMs} ms`, 'timeout')
    const code = (e as NodeJS.ErrnoException).code ?? ''
    if (MISSING[code]) return MISSING[code]
    if (code === 'ETIMEOUT') throw new LiveProbeError(`no DNS answer for ${req.name} ${req.type} within ${req.timeoutMs} ms`, 'timeout')
    throw new LiveProbeError(`the DNS query for ${req.name} ${req.type} failed: ${code || (e as Error).message}`, 'unreachable')
  } finally {
    clearTimeout(timer)
    resolver.cancel()
  }
}

async function values(r: Resolver, { name, type }: DnsProbeRequest): Promise<string[]> {
  switch (type) {
    case 'A':
      return r.resolve4(name)
    case 'AAAA':
      return r.resolve6(name)
    case 'CNAME':
      return (await r.resolveCname(name)).map((n) => n.toLowerCase().replace(/\.$/, ''))
    case 'CAA':
      return (await r.resolveCaa(name)).map((c) => {
        const { critical, ...rest } = c
        const [tag, value] = Object.entries(rest)[0] ?? ['', '']
        return `${critical} ${tag} ${value}`
      })
    case 'TXT':
      return (await r.resolveTxt(name)).map((chunks) => chunks.join(''))
  }
}
