// Reason codes: each has exactly one status and one meaning, wherever it is emitted.
// A kind or built-in declares its own codes in its `codes` table and takes the shared
// ones below by name (sharedCodes), so no two modules can describe one code differently.
import type { FindingStatus } from './outcome.js'

export interface CodeSpec {
  readonly status: FindingStatus
  readonly meaning: string
}

export type CodeTable = Readonly<Record<string, CodeSpec>>

/** Codes more than one module emits. */
export const SHARED_CODES = {
  FILE_MISSING: { status: 'missing', meaning: 'A file the gate requires or reads does not exist (no file matches the path or glob).' },
  FILE_UNREADABLE: { status: 'blocked', meaning: 'The file is binary, too large, not a regular file, or outside the repository.' },
  DATA_UNPARSABLE: { status: 'fail', meaning: 'The data file is not valid JSON, YAML or .env, or not of the expected shape.' },
  WORKFLOW_UNPARSABLE: { status: 'fail', meaning: 'The workflow is not valid YAML or not a mapping.' },
  PATTERN_FORBIDDEN: { status: 'fail', meaning: 'A line (of a file, or of a workflow `run:` script) matches a forbidden pattern.' },
  ENVIRONMENT_UNDECLARED: { status: 'fail', meaning: 'A workflow job deploys to an environment the matrix does not declare.' },
  EXPRESSION_FAILED: { status: 'fail', meaning: 'A ${{ }} expression in the gate could not be evaluated, or gave a value of the wrong type.' },
  CHANGES_UNAVAILABLE: { status: 'blocked', meaning: 'The change set could not be read, so what depends on it cannot be checked.' },
  GITHUB_UNAVAILABLE: { status: 'blocked', meaning: 'The GitHub API did not answer: no permission, the request budget is spent, or errors after retries.' },
  GITHUB_NOT_CONFIGURED: { status: 'missing', meaning: 'This run has no GitHub API access (no token, or a local check without one), so the gate could not be asked.' },
  LIVE_NOT_ENABLED: { status: 'missing', meaning: 'The gate probes the live hosts and this run did not opt in (--live, or the action input `live: true`).' },
  PROBE_HOST_UNDECLARED: { status: 'fail', meaning: 'The probe names a host the matrix does not declare under the environment\'s `hosts`: only declared hosts are probed.' },
  PROBE_URL_REFUSED: { status: 'fail', meaning: 'The probe\'s URL is not https://, is not a URL, or carries a credential (userinfo, a secret-named query key, a token-like value): it is never sent or quoted.' },
  PROBE_ADDRESS_REFUSED: { status: 'blocked', meaning: 'The host resolved to a private, loopback or link-local address and its environment is not `internal: true`.' },
  PROBE_UNREACHABLE: { status: 'blocked', meaning: 'The probe could not connect: refused, reset, name not found, or the TLS handshake failed.' },
  PROBE_TIMEOUT: { status: 'blocked', meaning: 'The host gave no complete answer within the probe\'s timeout.' },
  PRIOR_VALIDATION_MISSING: { status: 'missing', meaning: 'No successful run of the required check on the validated source SHA, or no full SHA given.' },
} as const satisfies CodeTable

export type SharedCode = keyof typeof SHARED_CODES

/** The shared codes a module emits, for its `codes` table. */
export function sharedCodes<C extends SharedCode>(...codes: C[]): { [K in C]: (typeof SHARED_CODES)[K] } {
  return Object.fromEntries(codes.map((c) => [c, SHARED_CODES[c]])) as { [K in C]: (typeof SHARED_CODES)[K] }
}
