// `file`: a path or glob exists (or is absent); its lines contain / do not contain a regex.
import { z } from 'zod'
import { outcomeOf } from '../evaluate/combine.js'
import type { AssertionContext, Finding, Location } from '../evaluate/types.js'
import { compileSafeRegex, type SafeRegex } from '../util/regex.js'
import type { AssertionKind, MatrixProblem } from './types.js'

export const fileOptions = z
  .strictObject({
    path: z.string().min(1).describe('Path or glob, relative to the repository root'),
    exists: z.boolean().optional().describe('Whether a matching file must exist (default true); false: none may'),
    contains: z.string().optional().describe('Regex that must match at least one line of every matching file'),
    not_contains: z.string().optional().describe('Regex that must match no line of any matching file'),
  })
  .describe('A path or glob exists or is absent; its lines contain or do not contain a pattern')

export type FileOptions = z.infer<typeof fileOptions>

export const fileKind: AssertionKind<FileOptions> = {
  kind: 'file',
  description: 'A path or glob exists or is absent; its lines contain or do not contain a regex.',
  options: fileOptions,
  needs: 'repository',
  codes: {
    FILE_MISSING: 'No file matches the path or glob that must exist.',
    FILE_FORBIDDEN: 'A file exists that must be absent.',
    PATTERN_FORBIDDEN: 'A line matches a `not_contains` pattern.',
    PATTERN_MISSING: 'No line matches a `contains` pattern.',
    FILE_UNREADABLE: 'The file is binary, too large, or outside the repository.',
  },
  validate(options, at) {
    const problems = regexProblems(options, ['contains', 'not_contains'], at)
    if (options.exists === false) {
      for (const name of ['contains', 'not_contains'] as const) {
        if (options[name] !== undefined) {
          problems.push({ location: at([name]), message: `"${name}" needs files to read, but "exists: false" says none may exist; drop one of them` })
        }
      }
    }
    return problems
  },
  evaluate(options, ctx) {
    const matches = ctx.repo.glob(options.path)
    if (options.exists === false) {
      return outcomeOf(matches.map((path) => ({
        status: 'fail',
        code: 'FILE_FORBIDDEN',
        message: `${path} exists, but no file may match "${options.path}"; delete it`,
        location: { path },
      })))
    }
    if (matches.length === 0) {
      return outcomeOf([{
        status: 'fail',
        code: 'FILE_MISSING',
        message: `no file matches "${options.path}"`,
        location: { path: options.path },
      }])
    }
    const findings: Finding[] = []
    const contains = options.contains === undefined ? undefined : regexOption(options.contains, 'contains', ctx)
    const notContains = options.not_contains === undefined ? undefined : regexOption(options.not_contains, 'not_contains', ctx)
    for (const compiled of [contains, notContains]) if (compiled && 'finding' in compiled) findings.push(compiled.finding)
    if (findings.length) return outcomeOf(findings)
    if (!contains && !notContains) return outcomeOf([])
    for (const path of matches) {
      const read = ctx.repo.read(path)
      if (read.kind !== 'ok') {
        findings.push(unreadable(path, read.kind === 'error' ? read.message : `"${path}" disappeared while it was read`))
        continue
      }
      const cost = (contains && 'regex' in contains ? contains.regex.cost : 0) + (notContains && 'regex' in notContains ? notContains.regex.cost : 0)
      ctx.repo.scanBudget.charge(read.text.length, cost, `matching ${path}`)
      const lines = textLines(read.text)
      if (contains && 'regex' in contains && !lines.some((line) => contains.regex.test(line))) {
        findings.push({
          status: 'fail',
          code: 'PATTERN_MISSING',
          message: `no line of ${path} matches /${contains.regex.source}/`,
          location: { path },
        })
      }
      if (notContains && 'regex' in notContains) {
        lines.forEach((line, n) => {
          const hit = notContains.regex.find(line)
          if (hit) {
            findings.push({
              status: 'fail',
              code: 'PATTERN_FORBIDDEN',
              message: `line matches forbidden /${notContains.regex.source}/: ${excerpt(line)}`,
              location: { path, line: n + 1, column: hit.index + 1 },
            })
          }
        })
      }
    }
    return outcomeOf(findings)
  },
}

/** Lines of a text file, without their line endings (a final newline ends the last line). */
export function textLines(text: string): string[] {
  const lines = text.split(/\r?\n/)
  if (lines.length > 1 && lines[lines.length - 1] === '') lines.pop()
  return lines
}

function excerpt(line: string): string {
  const trimmed = line.trim()
  return trimmed.length > 120 ? `${trimmed.slice(0, 117)}...` : trimmed
}

/** A file that exists but cannot be read: the assertion cannot be evaluated. */
export function unreadable(path: string, message: string): Finding {
  return { status: 'blocked', code: 'FILE_UNREADABLE', message, location: { path } }
}

/** Load-time check of regex options; an option holding `${{ }}` is checked once resolved. */
export function regexProblems<O extends object>(
  options: O,
  names: ReadonlyArray<keyof O & string>,
  at: (optionPath: ReadonlyArray<string | number>) => Location,
): MatrixProblem[] {
  const problems: MatrixProblem[] = []
  for (const name of names) {
    const source = options[name]
    if (typeof source !== 'string' || source.includes('${{')) continue
    const compiled = compileSafeRegex(source)
    if (!compiled.ok) problems.push({ location: at([name]), message: `${name}: ${compiled.message}` })
  }
  return problems
}

/** A regex option at evaluation time. One that only became invalid through `${{ }}` is a
 * finding at the option in the matrix. */
export function regexOption(source: string, name: string, ctx: AssertionContext): { regex: SafeRegex } | { finding: Finding } {
  const compiled = compileSafeRegex(source)
  if (compiled.ok) return { regex: compiled.regex }
  return { finding: optionFinding(ctx, name, `after expressions were resolved, ${name}: ${compiled.message}`) }
}

/** An option that is invalid after `${{ }}` was resolved: the matrix must change. */
export function optionFinding(ctx: AssertionContext, name: string, message: string): Finding {
  return { status: 'fail', code: 'EXPRESSION_FAILED', message, location: ctx.matrix.doc.locate([...ctx.declaredPath, name]).location }
}
