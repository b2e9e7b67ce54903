// `mode: merge`: a job matrix ran one environment per job; this job combines their
// evidence files (downloaded artifacts) into one document and one verdict, with the
// same sealing and digest rules as a single run (src/evidence/merge.ts).
import * as core from '@actions/core'
import { UsageError } from '../core/errors.js'
import { mergeEvidence, parseEvidenceFile } from '../evidence/merge.js'
import type { Evidence } from '../evidence/types.js'
import { RepoReader } from '../repo/reader.js'
import { ENVELOPE_FILE } from './evidence-store.js'

export async function mergeMode(patterns: string[], root: string): Promise<{ evidence: Evidence; extraSections: string[]; scope: string[] }> {
  const repo = new RepoReader(root)
  const files = new Set<string>()
  for (const pattern of patterns) {
    // The run envelope sits beside each evidence file; it is not evidence.
    const matched = repo.glob(pattern).filter((p) => !p.endsWith(`/${ENVELOPE_FILE}`) && p !== ENVELOPE_FILE)
    if (!matched.length) throw new UsageError(`input "evidence-files": "${pattern}" matches no file under ${root} (download the jobs' artifacts first, e.g. actions/download-artifact with pattern: gate-matrix-evidence-*)`)
    for (const p of matched) files.add(p)
  }
  const docs = [...files].sort().map((path) => {
    const read = repo.read(path)
    if (read.kind !== 'ok') throw new UsageError(`input "evidence-files": ${read.kind === 'error' ? read.message : `${path} is missing`}`)
    return { path, evidence: parseEvidenceFile(path, read.text) }
  })
  const evidence = await core.group(`Merging ${docs.length} evidence files`, async () => {
    for (const d of docs) core.info(`${d.path}: ${d.evidence.verdict}, ${d.evidence.environments.map((e) => e.environment_profile).join(', ') || 'repository gates only'}`)
    return mergeEvidence(docs)
  })
  const list = docs.map((d) => `- \`${d.path}\` (${d.evidence.verdict})`).join('\n')
  return { evidence, scope: [], extraSections: [`### Merged evidence\n\nThis verdict combines ${docs.length} evidence files:\n\n${list}\n`] }
}
