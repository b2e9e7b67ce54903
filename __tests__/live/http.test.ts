import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { ServerResponse } from 'node:http'
import { httpKind } from '../../src/gates/assertions/http.js'
import type { AssertionContext } from '../../src/gates/kit.js'
import { createLivePort } from '../../src/live/port.js'
import { LiveProbeError, type HttpAnswer, type HttpProbeRequest, type LivePort } from '../../src/core/live-port.js'
import { RepoReader } from '../../src/repo/reader.js'
import type { EnvironmentFacts } from '../../src/spec/types.js'
import { parseMatrix, runContext } from '../support/gates.js'
import { fakeClock, httpsServer, makeCert, type TestCert, type TestHttps } from '../helpers/live-servers.js'

const HOST = 'portal.example.com'
const SHA = 'c'.repeat(40)
let cert: TestCert
let server: TestHttps
// Each path answers in its own way; `flaky` answers 503 `failures` times, then 200.
let failures = 0
const routes: Record<string, (res: ServerResponse) => void> = {
  '/version': (res) => {
    res.writeHead(200, { 'content-type': 'application/json; charset=utf-8', 'strict-transport-security': 'max-age=31536000; includeSubDomains' })
    res.end(JSON.stringify({ build: { commit: SHA } }))
  },
  '/old': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(JSON.stringify({ build: { commit: 'b'.repeat(40) } }))
  },
  '/short-hsts': (res) => {
    res.writeHead(200, { 'strict-transport-security': 'max-age=300' })
    res.end('ok')
  },
  '/moved': (res) => {
    res.writeHead(301, { location: '/elsewhere' })
    res.end()
  },
  '/flaky': (res) => {
    if (failures-- > 0) {
      res.writeHead(503)
      res.end()
      return
    }
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end('{"ok":true}')
  },
  '/missing': (res) => {
    res.writeHead(404)
    res.end()
  },
  '/hang': () => undefined,
  '/reset': (res) => res.socket?.destroy(),
  '/big': (res) => {
    res.writeHead(200, { 'content-type': 'application/json' })
    res.end(`{"pad":"${'x'.repeat(1024 * 1024 + 10)}","v":1}`)
  },
}

beforeAll(async () => {
  cert = await makeCert([HOST])
  server = await httpsServer(cert, (req, res) => (routes[req.url ?? ''] ?? routes['/missing'])(res))
})
afterAll(() => server.close())

function contextFor(options: Record<string, unknown>, env: Partial<EnvironmentFacts> = {}, live = true, clock = fakeClock()) {
  const matrix = parseMatrix(`gates:\n  - id: g\n    assert:\n      - http: ${JSON.stringify(options)}\n`)
  const declaredPath = ['gates', 0, 'assert', 0, 'http']
  const run = runContext({ live: live ? createLivePort({ hosts: { [HOST]: '127.0.0.1' }, ca: [cert.cert], clock }) : null })
  const ctx: AssertionContext = {
    repo: new RepoReader(process.cwd()),
    matrix,
    run,
    environment: { name: 'staging', hosts: { portal: HOST }, internal: true, ...env },
    gateId: 'g',
    declaredAt: matrix.doc.locate(declaredPath).location,
    declaredPath,
  }
  return { ctx, clock, run }
}

async function probe(path: string, options: Record<string, unknown> = {}, env: Partial<EnvironmentFacts> = {}, live = true) {
  const o = { url: `https://${HOST}:${server.port}${path}`, ...options }
  const { ctx, clock, run } = contextFor(o, env, live)
  const outcome = await httpKind.evaluate(httpKind.options.parse(o), ctx)
  return { outcome, clock, codes: outcome.findings.map((f) => f.code), probes: run.live?.probes() ?? [] }
}

/** A port whose host takes its time on the fake clock: `answer` says what the nth request gets
 * and how long it takes (longer than the request's limit, or no status: a timeout). */
async function slowProbe(options: Record<string, unknown>, answer: (req: HttpProbeRequest, n: number) => { ms: number; status?: number }) {
  const clock = fakeClock()
  const requests: HttpProbeRequest[] = []
  const live: LivePort = {
    http: async (req) => {
      const { ms, status } = answer(req, requests.push(req))
      clock.advance(Math.min(ms, req.timeoutMs))
      if (status === undefined || ms > req.timeoutMs) throw new LiveProbeError('no complete answer', 'timeout')
      return { status, headers: {}, body: Buffer.from(''), truncated: false } satisfies HttpAnswer
    },
    tls: () => Promise.reject(new Error('unused')),
    dns: () => Promise.reject(new Error('unused')),
    probes: () => [],
    clock,
  }
  const o = { url: `https://${HOST}/version`, ...options }
  const { ctx } = contextFor(o)
  const outcome = await httpKind.evaluate(httpKind.options.parse(o), { ...ctx, run: { ...ctx.run, live } })
  return { outcome, codes: outcome.findings.map((f) => f.code), requests, elapsed: clock.now() }
}

describe('http limits', () => {
  it('gives the last request only what is left of the deadline', async () => {
    // 503 (5 s), 503 (5 s), 200 (10 s), 503 (1 s), then 200s of 10 s: the second 200 of the streak would end past the deadline.
    const steps = [
      { ms: 5000, status: 503 },
      { ms: 5000, status: 503 },
      { ms: 10_000, status: 200 },
      { ms: 999.75, status: 503 }, // a real clock's time is fractional; timers are not
    ]
    const { codes, requests, elapsed } = await slowProbe({ wait: '20s', timeout: '10s', consecutive_successes: 2 }, (_req, n) => steps[n - 1] ?? { ms: 10_000, status: 200 })
    expect(codes).toEqual(['PROBE_TIMEOUT'])
    expect(elapsed).toBeLessThanOrEqual(20_000 + 2 * 10_000 + 1000)
    expect(requests.at(-1)!.timeoutMs).toBeLessThan(10_000)
    expect(requests.every((r) => Number.isInteger(r.timeoutMs) && r.timeoutMs > 0)).toBe(true)
  })

  it('counts the retried requests\' own time against wait: a host that always times out stops within wait + timeout', async () => {
    const { codes, requests, elapsed } = await slowProbe({ wait: '10m', timeout: '60s' }, (req) => ({ ms: req.timeoutMs }))
    expect(codes).toEqual(['PROBE_TIMEOUT'])
    expect(elapsed).toBeLessThanOrEqual(10 * 60_000 + 60_000)
    expect(requests.length).toBe(9)
  })

  it('keeps one deadline for the whole probe: passing streaks broken by a 503 cannot run past it', async () => {
    // pass, pass, 503, ... each taking the whole timeout: three in a row never come.
    const { outcome, codes, requests, elapsed } = await slowProbe({ wait: '30s', timeout: '10s', consecutive_successes: 3 }, (req, n) => ({ ms: req.timeoutMs, status: n % 3 === 0 ? 503 : 200 }))
    // No time is left to retry the last 503, so it is judged.
    expect(outcome.result).toBe('fail')
    expect(codes).toEqual(['PROBE_STATUS_MISMATCH'])
    expect(elapsed).toBeLessThanOrEqual(30_000 + 3 * 10_000 + 2 * 1000)
    // The last request only gets what is left of the deadline.
    expect(requests.at(-1)!.timeoutMs).toBeLessThan(10_000)
  })
})

describe('http', () => {
  it('passes when status, content type, HSTS and the served commit match, and records what it judged', async () => {
    const { outcome, probes } = await probe('/version', {
      content_type: 'application/json',
      hsts: { min_max_age: 31536000, include_subdomains: true },
      json: { path: 'build.commit', equals: SHA },
    })
    expect(outcome.result).toBe('pass')
    expect(outcome.observations).toEqual([
      {
        source: 'http',
        subject: `https://${HOST}:${server.port}/version`,
        facts: { status: 200, location: null, content_type: 'application/json', hsts_max_age: 31536000, hsts_include_subdomains: true, json_value: SHA },
      },
    ])
    // The timing goes to the port's records (the run envelope), not to the observation.
    expect(probes).toEqual([expect.objectContaining({ kind: 'http', outcome: 'ok', ms: expect.any(Number) })])
  })

  it('names the probed URL in the run envelope without its query (the envelope is not redacted)', async () => {
    const { probes } = await probe('/missing?signature=9f86d081884c7d659a2feaa0c55ad015')
    expect(probes.map((p) => p.subject)).toEqual([`https://${HOST}:${server.port}/missing`])
  })

  it('is missing with LIVE_NOT_ENABLED when the run did not opt in, and probes nothing', async () => {
    const before = server.requests.length
    const { outcome, codes } = await probe('/version', {}, {}, false)
    expect(outcome.result).toBe('missing')
    expect(codes).toEqual(['LIVE_NOT_ENABLED'])
    expect(server.requests.length).toBe(before)
  })

  it('fails when the served commit is an old one, pointing at equals', async () => {
    const { outcome, codes } = await probe('/old', { json: { path: 'build.commit', equals: SHA } })
    expect(outcome.result).toBe('fail')
    expect(codes).toEqual(['PROBE_BODY_MISMATCH'])
    expect(outcome.findings[0].message).toContain(`build.commit is "${'b'.repeat(40)}"`)
  })

  it('fails a short HSTS max-age and a missing includeSubDomains', async () => {
    const { codes, outcome } = await probe('/short-hsts', { hsts: { min_max_age: 31536000, include_subdomains: true } })
    expect(codes).toEqual(['PROBE_HEADER_MISMATCH', 'PROBE_HEADER_MISMATCH'])
    expect(outcome.observations?.[0].facts).toMatchObject({ hsts_max_age: 300, hsts_include_subdomains: false })
  })

  it('never follows a redirect: a 301 fails, and an exact Location passes', async () => {
    const moved = await probe('/moved')
    expect(moved.codes).toEqual(['PROBE_REDIRECTED'])
    expect(server.requests.filter((r) => r.endsWith('/elsewhere'))).toEqual([])
    expect((await probe('/moved', { redirect: { location: '/elsewhere' } })).outcome.result).toBe('pass')
    expect((await probe('/moved', { redirect: { location: '/other' } })).codes).toEqual(['PROBE_REDIRECTED'])
  })

  it('retries a 503 within the wait, then passes; without a wait the 503 fails at once', async () => {
    failures = 2
    const retried = await probe('/flaky', { wait: '30s' })
    expect(retried.outcome.result).toBe('pass')
    expect(retried.clock.slept).toEqual([1000, 2000])
    failures = 1
    const once = await probe('/flaky')
    expect(once.codes).toEqual(['PROBE_STATUS_MISMATCH'])
    failures = 0
  })

  it('does not retry a 404', async () => {
    const { codes, clock } = await probe('/missing', { wait: '30s' })
    expect(codes).toEqual(['PROBE_STATUS_MISMATCH'])
    expect(clock.slept).toEqual([])
  })

  it('needs N passing answers in a row', async () => {
    const { outcome, clock } = await probe('/version', { consecutive_successes: 3 })
    expect(outcome.result).toBe('pass')
    expect(clock.slept).toEqual([1000, 1000])
  })

  it('is blocked with PROBE_TIMEOUT when the host never answers', async () => {
    const { outcome, codes } = await probe('/hang', { timeout: '1s' })
    expect(outcome.result).toBe('blocked')
    expect(codes).toEqual(['PROBE_TIMEOUT'])
  })

  it('is blocked with PROBE_UNREACHABLE when the connection is reset', async () => {
    const { outcome, codes } = await probe('/reset')
    expect(outcome.result).toBe('blocked')
    expect(codes).toEqual(['PROBE_UNREACHABLE'])
  })

  it('is blocked when the body is over the cap and a JSON value was asked for', async () => {
    const { outcome, codes } = await probe('/big', { json: { path: 'v', equals: 1 } })
    expect(outcome.result).toBe('blocked')
    expect(codes).toEqual(['PROBE_BODY_TOO_LARGE'])
  })

  it('refuses a loopback answer unless the environment is internal', async () => {
    const before = server.requests.length
    const { outcome, codes } = await probe('/version', {}, { internal: undefined })
    expect(outcome.result).toBe('blocked')
    expect(codes).toEqual(['PROBE_ADDRESS_REFUSED'])
    expect(server.requests.length).toBe(before)
  })

  it('refuses an IPv4-mapped literal of loopback, however it is spelled, without connecting', async () => {
    // The URL parser writes [::ffff:127.0.0.1] as [::ffff:7f00:1]: the check must see 127.0.0.1 in both.
    for (const literal of ['[::ffff:127.0.0.1]', '[::ffff:7f00:1]', '[64:ff9b::7f00:1]']) {
      const before = server.requests.length
      const url = `https://${literal}:${server.port}/version`
      const { ctx } = contextFor({ url }, { hosts: { portal: new URL(url).hostname }, internal: false })
      const outcome = await httpKind.evaluate(httpKind.options.parse({ url }), ctx)
      expect(outcome.findings.map((f) => f.code)).toEqual(['PROBE_ADDRESS_REFUSED'])
      expect(server.requests.length).toBe(before)
    }
  })

  it('fails a host the environment does not declare, without probing it', async () => {
    const { outcome, codes } = await probe('/version', {}, { hosts: { portal: 'other.example.com' } })
    expect(outcome.result).toBe('fail')
    expect(codes).toEqual(['PROBE_HOST_UNDECLARED'])
    expect(outcome.findings[0].location.line).toBe(4)
  })

  it('refuses a URL carrying a credential or plain http, and never quotes it', async () => {
    const secret = 'ghp_' + 'A1b2C3d4E5f6G7h8I9j0K1l2M3n4O5p6Q7r8'
    for (const url of [`https://user:${secret}@${HOST}/v`, `https://${HOST}/v?api_key=x`, `https://${HOST}/v?t=${secret}`, `http://${HOST}/v`]) {
      const { ctx } = contextFor({ url })
      const outcome = await httpKind.evaluate(httpKind.options.parse({ url }), ctx)
      expect(outcome.findings.map((f) => f.code)).toEqual(['PROBE_URL_REFUSED'])
      expect(JSON.stringify(outcome)).not.toContain(secret)
    }
  })
})
