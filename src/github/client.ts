// The one GitHub REST client of the action and the CLI: Octokit core + pagination, with
// retries on 5xx and secondary rate limits, a per-run request budget, and typed errors.
// No @actions/* here, so the CLI shares it.
import { Octokit } from '@octokit/core'
import { paginateRest } from '@octokit/plugin-paginate-rest'
import { GitHubUnavailableError } from '../core/github-port.js'

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

/** 403/404: the token may not see or do this (a fork's read-only token, a missing scope). */
export class GitHubPermissionError extends GitHubUnavailableError {
  constructor(
    message: string,
    readonly status: number,
  ) {
    super(message, 'permission')
    this.name = 'GitHubPermissionError'
  }
}

/** Any other failure that survived the retries (5xx, network, rate limit, 4xx). */
export class GitHubApiError extends GitHubUnavailableError {
  constructor(
    message: string,
    readonly status: number | null,
  ) {
    super(message, 'error')
    this.name = 'GitHubApiError'
  }
}

/** The run spent its request budget: later calls fail without touching the network. */
export class GitHubBudgetError extends GitHubUnavailableError {
  constructor(readonly maxRequests: number) {
    super(`GitHub API request budget of ${maxRequests} requests for this run is spent`, 'budget')
    this.name = 'GitHubBudgetError'
  }
}

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

function isRetryable(err: HttpErrorLike): boolean {
  // No status: the request never got an answer (connection refused, reset, timeout).
  return err.status === undefined || err.status >= 500
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

export function createGitHubClient(o: GitHubClientOptions): GitHubClient {
  const maxRequests = o.maxRequests ?? envNumber('GATE_MATRIX_MAX_REQUESTS') ?? DEFAULT_MAX_REQUESTS
  const retries = o.retries ?? DEFAULT_RETRIES
  const baseMs = o.retryBaseMs ?? envNumber('GATE_MATRIX_RETRY_BASE_MS') ?? 1000
  const maxMs = o.retryMaxMs ?? envNumber('GATE_MATRIX_RETRY_MAX_MS') ?? 60_000
  const log = o.log ?? (() => undefined)
  let count = 0

  const octokit = new PaginatedOctokit({
    auth: o.token || undefined,
    baseUrl: o.baseUrl.replace(/\/+$/, ''),
    userAgent: 'gate-matrix',
    // Octokit's own warnings (deprecations) go to our log; debug/info are noise.
    log: { debug: () => undefined, info: () => undefined, warn: (m: string) => log(m), error: (m: string) => log(m) },
  })

  octokit.hook.wrap('request', async (request, options) => {
    const what = `${options.method} ${String(options.url)}`
    for (let attempt = 0; ; attempt++) {
      if (count >= maxRequests) throw new GitHubBudgetError(maxRequests)
      count++
      try {
        return await request(options)
      } catch (e) {
        const err = e as HttpErrorLike
        const limitWait = rateLimitWaitMs(err)
        const retry = limitWait !== null || isRetryable(err)
        if (retry && attempt < retries) {
          const wait = Math.min(maxMs, limitWait ?? baseMs * 2 ** attempt)
          const why = limitWait !== null ? 'rate limited' : err.status ? `HTTP ${err.status}` : apiMessage(err)
          log(`GitHub API ${what}: ${why}; waiting ${Math.round(wait)} ms before retry ${attempt + 1} of ${retries}`)
          await sleep(wait)
          continue
        }
        const message = `GitHub API ${what} failed${err.status ? ` with HTTP ${err.status}` : ''}: ${apiMessage(err)}`
        if (limitWait === null && (err.status === 403 || err.status === 404)) {
          throw new GitHubPermissionError(message, err.status)
        }
        throw new GitHubApiError(
          attempt > 0 ? `${message} (after ${attempt + 1} attempts)` : message,
          err.status ?? null,
        )
      }
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
