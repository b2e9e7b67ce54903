// `${{ … }}` with GitHub's own semantics: @actions/expressions lexes, parses and
// evaluates; this module converts between plain JS values and its data types, applies
// GitHub's templating rules (a whole expression keeps its value, otherwise the values
// are interpolated as text) and turns its errors into messages a matrix author can act on.
import { data, type Expr, Lexer, Parser } from '@actions/expressions'
import { truthy } from '@actions/expressions/result'
import { BoundedEvaluator, ExpressionLimitError, MAX_EXPRESSION_STRING } from './bounded.js'
import { splitTemplate, wholeExpression } from '../core/template.js'

/** The contexts a matrix expression sees, as plain data (built by the engine). */
export interface ExpressionContexts {
  environment: Record<string, unknown> | null
  matrix: Record<string, unknown>
  profile: Record<string, unknown> | null
  github: Record<string, unknown>
  inputs: Record<string, unknown>
}

/** The `matrix` context's keys (as the engine's buildContexts fills them), for the loader's reference check. */
export const MATRIX_CONTEXT_KEYS = ['environments', 'owner', 'profiles', 'change_classes', 'gates'] as const

/** The only contexts a matrix expression may use. */
export const CONTEXT_NAMES = ['environment', 'matrix', 'profile', 'github', 'inputs'] as const

export class ExpressionError extends Error {
  constructor(
    message: string,
    /** The expression as written, without `${{ }}`. */
    readonly expression: string,
  ) {
    super(message)
    this.name = 'ExpressionError'
  }
}

// The matrix is small and fixed for a run while gates × environments evaluate the same
// expressions many times: parse each source once.
const parsed = new Map<string, Expr>()

/** The parsed expression (cached); throws ExpressionError when it does not parse. */
export function parseExpression(source: string): Expr {
  let expr = parsed.get(source)
  if (!expr) {
    if (source.trim() === '') throw new ExpressionError('the expression ${{ }} is empty', source)
    try {
      expr = new Parser(new Lexer(source).lex().tokens, [...CONTEXT_NAMES], []).parse()
    } catch (e) {
      throw new ExpressionError(parseMessage(source, (e as Error).message), source)
    }
    parsed.set(source, expr)
  }
  return expr
}

function parseMessage(source: string, raw: string): string {
  const unknown = /^Unrecognized named-value: '([^']*)'/.exec(raw)
  if (unknown) {
    return `\${{ ${source} }} uses the unknown context "${unknown[1]}"; expressions may use ${CONTEXT_NAMES.join(', ')}`
  }
  const fn = /^Unrecognized function: '([^']*)'/.exec(raw)
  if (fn) {
    return `\${{ ${source} }} calls the unknown function ${fn[1]}(); available: contains, startsWith, endsWith, format, join, toJSON, fromJSON, case`
  }
  // The library's messages name the offending token; keep them, minus its own echo of the source.
  const detail = raw.replace(/\. Located at position.*$/s, '').replace(/^Unexpected symbol: 'EOF'/, 'the expression ends too early')
  return `\${{ ${source} }} is not a valid expression: ${detail}`
}

function toData(value: unknown): data.ExpressionData {
  if (value === null || value === undefined) return new data.Null()
  if (typeof value === 'string') return new data.StringData(value)
  if (typeof value === 'number') return new data.NumberData(value)
  if (typeof value === 'bigint') return new data.NumberData(Number(value))
  if (typeof value === 'boolean') return new data.BooleanData(value)
  if (Array.isArray(value)) {
    // Item by item: the library's constructor takes its items as arguments, which overflows past ~100,000.
    const list = new data.Array()
    for (const v of value) list.add(toData(v))
    return list
  }
  if (value instanceof Date) return new data.StringData(value.toISOString())
  if (typeof value === 'object') {
    const dict = new data.Dictionary()
    for (const [key, v] of Object.entries(value)) if (v !== undefined) dict.add(key, toData(v))
    return dict
  }
  return new data.Null()
}

function fromData(value: data.ExpressionData | undefined): unknown {
  // Anything that is not one of the library's data types (it can hand back plain
  // object members for keys such as "constructor") is no value at all.
  if (value instanceof data.StringData || value instanceof data.NumberData || value instanceof data.BooleanData) return value.value
  if (value instanceof data.Array) return value.values().map(fromData)
  if (value instanceof data.Dictionary) {
    const out: Record<string, unknown> = {}
    for (const { key, value: v } of value.pairs()) out[key] = fromData(v)
    return out
  }
  return null
}

// The evaluator builds one contexts object per environment and resolves every gate of it
// with that object: convert it to expression data once. Contexts that are the same in
// every environment (the matrix, the run) are one object there: converted once too.
const converted = new WeakMap<ExpressionContexts, data.Dictionary>()
const convertedContext = new WeakMap<object, data.ExpressionData>()

function contextData(contexts: ExpressionContexts): data.Dictionary {
  let dict = converted.get(contexts)
  if (!dict) {
    dict = new data.Dictionary()
    for (const name of CONTEXT_NAMES) {
      const value = contexts[name]
      if (value === null) {
        dict.add(name, toData(value))
        continue
      }
      let d = convertedContext.get(value)
      if (!d) {
        d = toData(value)
        convertedContext.set(value, d)
      }
      dict.add(name, d)
    }
    converted.set(contexts, dict)
  }
  return dict
}

// The gates of one environment evaluate the same few expressions (`environment.name`) over
// the same contexts: each value is computed once per contexts (an error is raised each time).
const values = new WeakMap<data.Dictionary, Map<string, data.ExpressionData>>()

function evaluateData(source: string, contexts: data.Dictionary): data.ExpressionData {
  let known = values.get(contexts)
  if (!known) {
    known = new Map()
    values.set(contexts, known)
  }
  let result = known.get(source)
  if (!result) {
    result = evaluateUncached(source, contexts)
    known.set(source, result)
  }
  return result
}

function evaluateUncached(source: string, contexts: data.Dictionary): data.ExpressionData {
  const expr = parseExpression(source)
  let result: data.ExpressionData | undefined
  try {
    result = new BoundedEvaluator(expr, contexts).evaluate()
  } catch (e) {
    if (e instanceof ExpressionLimitError) throw new ExpressionError(`\${{ ${source} }} is too large: ${e.message}`, source)
    if (e instanceof RangeError) throw new ExpressionError(`\${{ ${source} }} is too large or too deeply nested to evaluate (${e.message})`, source)
    throw new ExpressionError(`\${{ ${source} }} could not be evaluated: ${(e as Error).message}`, source)
  }
  return result ?? new data.Null()
}

function resolveString(value: string, contexts: data.Dictionary): unknown {
  if (!value.includes('${{')) return value
  const whole = wholeExpression(value)
  if (whole !== null) return fromData(evaluateData(whole, contexts))
  const split = splitTemplate(value)
  if ('error' in split) throw new ExpressionError(split.error, value)
  let length = 0
  const texts = split.parts.map((p) => {
    let text = p.kind === 'text' ? p.text : ''
    if (p.kind !== 'text') {
      const v = evaluateData(p.source, contexts)
      // GitHub would interpolate null as '', so `https://${{ typo }}` would check `https://`.
      if (v instanceof data.Null) throw new ExpressionError(`\${{ ${p.source} }} has no value (null) in "${value}"; a missing value is not read as empty text`, p.source)
      text = v.coerceString()
    }
    length += text.length
    if (length > MAX_EXPRESSION_STRING) {
      throw new ExpressionError(`"${value.slice(0, 60)}..." is too large: its text would be over ${MAX_EXPRESSION_STRING.toLocaleString('en-US')} characters long`, value)
    }
    return text
  })
  return texts.join('')
}

function resolveDeep(value: unknown, contexts: data.Dictionary): unknown {
  if (typeof value === 'string') return resolveString(value, contexts)
  if (Array.isArray(value)) return value.map((v) => resolveDeep(v, contexts))
  if (value !== null && typeof value === 'object') {
    // As Object.fromEntries(Object.entries(value)) would make it, without the pairs; a key
    // `__proto__` is defined as an own key (assigning it would set the prototype).
    const out: Record<string, unknown> = {}
    for (const key of Object.keys(value)) {
      const v = resolveDeep((value as Record<string, unknown>)[key], contexts)
      if (key === '__proto__') Object.defineProperty(out, key, { value: v, enumerable: true, writable: true, configurable: true })
      else out[key] = v
    }
    return out
  }
  return value
}

/**
 * Every `${{ … }}` in `value` (deep) resolved: a string that is exactly one expression
 * takes the expression's value as it is (a list, a number, a mapping); other strings get
 * each expression's value interpolated as text (GitHub's conversion: true/false, numbers
 * as written), except that null is an ExpressionError rather than empty text. Strings without `${{` are untouched.
 */
export function resolveTemplates(value: unknown, contexts: ExpressionContexts): unknown {
  return resolveDeep(value, contextData(contexts))
}

/** The source of a gate's `if:`, with or without the `${{ }}` wrapper (as GitHub takes it). */
function conditionSource(source: string): string {
  if (!source.includes('${{')) return source.trim()
  const whole = wholeExpression(source)
  if (whole === null) {
    // GitHub would interpolate and then judge the resulting non-empty text as true,
    // whatever the expressions say: a silent pass we refuse.
    throw new ExpressionError(
      `the condition "${source}" mixes text and expressions, which is always true; write one expression, e.g. \${{ a && b }}`,
      source,
    )
  }
  return whole
}

/** A gate's `if:` is true (GitHub's truthiness: false, 0, '', null are false). */
export function evaluateCondition(source: string, contexts: ExpressionContexts): boolean {
  return truthy(evaluateData(conditionSource(source), contextData(contexts)))
}

/** Why the `${{ … }}` expressions in `source` do not parse, or null when they all do. */
export function expressionProblems(source: string): string | null {
  const split = splitTemplate(source)
  if ('error' in split) return split.error
  for (const part of split.parts) {
    if (part.kind !== 'expression') continue
    const problem = parseProblem(part.source)
    if (problem) return problem
  }
  return null
}

/** As expressionProblems, for a gate's `if:` (the `${{ }}` wrapper is optional). */
export function conditionProblems(source: string): string | null {
  try {
    return parseProblem(conditionSource(source))
  } catch (e) {
    return (e as Error).message
  }
}

function parseProblem(source: string): string | null {
  try {
    parseExpression(source)
    return null
  } catch (e) {
    return (e as Error).message
  }
}
