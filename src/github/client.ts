// The one GitHub REST client of the action and the CLI: Octokit core + pagination, with
// retries on 5xx, network errors and secondary rate limits, a timeout per request and a
// deadline for all of them, a per-run request budget, answers checked for shape, and typed errors.
// No @actions/* here, so the CLI shares it.
import { Octokit } from '@octokit/core'
import type { EndpointDefaults, OctokitResponse } from '@octokit/types'
import { paginateRest } from '@octokit/plugin-paginate-rest'
import { GitHubUnavailableError } from '../core/github-port.js'
import { GitHubApiError, GitHubBudgetError, GitHubPermissionError } from './errors.js'
import { responseProblem } from './response-shape.js'

export { GitHubApiError, GitHubBudgetError, GitHubPermissionError }

const PaginatedOctokit = Octokit.plugin(paginateRest)
export type OctokitClient = InstanceType<typeof PaginatedOctokit>

export interface GitHubClientOptions {
  token: string
  /** e.g. https://api.github.com or GITHUB_API_URL on GitHub Enterprise. */
  baseUrl: string
  /** Every HTTP request counts, retries and pages included. */
  maxRequests?: number
  /** Retries after the first attempt for 5xx, network errors and secondary rate limits. */
  retries?: number
  /** First backoff delay; doubles per attempt. Default env GATE_MATRIX_RETRY_BASE_MS or 1000. */
  retryBaseMs?: number
  /** Upper bound for one wait, Retry-After included. Default env GATE_MATRIX_RETRY_MAX_MS or 60000. */
  retryMaxMs?: number
  /** Per request; default env GATE_MATRIX_REQUEST_TIMEOUT_MS or 30000. */
  requestTimeoutMs?: number
  /** All of a run's requests; default env GATE_MATRIX_API_DEADLINE_MS or 300000. */
  deadlineMs?: number
  log?: (line: string) => void
}

export interface GitHubClient {
  octokit: OctokitClient
  /** Requests sent so far (each attempt and page counts). */
  readonly requestCount: number
  readonly maxRequests: number
}

export const DEFAULT_MAX_REQUESTS = 500
export const DEFAULT_RETRIES = 3

interface HttpErrorLike {
  status?: number
  message?: string
  response?: { headers?: Record<string, string | number | undefined>; data?: unknown }
}

function envNumber(name: string): number | undefined {
  const raw = process.env[name]
  if (raw === undefined || raw === '') return undefined
  const n = Number(raw)
  return Number.isFinite(n) && n >= 0 ? n : undefined
}

function header(err: HttpErrorLike, name: string): string | undefined {
  const v = err.response?.headers?.[name]
  return v === undefined ? undefined : String(v)
}

/** GitHub's message from the response body, falling back to Octokit's. */
function apiMessage(err: HttpErrorLike): string {
  const data = err.response?.data
  if (data && typeof data === 'object' && typeof (data as { message?: unknown }).message === 'string') {
    return (data as { message: string }).message
  }
  return err.message ?? String(err)
}

/** Secondary (abuse) limits answer 403 or 429 with Retry-After, or with the primary
 * limit's headers at zero; a plain 403 is a permission problem and is not retried. */
function rateLimitWaitMs(err: HttpErrorLike): number | null {
  if (err.status !== 403 && err.status !== 429) return null
  const retryAfter = header(err, 'retry-after')
  if (retryAfter !== undefined && Number.isFinite(Number(retryAfter))) return Number(retryAfter) * 1000
  if (header(err, 'x-ratelimit-remaining') === '0') {
    const reset = Number(header(err, 'x-ratelimit-reset'))
    return Number.isFinite(reset) ? Math.max(0, reset * 1000 - Date.now()) : 60_000
  }
  if (/secondary rate limit|abuse/i.test(apiMessage(err))) return 60_000
  return err.status === 429 ? 60_000 : null
}

/** The system's code (ECONNREFUSED, ENOTFOUND…) under Octokit's and fetch's wrappers, else the innermost message. */
function networkCause(e: unknown): string {
  let at = e as { code?: unknown; message?: string; cause?: unknown } | undefined
  let message = (e as Error)?.message ?? String(e)
  for (let depth = 0; at && depth < 5; depth++, at = at.cause as typeof at) {
    if (typeof at.code === 'string' && /^E[A-Z]+$/.test(at.code)) return at.code
    if (at.message) message = at.message
  }
  return message
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

/** One request's answer may take this long (env GATE_MATRIX_REQUEST_TIMEOUT_MS). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000
/** A run's GitHub API requests, retries and back-off included, may take this long in all
 * (env GATE_MATRIX_API_DEADLINE_MS); time when no request is in flight (a `checks` wait's
 * sleeps between polls) does not count. */
export const DEFAULT_API_DEADLINE_MS = 300_000
/** No answer gate-matrix reads is near this size; a larger body is refused while it streams. */
export const MAX_RESPONSE_BYTES = 16 * 1024 * 1024

/** A fetch whose body stops being read past `maxBytes` (`onOversize` is told: Octokit swallows body errors). */
function boundedFetch(maxBytes: number, onOversize: () => void): typeof fetch {
  return async (input, init) => {
    const res = await fetch(input, init)
    if (!res.body) return res
    let seen = 0
    const counted = res.body.pipeThrough(
      new TransformStream<Uint8Array, Uint8Array>({
        transform(chunk, controller) {
          seen += chunk.byteLength
          if (seen > maxBytes) {
            onOversize()
            controller.error(new Error(`the answer is larger than ${maxBytes} bytes`))
          } else controller.enqueue(chunk)
        },
      }),
    )
    const bounded = new Response(counted, { status: res.status, statusText: res.statusText, headers: res.headers })
    // Pagination reads the answer's URL (e.g. for total_commits); a new Response has none.
    Object.defineProperty(bounded, 'url', { value: res.url })
    return bounded
  }
}

export function createGitHubClient(o: GitHubClientOptions): GitHubClient {
  const maxRequests = o.maxRequests ?? envNumber('GATE_MATRIX_MAX_REQUESTS') ?? DEFAULT_MAX_REQUESTS
  const retries = o.retries ?? DEFAULT_RETRIES
  const baseMs = o.retryBaseMs ?? envNumber('GATE_MATRIX_RETRY_BASE_MS') ?? 1000
  const maxMs = o.retryMaxMs ?? envNumber('GATE_MATRIX_RETRY_MAX_MS') ?? 60_000
  const timeoutMs = o.requestTimeoutMs ?? envNumber('GATE_MATRIX_REQUEST_TIMEOUT_MS') ?? DEFAULT_REQUEST_TIMEOUT_MS
  const deadlineMs = o.deadlineMs ?? envNumber('GATE_MATRIX_API_DEADLINE_MS') ?? DEFAULT_API_DEADLINE_MS
  const log = o.log ?? (() => undefined)
  const baseUrl = new URL(o.baseUrl.replace(/\/+$/, ''))
  const basePath = baseUrl.pathname.replace(/\/+$/, '')
  let count = 0

  // Time with at least one request in flight, so parallel requests count once.
  let spentMs = 0
  let inFlight = 0
  let busySince = 0
  const spent = () => spentMs + (inFlight ? Date.now() - busySince : 0)
  const deadlineError = (what: string) =>
    new GitHubApiError(`GitHub API ${what} not sent: this run's GitHub API requests took the whole deadline of ${deadlineMs} ms (GATE_MATRIX_API_DEADLINE_MS)`, null)

  const octokit = new PaginatedOctokit({
    auth: o.token || undefined,
    baseUrl: baseUrl.href.replace(/\/+$/, ''),
    userAgent: 'gate-matrix',
    // Octokit's own warnings (deprecations) go to our log; debug/info are noise.
    log: { debug: () => undefined, info: () => undefined, warn: (m: string) => log(m), error: (m: string) => log(m) },
  })

  type Options = Required<EndpointDefaults>
  async function attempt(request: (o: Options) => OctokitResponse<unknown> | Promise<OctokitResponse<unknown>>, options: Options, what: string): Promise<OctokitResponse<unknown>> {
    const limit = Math.min(timeoutMs, deadlineMs - spent())
    const controller = new AbortController()
    let timedOut = false
    let oversize = false
    const timer = setTimeout(() => {
      timedOut = true
      controller.abort()
    }, limit)
    // Retried like a refused connection: no HTTP answer came.
    const timeoutError = () => Object.assign(new Error(`no complete answer within ${limit} ms`), { network: true })
    options.request = { ...options.request, signal: controller.signal, fetch: boundedFetch(MAX_RESPONSE_BYTES, () => (oversize = true)) }
    try {
      const res = await request(options)
      // A body cut short (timeout, size) reaches here as an empty or partial body.
      if (timedOut) throw timeoutError()
      if (oversize) throw new GitHubApiError(`GitHub API ${what} failed: the answer is larger than ${MAX_RESPONSE_BYTES} bytes`, null)
      const problem = responseProblem(options.method, String(options.url), basePath, res.data)
      if (problem) throw new GitHubApiError(`unexpected response from ${what}: ${problem}`, null)
      return res
    } catch (e) {
      if (e instanceof GitHubUnavailableError) throw e
      if (timedOut) throw timeoutError()
      // Octokit reports a request that got no HTTP answer (refused, reset, DNS) as status 500
      // without a response: that is a network error, not a server's 500.
      if ((e as HttpErrorLike).response === undefined) {
        throw Object.assign(new Error(`network error: ${networkCause(e)}`), { network: true })
      }
      throw e
    } finally {
      clearTimeout(timer)
    }
  }

  octokit.hook.wrap('request', async (request, options) => {
    const url = String(options.url)
    // Pages arrive as absolute URLs: name the path, not the origin and query.
    const what = `${options.method} ${/^https?:\/\//i.test(url) ? new URL(url).pathname : url}`
    // The token is sent to the API's origin only: a pagination Link elsewhere is not followed.
    if (/^https?:\/\//i.test(url) && new URL(url).origin !== baseUrl.origin) {
      throw new GitHubApiError(
        `GitHub API answered with a link to another origin (${new URL(url).origin}); it is not followed, so the token goes to ${baseUrl.origin} only`,
        null,
      )
    }
    if (inFlight++ === 0) busySince = Date.now()
    try {
      for (let n = 0; ; n++) {
        if (count >= maxRequests) throw new GitHubBudgetError(maxRequests)
        if (spent() >= deadlineMs) throw deadlineError(what)
        count++
        try {
          return await attempt(request, options, what)
        } catch (e) {
          if (e instanceof GitHubUnavailableError) throw e
          const err = e as HttpErrorLike & { network?: boolean }
          const status = err.network ? undefined : err.status
          const limitWait = err.network ? null : rateLimitWaitMs(err)
          const retry = limitWait !== null || status === undefined || status >= 500
          if (retry && n < retries) {
            const wait = Math.min(maxMs, limitWait ?? baseMs * 2 ** n)
            if (spent() + wait >= deadlineMs) throw deadlineError(what)
            const why = limitWait !== null ? 'rate limited' : status ? `HTTP ${status}` : (err.message ?? String(e))
            log(`GitHub API ${what}: ${why}; waiting ${Math.round(wait)} ms before retry ${n + 1} of ${retries}`)
            await sleep(wait)
            continue
          }
          const message = `GitHub API ${what} failed${status ? ` with HTTP ${status}` : ''}: ${err.network ? err.message : apiMessage(err)}`
          if (limitWait === null && (status === 403 || status === 404)) throw new GitHubPermissionError(message, status)
          throw new GitHubApiError(n > 0 ? `${message} (after ${n + 1} attempts)` : message, status ?? null)
        }
      }
    } finally {
      if (--inFlight === 0) spentMs += Date.now() - busySince
    }
  })

  return {
    octokit,
    get requestCount() {
      return count
    },
    maxRequests,
  }
}
