// The context properties an expression reads (`environment.hosts.portal`,
// `github['event_name']`), so the loader can check them against what is declared.
import { Binary, ContextAccess, type Expr, FunctionCall, Grouping, IndexAccess, Literal, Logical, Star, Unary } from '@actions/expressions/ast'
import { data } from '@actions/expressions'
import { parseExpression } from './evaluate.js'

export interface Reference {
  /** The context, as written (contexts are case-insensitive). */
  context: string
  /** Property names and literal indexes, up to the first computed index or `*`. */
  path: Array<string | number>
  /** The access goes on past `path` with a computed index or `*`. */
  open: boolean
}

/** Each maximal property access of `source` (one expression, no `${{ }}`), in order;
 * [] when it does not parse (the parse check reports that). */
export function contextReferences(source: string): Reference[] {
  let root: Expr
  try {
    root = parseExpression(source)
  } catch {
    return []
  }
  const out: Reference[] = []
  const walk = (e: Expr): void => {
    if (e instanceof ContextAccess) out.push({ context: e.name.lexeme, path: [], open: false })
    else if (e instanceof IndexAccess) {
      const ref = chain(e)
      if (ref) out.push(ref)
      // The base of a chain is recorded by `chain`; computed indexes may read contexts too.
      let base: Expr = e
      while (base instanceof IndexAccess) {
        // `*` has no accept() and reads nothing; a literal reads nothing either.
        if (!(base.index instanceof Literal) && !(base.index instanceof Star)) walk(base.index)
        base = base.expr
      }
      if (!(base instanceof ContextAccess)) walk(base)
    } else if (e instanceof FunctionCall) e.args.forEach(walk)
    else if (e instanceof Logical) e.args.forEach(walk)
    else if (e instanceof Binary) [e.left, e.right].forEach(walk)
    else if (e instanceof Unary) walk(e.expr)
    else if (e instanceof Grouping) walk(e.group)
  }
  walk(root)
  return out
}

/** The reference an access chain makes, or null when its base is not a context. */
function chain(e: IndexAccess): Reference | null {
  const indexes: Expr[] = []
  let base: Expr = e
  while (base instanceof IndexAccess) {
    indexes.unshift(base.index)
    base = base.expr
  }
  if (!(base instanceof ContextAccess)) return null
  const path: Array<string | number> = []
  for (const index of indexes) {
    const literal = index instanceof Literal ? index.literal : undefined
    if (literal instanceof data.StringData) path.push(literal.value)
    else if (literal instanceof data.NumberData) path.push(literal.value)
    else return { context: base.name.lexeme, path, open: true }
  }
  return { context: base.name.lexeme, path, open: false }
}
