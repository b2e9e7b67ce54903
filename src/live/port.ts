// The live port the edges hand the engine when a run opts in with --live / `live: true`.
import type { Clock } from '../core/github-port.js'
import { LiveProbeError, type LivePort, type ProbeRecord } from '../core/live-port.js'
import { httpGet, type HttpDeps } from './http.js'
import { tlsHandshake } from './tls.js'
import { dnsQuery, type DnsDeps } from './dns.js'

export interface LivePortOptions extends HttpDeps, DnsDeps {
  clock?: Clock
}

export function createLivePort(o: LivePortOptions = {}): LivePort {
  const records: ProbeRecord[] = []
  const timed = async <T>(kind: ProbeRecord['kind'], subject: string, run: () => Promise<T>): Promise<T> => {
    const started = performance.now()
    try {
      const value = await run()
      records.push({ kind, subject, outcome: 'ok', ms: Math.round(performance.now() - started) })
      return value
    } catch (e) {
      records.push({ kind, subject, outcome: e instanceof LiveProbeError ? e.failure : 'unreachable', ms: Math.round(performance.now() - started) })
      throw e
    }
  }
  return {
    // The envelope is not redacted: it names the URL without its query.
    http: (req) => timed('http', withoutQuery(req.url), () => httpGet(req, o)),
    tls: (req) => timed('tls', `${req.host}:${req.port}`, () => tlsHandshake(req, o)),
    dns: (req) => timed('dns', `${req.name} ${req.type}`, () => dnsQuery(req, o)),
    probes: () => [...records],
    ...(o.clock ? { clock: o.clock } : {}),
  }
}

function withoutQuery(raw: string): string {
  const url = new URL(raw)
  return `${url.origin}${url.pathname}`
}
