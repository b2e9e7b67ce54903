// Checks across the matrix that no schema can express: names that must refer to
// something declared, promotion cycles, protected families, paths that must stay in the
// repository, and expressions that must parse. Runs on the raw document even when the
// schema found problems (every problem is reported at once), so it trusts no shape.
import { conditionProblems, expressionProblems } from '../expressions/evaluate.js'
import { hasExpression } from '../core/template.js'
import type { Problem } from '../core/errors.js'
import { repoPathProblem } from '../repo/paths.js'
import type { KeyPath, PositionedDocument } from '../repo/yaml.js'
import { assertionKind } from '../gates/assertions/registry.js'
import { suggestion } from '../core/text.js'
import { PROTECTED_FAMILIES } from '../spec/schema.js'
import { whenEventProblem } from '../spec/workflow-events.js'
import { pushAll } from '../core/arrays.js'
import { environmentMatcher, sameEnvironment } from '../core/environment-names.js'
import { forEachString } from '../core/strings-in.js'

type Mapping = Record<string, unknown>

function mapping(v: unknown): Mapping {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Mapping) : {}
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : []
}

/** [index, text] of each string in a list. */
function strings(v: unknown): Array<[number, string]> {
  return list(v).flatMap((s, i): Array<[number, string]> => (typeof s === 'string' ? [[i, s]] : []))
}

const URL = /^[a-z][a-z0-9+.-]*:\/\//i

export function crossCheckProblems(value: Mapping, doc: PositionedDocument): Problem[] {
  const problems: Problem[] = []
  const at = (path: KeyPath, message: string): void => {
    problems.push({ location: doc.locate(path).location, message })
  }
  const environments = mapping(value.environments)
  const envNames = Object.keys(environments)
  const classNames = Object.keys(mapping(value.change_classes))
  const profiles = mapping(value.profiles)
  const profileNames = Object.keys(profiles)
  const gates = list(value.gates)
  const gateIds = [...new Set(gates.map((g) => mapping(g).id).filter((id): id is string => typeof id === 'string'))]

  const unknownName = (what: string, name: string, known: string[], where: string): string =>
    `unknown ${what} "${name}"${suggestion(name, known)}; declared ${where}: ${known.length ? known.join(', ') : 'none'}`
  const declaredEnv = environmentMatcher(envNames)
  const checkEnv = (path: KeyPath, name: string): void => {
    if (!declaredEnv(name)) at(path, unknownName('environment', name, envNames, 'under environments'))
  }
  // GitHub treats `Prod` and `prod` as one environment: two entries would be two sets of facts for it.
  const firstByCase = new Map<string, string>()
  for (const name of envNames) {
    const first = firstByCase.get(name.toLowerCase())
    if (first === undefined) firstByCase.set(name.toLowerCase(), name)
    else problems.push({ location: doc.locateKey(['environments', name]), message: `environment "${name}" is "${first}" on GitHub (environment names are not case sensitive); declare it once` })
  }

  const checkPath = (path: KeyPath, p: string, what: string): void => {
    if (hasExpression(p)) return
    const problem = repoPathProblem(p.startsWith('!') ? p.slice(1) : p)
    if (problem) at(path, `${what}: ${problem}`)
  }
  const checkPaths = (path: KeyPath, v: unknown, what: string): void => {
    if (typeof v === 'string') checkPath(path, v, what)
    else for (const [i, p] of strings(v)) checkPath([...path, i], p, what)
  }
  const checkRecovery = (path: KeyPath, v: unknown): void => {
    if (typeof v === 'string' && !URL.test(v)) checkPath(path, v.replace(/#.*$/, ''), 'recovery doc')
  }

  checkRecovery(['recovery'], value.recovery)
  checkPaths(['tracked'], value.tracked, 'tracked glob')
  for (const [name, globs] of Object.entries(mapping(value.change_classes))) {
    checkPaths(['change_classes', name], globs, `change class "${name}"`)
  }

  // Environments: promotion order and the files they name.
  for (const [name, env] of Object.entries(environments)) {
    const e = mapping(env)
    for (const [i, after] of strings(e.after)) checkEnv(['environments', name, 'after', i], after)
    checkPaths(['environments', name, 'release_manifest'], e.release_manifest, 'release_manifest')
    const revision = mapping(e.rollback).manifest_or_revision
    // A revision (tag, SHA) is not a path; only something with a directory part is checked.
    if (typeof revision === 'string' && /[\\/]/.test(revision)) {
      checkPath(['environments', name, 'rollback', 'manifest_or_revision'], revision, 'rollback manifest')
    }
  }
  pushAll(problems, afterCycles(environments, doc))

  for (const [name, profile] of Object.entries(profiles)) {
    const p = mapping(profile)
    for (const [i, c] of strings(p.classes)) {
      if (!classNames.includes(c)) at(['profiles', name, 'classes', i], unknownName('change class', c, classNames, 'under change_classes'))
    }
    for (const [i, g] of strings(p.skip_gates)) {
      if (!gateIds.includes(g)) at(['profiles', name, 'skip_gates', i], unknownName('gate', g, gateIds, 'gate ids'))
    }
  }
  if (typeof value.default_profile === 'string' && !profileNames.includes(value.default_profile)) {
    at(['default_profile'], unknownName('profile', value.default_profile, profileNames, 'under profiles'))
  }

  // The gate that first used each id: its line is looked up only for a duplicate.
  const firstUse = new Map<string, number>()
  gates.forEach((gate, gi) => {
    const g = mapping(gate)
    const base = ['gates', gi]
    if (typeof g.id === 'string') {
      const first = firstUse.get(g.id)
      if (first !== undefined) {
        const line = doc.locate(['gates', first, 'id']).location.line
        at([...base, 'id'], `duplicate gate id "${g.id}" (first used${line ? ` at line ${line}` : ''}); give each gate its own id`)
      } else firstUse.set(g.id, gi)
    }
    for (const [i, env] of strings(g.environments)) checkEnv([...base, 'environments', i], env)
    const when = mapping(g.when)
    // An empty list matches nothing: the gate would apply nowhere, silently.
    const emptyLists: Array<[KeyPath, unknown, string]> = [
      [[...base, 'environments'], g.environments, 'environments: [] makes the gate apply to no environment; list its environments, or remove the key for all'],
      [[...base, 'when', 'events'], when.events, 'when.events: [] matches no event; list the events, or remove the key for all'],
      [[...base, 'when', 'changed'], when.changed, 'when.changed: [] matches no change; list the globs, or remove the key'],
      [[...base, 'when', 'profiles'], when.profiles, 'when.profiles: [] matches no release profile; list the profiles, or remove the key for all'],
    ]
    for (const [path, v, message] of emptyLists) if (Array.isArray(v) && v.length === 0) at(path, message)
    for (const [i, event] of strings(when.events)) {
      const problem = whenEventProblem(event)
      if (problem) at([...base, 'when', 'events', i], `when.events: ${problem}`)
    }
    for (const [i, p] of strings(when.profiles)) {
      if (!profileNames.includes(p)) at([...base, 'when', 'profiles', i], unknownName('profile', p, profileNames, 'under profiles'))
    }
    checkPaths([...base, 'when', 'changed'], when.changed, 'when.changed glob')
    if (
      typeof g.family === 'string' &&
      (PROTECTED_FAMILIES as readonly string[]).includes(g.family) &&
      (g.mode === 'report' || g.mode === 'warn') &&
      g.enforce_after === undefined
    ) {
      at(
        [...base, 'mode'],
        `gate "${String(g.id)}" is in the protected family "${g.family}": mode ${g.mode} needs enforce_after: YYYY-MM-DD (the day it starts to block); add it or use mode: enforce`,
      )
    }
    // The owning artifact and the recovery doc name one file for every environment: the
    // annotations and the artifacts-exist built-in need them as written.
    for (const key of ['artifact', 'recovery'] as const) {
      if (typeof g[key] === 'string' && hasExpression(g[key])) {
        at([...base, key], `${key} names one file for every environment; \${{ }} expressions are not resolved here: write the path`)
      }
    }
    if (typeof g.artifact === 'string') checkPath([...base, 'artifact'], g.artifact, 'artifact')
    checkRecovery([...base, 'recovery'], g.recovery)
    list(g.assert).forEach((entry, ai) => {
      const kinds = Object.entries(mapping(entry))
      if (kinds.length !== 1) return
      const [kind, options] = kinds[0]
      for (const option of assertionKind(kind)?.pathOptions ?? []) {
        // A nested option is named by its dotted path (`same_as.file`).
        const keys = option.split('.')
        const given = keys.reduce<unknown>((v, k) => mapping(v)[k], options)
        checkPaths([...base, 'assert', ai, kind, ...keys], given, `${kind}.${option}`)
      }
    })
  })

  list(value.waivers).forEach((waiver, wi) => {
    const w = mapping(waiver)
    if (typeof w.gate === 'string' && !gateIds.includes(w.gate)) at(['waivers', wi, 'gate'], unknownName('gate', w.gate, gateIds, 'gate ids'))
    for (const [i, env] of strings(w.environments)) checkEnv(['waivers', wi, 'environments', i], env)
  })

  pushAll(problems, expressionProblemsIn(value, doc))
  return problems
}

/** Every cycle in the environments' `after` lists, reported once at the entry closing it. */
function afterCycles(environments: Mapping, doc: PositionedDocument): Problem[] {
  const problems: Problem[] = []
  const edges = new Map<string, Array<[number, string]>>(
    // `after` names an environment as GitHub does, case-insensitively: follow it to the declared spelling.
    Object.entries(environments).map(([name, env]) => [
      name,
      strings(mapping(env).after).flatMap(([i, a]): Array<[number, string]> => {
        const declared = Object.keys(environments).find((e) => sameEnvironment(e, a))
        return declared === undefined ? [] : [[i, declared]]
      }),
    ]),
  )
  const state = new Map<string, 'active' | 'done'>()
  const stack: string[] = []
  const seen = new Set<string>()
  const visit = (name: string): void => {
    state.set(name, 'active')
    stack.push(name)
    for (const [i, next] of edges.get(name) ?? []) {
      if (state.get(next) === 'active') {
        const cycle = stack.slice(stack.indexOf(next))
        const key = [...cycle].sort().join('\0')
        if (!seen.has(key)) {
          seen.add(key)
          problems.push({
            location: doc.locate(['environments', name, 'after', i]).location,
            message: `environments wait on each other in a cycle: ${[...cycle, next].join(' → ')}; remove one of these "after" entries`,
          })
        }
      } else if (!state.has(next)) visit(next)
    }
    stack.pop()
    state.set(name, 'done')
  }
  for (const name of edges.keys()) if (!state.has(name)) visit(name)
  return problems
}

/** Every `${{ … }}` in the matrix must parse with the known contexts; a gate's `if` is an
 * expression with or without the wrapper. */
function expressionProblemsIn(value: Mapping, doc: PositionedDocument): Problem[] {
  const problems: Problem[] = []
  forEachString(value, [], (v, path) => {
    const isCondition = path.length === 3 && path[0] === 'gates' && path[2] === 'if'
    const problem = isCondition ? conditionProblems(v) : hasExpression(v) ? expressionProblems(v) : null
    if (problem) problems.push({ location: doc.locate([...path]).location, message: problem })
  })
  return problems
}
