// `${{ … }}` expressions in the matrix: contexts, templating, conditions, parse checks.
export { buildContexts, type ExpressionContexts } from './contexts.js'
export { CONTEXT_NAMES, conditionProblems, evaluateCondition, ExpressionError, expressionProblems, resolveTemplates } from './evaluate.js'
export { hasExpression, splitTemplate, wholeExpression, type TemplatePart } from './template.js'
