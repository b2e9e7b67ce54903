// Waivers keep a cell's result but stop it blocking until they expire.
import type { WaiverEvidence } from '../evidence/types.js'
import type { LoadedMatrix } from '../spec/types.js'
import { includesEnvironment } from '../core/environment-names.js'

/** The waiver for a gate in an environment ("*" for repository-wide gates), if any.
 * When several match, the one that expires last wins. */
export function waiverFor(matrix: LoadedMatrix, gateId: string, environment: string, today: string): WaiverEvidence | null {
  let best: WaiverEvidence | null = null
  matrix.spec.waivers?.forEach((w, i) => {
    if (w.gate !== gateId) return
    if (w.environments && !includesEnvironment(w.environments, environment)) return
    if (best && best.expires >= w.expires) return
    best = {
      owner: w.owner,
      reason: w.reason,
      expires: w.expires,
      active: today <= w.expires,
      location: matrix.doc.locate(['waivers', i]).location,
    }
  })
  return best
}
