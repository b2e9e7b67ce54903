// What a pull request does to the matrix it is judged by: the run uses the base matrix,
// so reviewers need to see which gates the PR's own matrix adds, removes or loosens
// before they merge it and it becomes the trusted one.
import { yamlPackage } from '../repo/yaml-package.js'
import { canonicalJson } from '../core/canonical-json.js'
import { escapeMarkdown } from '../report/markdown.js'

export interface GateLoosening {
  gate: string
  /** One sentence per way the gate got weaker. */
  how: string[]
}

export interface MatrixChanges {
  added: string[]
  removed: string[]
  loosened: GateLoosening[]
  /** Waivers the PR adds: gate id and environments. */
  waiversAdded: string[]
  environmentsRemoved: string[]
  /** The head matrix is not valid YAML; the rest is empty. */
  unreadable: string | null
}

type Obj = Record<string, unknown>

const MODE_RANK: Record<string, number> = { report: 0, warn: 1, enforce: 2 }

function obj(v: unknown): Obj {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : {}
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}

function gatesById(spec: Obj): Map<string, Obj> {
  const out = new Map<string, Obj>()
  for (const g of list(spec.gates)) {
    const gate = obj(g)
    if (typeof gate.id === 'string') out.set(gate.id, gate)
  }
  return out
}

function names(v: unknown): string[] | null {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : null
}

function kindOf(assertion: unknown): string {
  return Object.keys(obj(assertion))[0] ?? 'assertion'
}

function loosening(base: Obj, head: Obj): string[] {
  const how: string[] = []
  const baseMode = typeof base.mode === 'string' ? base.mode : 'enforce'
  const headMode = typeof head.mode === 'string' ? head.mode : 'enforce'
  if ((MODE_RANK[headMode] ?? 2) < (MODE_RANK[baseMode] ?? 2)) how.push(`mode lowered from ${baseMode} to ${headMode}`)
  if (headMode !== 'enforce' && head.enforce_after !== base.enforce_after) {
    if (head.enforce_after === undefined) how.push('enforcement date removed')
    else if (base.enforce_after === undefined || String(head.enforce_after) > String(base.enforce_after)) how.push(`enforcement postponed to ${String(head.enforce_after)}`)
  }
  const baseEnvs = names(base.environments)
  const headEnvs = names(head.environments)
  if (headEnvs && !baseEnvs) how.push(`limited to ${headEnvs.join(', ') || 'no environments'} (was every environment)`)
  if (headEnvs && baseEnvs) {
    const dropped = baseEnvs.filter((e) => !headEnvs.includes(e))
    if (dropped.length) how.push(`environments dropped: ${dropped.join(', ')}`)
  }
  const headAsserts = new Set(list(head.assert).map((a) => canonicalJson(a)))
  const gone = list(base.assert).filter((a) => !headAsserts.has(canonicalJson(a)))
  if (gone.length) how.push(`assertions removed or changed: ${gone.map(kindOf).join(', ')}`)
  for (const key of ['when', 'if'] as const) {
    if (head[key] !== undefined && canonicalJson(head[key]) !== canonicalJson(base[key] ?? null)) {
      how.push(`\`${key}\` condition ${base[key] === undefined ? 'added' : 'changed'} (the gate may apply less often)`)
    }
  }
  return how
}

export function diffMatrices(baseText: string, headText: string): MatrixChanges {
  const empty: MatrixChanges = { added: [], removed: [], loosened: [], waiversAdded: [], environmentsRemoved: [], unreadable: null }
  let base: Obj
  let head: Obj
  try {
    base = obj(yamlPackage().parse(baseText))
  } catch {
    base = {}
  }
  try {
    head = obj(yamlPackage().parse(headText))
  } catch (e) {
    return { ...empty, unreadable: (e as Error).message.split('\n')[0] }
  }
  const b = gatesById(base)
  const h = gatesById(head)
  const baseWaivers = new Set(list(base.waivers).map((w) => canonicalJson(w)))
  return {
    added: [...h.keys()].filter((id) => !b.has(id)),
    removed: [...b.keys()].filter((id) => !h.has(id)),
    loosened: [...h.entries()]
      .filter(([id]) => b.has(id))
      .map(([id, gate]) => ({ gate: id, how: loosening(b.get(id)!, gate) }))
      .filter((l) => l.how.length > 0),
    waiversAdded: list(head.waivers)
      .filter((w) => !baseWaivers.has(canonicalJson(w)))
      .map((w) => {
        const waiver = obj(w)
        const envs = names(waiver.environments)
        return `${String(waiver.gate)}${envs ? ` (${envs.join(', ')})` : ''} until ${String(waiver.expires)}`
      }),
    environmentsRemoved: Object.keys(obj(base.environments)).filter((e) => !(e in obj(head.environments))),
    unreadable: null,
  }
}

export function hasChanges(c: MatrixChanges): boolean {
  return !!(c.unreadable || c.added.length || c.removed.length || c.loosened.length || c.waiversAdded.length || c.environmentsRemoved.length)
}

/** The job-summary section; `path` is the matrix file. */
export function renderMatrixChanges(c: MatrixChanges, path: string): string {
  // Inside a code span nothing renders as markup; only a backtick could end it.
  const code = (s: string) => `\`${s.replace(/[`\r\n]/g, "'")}\``
  const lines = [
    `### This pull request changes ${code(path)}`,
    '',
    'The gates above come from the base branch\'s matrix: a pull request is never judged by its own matrix. Once merged, this one applies:',
    '',
  ]
  if (c.unreadable) lines.push(`- the new matrix is not valid YAML: ${escapeMarkdown(c.unreadable)}`)
  if (c.added.length) lines.push(`- **gates added:** ${c.added.map(code).join(', ')}`)
  if (c.removed.length) lines.push(`- **gates removed:** ${c.removed.map(code).join(', ')}`)
  for (const l of c.loosened) lines.push(`- **gate loosened** ${code(l.gate)}: ${l.how.map(escapeMarkdown).join('; ')}`)
  if (c.environmentsRemoved.length) lines.push(`- **environments removed:** ${c.environmentsRemoved.map(code).join(', ')}`)
  if (c.waiversAdded.length) lines.push(`- **waivers added:** ${c.waiversAdded.map(escapeMarkdown).join('; ')}`)
  if (!hasChanges(c)) lines.push('- no gate is added, removed or loosened')
  return `${lines.join('\n')}\n`
}
