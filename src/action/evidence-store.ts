// Evidence goes to disk first, whatever happens next, then to a workflow artifact. The
// artifact client is imported only when uploading: it is most of the bundle and start-up
// should not pay for it. An upload failure is reported, never turned into a verdict.
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { writeCanonicalJsonFile } from '../core/canonical-stream.js'
import type { Evidence, RunEnvelope } from '../evidence/types.js'

export const EVIDENCE_FILE = 'gate-matrix-evidence.json'
export const ENVELOPE_FILE = 'gate-matrix-run.json'

export interface WrittenEvidence {
  dir: string
  evidencePath: string
  envelopePath: string
}

/** The artifact name when none is given: run attempt (names are immutable, re-runs must not
 * collide) and environments (jobs of one job matrix must not collide either). */
export function defaultEvidenceName(o: { environments: string[]; runAttempt: string; suffix?: string }): string {
  const scope = o.environments.length ? `-${o.environments.join('-')}` : ''
  return `gate-matrix-evidence${scope}${o.suffix ?? ''}-attempt-${o.runAttempt}`
}

export function writeEvidence(runnerTemp: string, name: string, evidence: Evidence, envelope: RunEnvelope): WrittenEvidence {
  const dir = join(runnerTemp, 'gate-matrix', name)
  mkdirSync(dir, { recursive: true })
  const evidencePath = join(dir, EVIDENCE_FILE)
  const envelopePath = join(dir, ENVELOPE_FILE)
  writeCanonicalJsonFile(evidencePath, evidence, { pretty: true })
  writeCanonicalJsonFile(envelopePath, envelope, { pretty: true })
  return { dir, evidencePath, envelopePath }
}

export type UploadOutcome = { ok: true; id: number; size: number } | { ok: false; error: string }

export async function uploadEvidence(name: string, written: WrittenEvidence): Promise<UploadOutcome> {
  try {
    const { DefaultArtifactClient } = await import('@actions/artifact')
    const res = await new DefaultArtifactClient().uploadArtifact(name, [written.evidencePath, written.envelopePath], written.dir)
    if (typeof res.id !== 'number') return { ok: false, error: 'the artifact service returned no artifact id' }
    return { ok: true, id: res.id, size: res.size ?? 0 }
  } catch (e) {
    return { ok: false, error: (e as Error).message || String(e) }
  }
}
