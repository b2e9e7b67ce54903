// Bounds on what one `${{ }}` expression may build. Nested format() calls multiply a
// string at every level (500 bytes of matrix ran a run out of heap): every value an
// expression computes is checked as it is made, and format() and join() are sized
// before they build their string. Over a bound, the expression fails (EXPRESSION_FAILED
// at its line), never a crash.
import { data, Evaluator, type Expr, wellKnownFunctions } from '@actions/expressions'
import { Expr as ExprNode, type FunctionCall, IndexAccess, Star } from '@actions/expressions/ast'
import { FilteredArray } from '@actions/expressions/filtered_array'
import type { FunctionDefinition } from '@actions/expressions/funcs/info'

/** Longest string an expression may produce, in characters (1 MiB). */
export const MAX_EXPRESSION_STRING = 1_048_576
/** Most items a list or mapping computed by an expression may hold. */
export const MAX_EXPRESSION_ITEMS = 100_000

export class ExpressionLimitError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ExpressionLimitError'
  }
}

function tooLong(length: number, what: string): ExpressionLimitError {
  return new ExpressionLimitError(`${what} would be ${length.toLocaleString('en-US')} characters long; at most ${MAX_EXPRESSION_STRING.toLocaleString('en-US')} are allowed`)
}

function checked(value: data.ExpressionData): data.ExpressionData {
  if (value instanceof data.StringData && value.value.length > MAX_EXPRESSION_STRING) throw tooLong(value.value.length, 'a string')
  if ((value instanceof data.Array || value instanceof data.Dictionary) && value.values().length > MAX_EXPRESSION_ITEMS) {
    throw new ExpressionLimitError(
      `a ${value instanceof data.Array ? 'list' : 'mapping'} of ${value.values().length.toLocaleString('en-US')} items; at most ${MAX_EXPRESSION_ITEMS.toLocaleString('en-US')} are allowed`,
    )
  }
  return value
}

function stringLength(value: data.ExpressionData | undefined): number {
  return value ? value.coerceString().length : 0
}

/** format() with its result sized first: the format string plus every `{N}` it names. */
const format: FunctionDefinition = {
  ...wellKnownFunctions.format,
  call: (...args) => {
    const fs = args[0].coerceString()
    let length = fs.length
    for (const m of fs.matchAll(/\{(\d+)\}/g)) length += stringLength(args[1 + Number(m[1])])
    if (length > MAX_EXPRESSION_STRING) throw tooLong(length, 'the result of format()')
    return wellKnownFunctions.format.call(...args)
  },
}

/** join() with its result sized first: every item as text plus the separators. */
const join: FunctionDefinition = {
  ...wellKnownFunctions.join,
  call: (...args) => {
    if (args[0] instanceof data.Array) {
      const items = args[0].values()
      const separator = args.length > 1 && args[1].primitive ? args[1].coerceString().length : 1
      let length = Math.max(0, items.length - 1) * separator
      for (const item of items) {
        length += stringLength(item)
        if (length > MAX_EXPRESSION_STRING) throw tooLong(length, 'the result of join()')
      }
    }
    return wellKnownFunctions.join.call(...args)
  },
}

const FUNCTIONS = new Map<string, FunctionDefinition>([
  ['format', format],
  ['join', join],
])

export class BoundedEvaluator extends Evaluator {
  constructor(expr: Expr, contexts: data.Dictionary) {
    super(expr, contexts, FUNCTIONS)
  }

  // What an expression builds is checked (function results, `.*` lists, the result); the
  // contexts it reads are the matrix's and the event's own data, bounded by their files.
  override evaluate(): data.ExpressionData {
    return checked(super.evaluate())
  }

  override visitFunctionCall(call: FunctionCall): data.ExpressionData {
    return checked(super.visitFunctionCall(call))
  }

  // The library spreads a mapping's values into one call for `mapping.*`, which
  // overflows the stack at about 100,000 keys: build that list item by item.
  override visitIndexAccess(ia: IndexAccess): data.ExpressionData {
    if (ia.index instanceof Star) {
      const target = this.eval(ia.expr)
      if (target instanceof data.Dictionary) {
        const out = new FilteredArray()
        for (const v of target.values()) out.add(v)
        return checked(out)
      }
      return checked(super.visitIndexAccess(new IndexAccess(new Evaluated(target), ia.index)))
    }
    return super.visitIndexAccess(ia)
  }
}

/** An already evaluated operand, so the library's own index access does not evaluate it again. */
class Evaluated extends ExprNode {
  constructor(readonly value: data.ExpressionData) {
    super()
  }
  accept<R>(): R {
    return this.value as R
  }
}
