// One blocker seen in several environments is one line to fix: text and Markdown list each
// distinct blocker once, with the environments it blocks. The evidence keeps one entry per
// environment (its contract); only the rendering groups.
import type { BlockerEvidence } from '../evidence/types.js'

export interface BlockerGroup {
  /** The first of its members, in evidence order. */
  blocker: BlockerEvidence
  /** Environments (or "*") it blocks, in evidence order. */
  environments: string[]
  /** How many of the evidence's blockers it stands for. */
  count: number
}

/** The blockers, one group per gate, code, message and place, in order of first appearance. */
export function groupBlockers(blockers: readonly BlockerEvidence[]): BlockerGroup[] {
  const groups = new Map<string, BlockerGroup>()
  for (const b of blockers) {
    const l = b.location
    const key = JSON.stringify([b.gate_id, b.code, b.message, l.path, l.line ?? null, l.column ?? null])
    const group = groups.get(key)
    if (!group) {
      groups.set(key, { blocker: b, environments: [b.environment], count: 1 })
      continue
    }
    group.count++
    if (!group.environments.includes(b.environment)) group.environments.push(b.environment)
  }
  return [...groups.values()]
}
