// The one rule for gates that judge the change set: no diff in this run → not
// applicable; a diff that could not be read → blocked (fail closed); else the files.
import type { AssertionContext, AssertionOutcome, Location } from './types.js'
import { notApplicable } from './combine.js'

export function changedFilesOr(
  ctx: AssertionContext,
  /** What cannot be checked without the files, e.g. "co-changes". */
  what: string,
  location: Location,
): { files: string[] } | { outcome: AssertionOutcome } {
  const changes = ctx.run.changes
  if (changes.kind === 'files') return { files: changes.files }
  if (changes.kind === 'none') return { outcome: notApplicable(changes.reason) }
  const message = `the changed files could not be read, so ${what} cannot be checked: ${changes.reason}`
  return { outcome: { result: 'blocked', reason: message, findings: [{ status: 'blocked', code: 'CHANGES_UNAVAILABLE', message, location }] } }
}
