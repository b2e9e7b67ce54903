// Load-time check of what a gate's expressions read. The matrix declares every
// environment's facts and the github, matrix and profile contexts have fixed keys, so a
// misspelt `environment.hosts.albms` or `github.event_nam` is a matrix error at its line,
// not an empty string or a gate that is never applicable. `inputs` (dispatch inputs) are
// known only at run time and stay open.
import { environmentMatcher } from '../core/environment-names.js'
import type { Problem } from '../core/errors.js'
import { emptyFacts } from '../core/run.js'
import { MATRIX_CONTEXT_KEYS } from '../expressions/evaluate.js'
import { contextReferences, type Reference } from '../expressions/references.js'
import { splitTemplate, wholeExpression } from '../core/template.js'
import type { KeyPath, PositionedDocument } from '../repo/yaml.js'
import { suggestion } from '../core/text.js'
import { environmentSchema, profileSchema } from '../spec/schema.js'
import { forEachString } from '../core/strings-in.js'

type Mapping = Record<string, unknown>

function mapping(v: unknown): Mapping {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Mapping) : {}
}

const KEYS: Readonly<Record<string, readonly string[]>> = {
  environment: [...Object.keys(environmentSchema.shape), 'name'],
  github: Object.keys(emptyFacts()),
  matrix: MATRIX_CONTEXT_KEYS,
  profile: [...Object.keys(profileSchema.shape), 'name'],
}

function written(ref: Reference, upTo = ref.path.length): string {
  return ref.context + ref.path.slice(0, upTo).map((k) => (typeof k === 'number' ? `[${k}]` : `.${k}`)).join('')
}

/** Property names match case-insensitively, as in GitHub's expressions. */
function member(value: unknown, key: string | number): { found: true; value: unknown } | { found: false; keys: string[] } {
  if (Array.isArray(value)) {
    return typeof key === 'number' && Number.isInteger(key) && key >= 0 && key < value.length ? { found: true, value: value[key] } : { found: false, keys: [] }
  }
  if (value === null || typeof value !== 'object' || typeof key !== 'string') return { found: false, keys: [] }
  const keys = Object.keys(value)
  const hit = keys.find((k) => k.toLowerCase() === key.toLowerCase())
  return hit === undefined ? { found: false, keys } : { found: true, value: (value as Mapping)[hit] }
}

/** The expressions of a string option: each `${{ … }}`; a gate's `if` is one with or without the wrapper. */
function sources(text: string, isCondition: boolean): string[] {
  if (isCondition && !text.includes('${{')) return [text]
  if (isCondition) {
    const whole = wholeExpression(text)
    return whole === null ? [] : [whole]
  }
  const split = splitTemplate(text)
  return 'error' in split ? [] : split.parts.flatMap((p) => (p.kind === 'expression' ? [p.source] : []))
}

/** What `ref` reads from one environment: why it is not declared there, or null when it is. */
function undeclaredIn(env: string, facts: Mapping, ref: Reference, isCondition: boolean): string | null {
  // In an `if`, a fact the environment leaves out is null, which is a meaningful false;
  // in an assertion option it would be checked as nothing.
  let v: unknown = facts
  for (const [i, key] of ref.path.entries()) {
    const m = member(v, key)
    if (m.found) {
      v = m.value
      continue
    }
    if (i === 0 && isCondition) return null
    const near = typeof key === 'string' ? suggestion(key, m.keys) : ''
    return `${written(ref, i + 1)} is not declared by environment "${env}"${near}; declare it there, or limit the gate's environments`
  }
  return null
}

export function factReferenceProblems(value: Mapping, doc: PositionedDocument): Problem[] {
  const problems: Problem[] = []
  const environments = mapping(value.environments)
  const envNames = Object.keys(environments)
  const gates = Array.isArray(value.gates) ? value.gates : []
  // Gates × environments read the same few facts: each environment's facts are made once,
  // and each (environment, reference) is judged once.
  const facts = new Map(envNames.map((e) => [e, { ...mapping(environments[e]), name: e }]))
  const judged = new Map<string, string | null>()
  const references = new Map<string, Reference[]>()

  gates.forEach((gate, gi) => {
    const g = mapping(gate)
    const gateEnvs = Array.isArray(g.environments) ? (g.environments as unknown[]) : undefined
    let applies: string[] | undefined
    const appliesTo = (): string[] => {
      if (applies) return applies
      const listed = gateEnvs && environmentMatcher(gateEnvs)
      applies = envNames.filter((e) => (listed ? listed(e) : mapping(environments[e]).deployment !== false))
      return applies
    }
    const check = (text: string, path: KeyPath, isCondition: boolean): void => {
      const at = (message: string) => problems.push({ location: doc.locate(path).location, message })
      for (const source of sources(text, isCondition)) {
        let refs = references.get(source)
        if (!refs) {
          refs = contextReferences(source)
          references.set(source, refs)
        }
        for (const ref of refs) {
          const context = ref.context.toLowerCase()
          const known = KEYS[context]
          const [first] = ref.path
          if (!known || first === undefined) continue
          if (typeof first !== 'string' || !known.some((k) => k.toLowerCase() === first.toLowerCase())) {
            at(`${written(ref, 1)} does not exist${typeof first === 'string' ? suggestion(first, known) : ''}: the ${context} context has ${known.join(', ')}`)
            continue
          }
          if (context === 'github' && ref.path.length > 1) {
            at(`${written(ref)} does not exist: ${written(ref, 1)} is a single value`)
            continue
          }
          if (context !== 'environment') continue
          const refKey = `${isCondition}\0${ref.context}\0${JSON.stringify(ref.path)}`
          for (const env of appliesTo()) {
            const key = `${env}\0${refKey}`
            let problem = judged.get(key)
            if (problem === undefined) {
              problem = undeclaredIn(env, facts.get(env)!, ref, isCondition)
              judged.set(key, problem)
            }
            if (problem !== null) at(problem)
          }
        }
      }
    }
    if (typeof g.if === 'string') check(g.if, ['gates', gi, 'if'], true)
    forEachString(g.assert, ['gates', gi, 'assert'], (v, path) => {
      if (v.includes('${{')) check(v, [...path], false)
    })
  })
  return problems
}
