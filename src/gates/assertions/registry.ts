// The explicit list of assertion kinds. A kind not listed here does not exist.
import { changesKind } from './changes.js'
import { codeScanningKind } from './code-scanning.js'
import { checksKind } from './checks.js'
import { dataKind } from './data.js'
import { docsKind } from './docs.js'
import { fileKind } from './file.js'
import { githubEnvironmentKind } from './github-environment.js'
import { jobsKind } from './jobs.js'
import { onBranchKind } from './on-branch.js'
import { overrideKind } from './override.js'
import { priorValidationKind } from './prior-validation.js'
import { refKind } from './ref.js'
import { reviewsKind } from './reviews.js'
import { httpKind } from './http.js'
import { dnsKind } from './dns.js'
import { wellKnownKind } from './well-known.js'
import { tlsKind } from './tls.js'
import { thresholdKind } from './threshold.js'
import type { AssertionKind } from '../kit.js'
import { workflowKind } from './workflow.js'

export const ASSERTION_KINDS: ReadonlyArray<AssertionKind<any>> = [ // eslint-disable-line @typescript-eslint/no-explicit-any
  fileKind,
  dataKind,
  workflowKind,
  jobsKind,
  docsKind,
  changesKind,
  checksKind,
  reviewsKind,
  refKind,
  onBranchKind,
  githubEnvironmentKind,
  codeScanningKind,
  overrideKind,
  thresholdKind,
  priorValidationKind,
  httpKind,
  tlsKind,
  dnsKind,
  wellKnownKind,
]

const BY_NAME = new Map(ASSERTION_KINDS.map((k) => [k.kind, k]))

export function assertionKind(name: string): AssertionKind<unknown> | undefined {
  return BY_NAME.get(name)
}

export const KIND_NAMES: readonly string[] = ASSERTION_KINDS.map((k) => k.kind)
