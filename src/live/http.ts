// One bounded HTTPS GET: no redirect followed, one timeout for the whole request, the body
// read up to a cap. Every failure becomes a LiveProbeError saying why it could not complete.
import { Agent, request } from 'undici'
import { LiveProbeError, type HttpAnswer, type HttpProbeRequest } from '../core/live-port.js'
import { isIP } from 'node:net'
import { checkedLookup, resolveChecked, type HostMap } from './lookup.js'

export interface HttpDeps {
  hosts?: HostMap
  /** Extra trusted certificates (tests' CA); the system store otherwise. */
  ca?: string[]
}

export async function httpGet(req: HttpProbeRequest, deps: HttpDeps): Promise<HttpAnswer> {
  // A connection to an address literal never asks `lookup`: check the address here instead.
  const literal = new URL(req.url).hostname.replace(/^\[(.*)\]$/, '$1')
  if (isIP(literal)) await resolveChecked(literal, req.allowPrivate, undefined)
  const agent = new Agent({
    connect: { timeout: req.timeoutMs, lookup: checkedLookup(req.allowPrivate, deps.hosts), ...(deps.ca ? { ca: deps.ca } : {}) },
    headersTimeout: req.timeoutMs,
    bodyTimeout: req.timeoutMs,
  })
  const signal = AbortSignal.timeout(req.timeoutMs)
  try {
    const res = await request(req.url, { method: 'GET', dispatcher: agent, signal, maxRedirections: 0, headers: { accept: '*/*', 'user-agent': 'gate-matrix' } })
    const chunks: Buffer[] = []
    let size = 0
    let truncated = false
    for await (const chunk of res.body) {
      const buf = chunk as Buffer
      chunks.push(buf)
      size += buf.length
      if (size > req.maxBodyBytes) {
        truncated = true
        res.body.destroy()
        break
      }
    }
    const headers: Record<string, string> = {}
    for (const [name, value] of Object.entries(res.headers)) {
      if (value === undefined) continue
      headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value
    }
    return { status: res.statusCode, headers, body: Buffer.concat(chunks).subarray(0, req.maxBodyBytes), truncated }
  } catch (e) {
    throw probeError(e, req)
  } finally {
    agent.destroy().catch(() => undefined)
  }
}

const TIMEOUT_CODES = new Set(['UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'ETIMEDOUT'])

/** The first LiveProbeError in the cause chain, else a timeout or an unreachable host. */
function probeError(e: unknown, req: HttpProbeRequest): LiveProbeError {
  for (let c: unknown = e, depth = 0; c && depth < 5; c = (c as { cause?: unknown }).cause, depth++) {
    if (c instanceof LiveProbeError) return c
  }
  const err = e as { name?: string; code?: string; message?: string; cause?: { code?: string; message?: string } }
  const code = err.code ?? err.cause?.code
  if (err.name === 'TimeoutError' || err.name === 'AbortError' || (code && TIMEOUT_CODES.has(code))) {
    return new LiveProbeError(`no complete answer within ${req.timeoutMs} ms`, 'timeout')
  }
  return new LiveProbeError(`the request failed: ${code ?? err.cause?.message ?? err.message ?? String(e)}`, 'unreachable')
}
