// `http`: a declared host serves what the matrix expects: status, no redirect (or an exact
// Location), content type, HSTS, exact headers, a JSON value in the body. Only with --live;
// retries only where waiting can help (connection errors, timeouts, 429, 502, 503, 504).
import * as z from 'zod'
import { sharedCodes } from '../../core/codes.js'
import { realClock } from '../../core/github-port.js'
import { LiveProbeError, type HttpAnswer, type LivePort } from '../../core/live-port.js'
import { type AssertionOutcome, type Finding, type Observation, type ObservationValue, outcomeOf } from '../../core/outcome.js'
import { redactText } from '../../core/redact.js'
import { type AssertionContext, type AssertionKind, withLive } from '../kit.js'
import { durationOption, parseDuration } from '../support/check-state.js'
import { liveTarget } from '../support/live-target.js'
import { parseHsts, jsonAt, mediaType, retryDelay } from '../support/http-facts.js'

const MAX_WAIT_MS = 10 * 60_000
const MAX_TIMEOUT_MS = 60_000
/** Bodies are read up to this (a JSON value is all the kind needs from them). */
export const HTTP_MAX_BODY_BYTES = 1024 * 1024
const RETRY_STATUSES = new Set([429, 502, 503, 504])

const duration = (max: number, label: string) => durationOption('sm', 'expected a duration such as 30s or 2m', max, label)

export const httpOptions = z
  .strictObject({
    url: z.string().min(1).describe('https:// URL on a host declared under the environment\'s hosts, e.g. https://${{ environment.hosts.portal }}/version'),
    status: z.number().int().min(100).max(599).optional().describe('Expected status (default 200)'),
    redirect: z
      .union([z.literal('none'), z.strictObject({ location: z.string().min(1).describe('The exact Location header') })])
      .optional()
      .describe('none (default): any redirect fails; { location }: the answer must redirect exactly there (never followed)'),
    content_type: z.string().min(1).optional().describe('Expected media type, parameters such as charset ignored, e.g. application/json'),
    hsts: z
      .strictObject({
        min_max_age: z.number().int().min(0).describe('Strict-Transport-Security max-age at least this many seconds'),
        include_subdomains: z.boolean().optional().describe('true: includeSubDomains must be set'),
      })
      .optional()
      .describe('Strict-Transport-Security expectations'),
    headers: z.record(z.string().min(1), z.string()).optional().describe('Headers that must have exactly these values (names case-insensitive)'),
    json: z
      .strictObject({
        path: z.string().min(1).describe('Dotted path into the JSON body, e.g. build.commit or items.0.id'),
        equals: z.union([z.string(), z.number(), z.boolean()]).describe('The value it must have, e.g. ${{ github.sha }}'),
      })
      .optional()
      .describe('A value of the JSON body'),
    consecutive_successes: z.number().int().min(1).max(10).optional().describe('Answers in a row that must pass (default 1), one second apart'),
    wait: duration(MAX_WAIT_MS, '10m').optional().describe('How long retries may take in all, at most 10m (default: no retry)'),
    timeout: duration(MAX_TIMEOUT_MS, '60s').optional().describe('Each request\'s whole time limit, at most 60s (default 10s)'),
  })
  .describe('A declared host answers an HTTPS GET as expected (live: only with --live)')

export type HttpOptions = z.infer<typeof httpOptions>

export const httpKind: AssertionKind<HttpOptions> = {
  kind: 'http',
  description: 'A declared host answers an HTTPS GET with the expected status, redirect, headers (HSTS), content type and JSON value.',
  options: httpOptions,
  needs: 'live',
  codes: {
    PROBE_STATUS_MISMATCH: { status: 'fail', meaning: 'The answer\'s status is not the expected one (after retries, for 429/502/503/504).' },
    PROBE_REDIRECTED: { status: 'fail', meaning: 'The answer redirects when none is allowed, or not to the exact Location expected (redirects are never followed).' },
    PROBE_HEADER_MISMATCH: { status: 'fail', meaning: 'A header is absent or differs: HSTS max-age too short or without includeSubDomains, a content type or an exact header value.' },
    PROBE_BODY_MISMATCH: { status: 'fail', meaning: 'The body is not JSON, lacks the path, or holds another value there.' },
    PROBE_BODY_TOO_LARGE: { status: 'blocked', meaning: 'The body is larger than the kind reads (1 MiB), so its JSON value could not be judged.' },
    ...sharedCodes('LIVE_NOT_ENABLED', 'PROBE_HOST_UNDECLARED', 'PROBE_URL_REFUSED', 'PROBE_ADDRESS_REFUSED', 'PROBE_UNREACHABLE', 'PROBE_TIMEOUT'),
  },
  evaluate(o, ctx) {
    return withLive(ctx, ctx.declaredAt, async (live) => {
      const target = liveTarget(ctx, o.url, 'url')
      if ('finding' in target) return outcomeOf([target.finding])
      return probe(o, ctx, live, target.url, target.allowPrivate)
    })
  },
}

async function probe(o: HttpOptions, ctx: AssertionContext, live: LivePort, url: URL, allowPrivate: boolean): Promise<AssertionOutcome> {
  const clock = live.clock ?? realClock
  const budget = o.wait ? parseDuration(o.wait) : 0
  const needed = o.consecutive_successes ?? 1
  const timeoutMs = o.timeout ? parseDuration(o.timeout) : 10_000
  // One deadline for the whole probe: the retries' wait, then N answers a second apart.
  const started = clock.now()
  const deadline = started + budget + needed * timeoutMs + (needed - 1) * 1000
  const overdue = () =>
    new LiveProbeError(`no ${needed > 1 ? `${needed} passing answers in a row` : 'passing answer'} from ${url.host} within ${Math.round((deadline - started) / 1000)} s (wait, timeouts and pauses together)`, 'timeout')
  let spent = 0
  let retries = 0
  let successes = 0
  // A retried request's own time counts against the wait, as its pause does; passing answers and the pause between them do not.
  const retryable = async (took: number): Promise<boolean> => {
    spent += took
    const delay = retryDelay(retries)
    if (spent + delay > budget || clock.now() + delay >= deadline) return false
    await clock.sleep(delay)
    spent += delay
    retries++
    successes = 0
    return true
  }
  for (;;) {
    const begun = clock.now()
    if (begun >= deadline) throw overdue()
    let answer: HttpAnswer
    try {
      answer = await live.http({ url: url.href, maxBodyBytes: HTTP_MAX_BODY_BYTES, timeoutMs: whole(Math.min(timeoutMs, deadline - begun)), allowPrivate })
    } catch (e) {
      if (e instanceof LiveProbeError && e.failure !== 'address_refused' && (await retryable(clock.now() - begun))) continue
      throw e
    }
    if (RETRY_STATUSES.has(answer.status) && answer.status !== (o.status ?? 200) && (await retryable(clock.now() - begun))) continue
    const { findings, observation } = judge(o, ctx, url, answer)
    if (findings.length) return { ...outcomeOf(findings), observations: [observation] }
    if (++successes >= needed) return { result: 'pass', findings: [], observations: [observation] }
    if (clock.now() + 1000 >= deadline) throw overdue()
    await clock.sleep(1000)
  }
}

/** Timers take whole milliseconds, and 0 would mean none: at least 1. */
const whole = (ms: number) => Math.max(1, Math.floor(ms))

function judge(o: HttpOptions, ctx: AssertionContext, url: URL, a: HttpAnswer): { findings: Finding[]; observation: Observation } {
  const at = (...p: Array<string | number>) => ctx.matrix.doc.locate([...ctx.declaredPath, ...p]).location
  const findings: Finding[] = []
  const facts: Record<string, ObservationValue> = { status: a.status }
  const shown = (v: string | undefined) => (v === undefined ? 'absent' : `"${redactText(v)}"`)
  const where = `${url.host}${url.pathname}`

  const expected = o.status ?? 200
  const location = a.headers.location
  facts.location = location === undefined ? null : redactText(location)
  if (o.redirect && o.redirect !== 'none') {
    if (location !== o.redirect.location) {
      findings.push({ status: 'fail', code: 'PROBE_REDIRECTED', message: `${where} answered ${a.status} with Location ${shown(location)}, not "${o.redirect.location}"`, location: at('redirect', 'location') })
    }
  } else if (a.status >= 300 && a.status < 400) {
    findings.push({ status: 'fail', code: 'PROBE_REDIRECTED', message: `${where} redirects (${a.status}, Location ${shown(location)}) and no redirect is allowed: serve it at this URL`, location: at('url') })
  }
  if (a.status !== expected && !(o.redirect && o.redirect !== 'none' && a.status >= 300 && a.status < 400 && o.status === undefined)) {
    if (!findings.some((f) => f.code === 'PROBE_REDIRECTED')) {
      findings.push({ status: 'fail', code: 'PROBE_STATUS_MISMATCH', message: `${where} answered ${a.status}, expected ${expected}`, location: o.status === undefined ? at('url') : at('status') })
    }
  }

  if (o.content_type) {
    const got = mediaType(a.headers['content-type'])
    facts.content_type = got
    if (got !== o.content_type.toLowerCase()) {
      findings.push({ status: 'fail', code: 'PROBE_HEADER_MISMATCH', message: `${where} is served as ${got === null ? 'no content type' : `"${redactText(got)}"`}, expected ${o.content_type}`, location: at('content_type') })
    }
  }
  if (o.hsts) {
    const raw = a.headers['strict-transport-security']
    const hsts = parseHsts(raw)
    facts.hsts_max_age = hsts?.maxAge ?? null
    facts.hsts_include_subdomains = hsts?.includeSubDomains ?? null
    if (!hsts) {
      findings.push({ status: 'fail', code: 'PROBE_HEADER_MISMATCH', message: `${where} sends Strict-Transport-Security ${shown(raw)}: expected max-age=${o.hsts.min_max_age} or more`, location: at('hsts') })
    } else {
      if (hsts.maxAge < o.hsts.min_max_age) {
        findings.push({ status: 'fail', code: 'PROBE_HEADER_MISMATCH', message: `${where} sends HSTS max-age=${hsts.maxAge}, below ${o.hsts.min_max_age}`, location: at('hsts', 'min_max_age') })
      }
      if (o.hsts.include_subdomains && !hsts.includeSubDomains) {
        findings.push({ status: 'fail', code: 'PROBE_HEADER_MISMATCH', message: `${where} sends HSTS without includeSubDomains`, location: at('hsts', 'include_subdomains') })
      }
    }
  }
  for (const [name, want] of Object.entries(o.headers ?? {})) {
    const got = a.headers[name.toLowerCase()]
    facts[`header:${name.toLowerCase()}`] = got === undefined ? null : redactText(got)
    if (got !== want) findings.push({ status: 'fail', code: 'PROBE_HEADER_MISMATCH', message: `${where} sends ${name} ${shown(got)}, expected "${want}"`, location: at('headers', name) })
  }
  if (o.json) {
    if (a.truncated) {
      facts.json_value = null
      findings.push({ status: 'blocked', code: 'PROBE_BODY_TOO_LARGE', message: `${where} sent a body over ${HTTP_MAX_BODY_BYTES} bytes: its JSON could not be judged`, location: at('json') })
    } else {
      const found = jsonAt(a.body, o.json.path)
      facts.json_value = found.ok ? redactJson(found.value) : null
      if (!found.ok) {
        findings.push({ status: 'fail', code: 'PROBE_BODY_MISMATCH', message: `${where}: ${found.message}`, location: at('json', 'path') })
      } else if (found.value !== o.json.equals) {
        findings.push({ status: 'fail', code: 'PROBE_BODY_MISMATCH', message: `${where}: ${o.json.path} is ${JSON.stringify(redactJson(found.value))}, expected ${JSON.stringify(o.json.equals)}`, location: at('json', 'equals') })
      }
    }
  }
  return { findings, observation: { source: 'http', subject: `${url.origin}${url.pathname}`, facts } }
}

function redactJson(v: unknown): ObservationValue {
  if (typeof v === 'string') return redactText(v)
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return v
  return redactText(JSON.stringify(v))
}
