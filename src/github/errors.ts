// The client's typed errors, apart from the client itself: a caller that only tells them
// apart (instanceof) does not load Octokit with them.
import { GitHubUnavailableError } from '../core/github-port.js'

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
