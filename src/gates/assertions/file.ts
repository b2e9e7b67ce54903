// `file`: a path or glob exists (or is absent); its lines contain / do not contain a regex.
import * as z from 'zod'
import { sharedCodes } from '../../core/codes.js'
import { type Finding, outcomeOf } from '../../core/outcome.js'
import { type AssertionKind, regexOption, regexProblems, unreadable } from '../kit.js'
import { textLines } from '../../repo/lines.js'
import { isSecretFile, lineKey, redactText } from '../../core/redact.js'

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
  pathOptions: ['path'],
  codes: {
    FILE_FORBIDDEN: { status: 'fail', meaning: 'A file exists that must be absent.' },
    PATTERN_MISSING: { status: 'fail', meaning: 'No line matches a `contains` pattern.' },
    ...sharedCodes('FILE_MISSING', 'PATTERN_FORBIDDEN', 'FILE_UNREADABLE', 'EXPRESSION_FAILED'),
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
    if (options.exists === false) {
      // Not only readable files: a symlink to outside the repository, or to nothing, is committed too.
      return outcomeOf(ctx.repo.present(options.path).map((path) => ({
        status: 'fail',
        code: 'FILE_FORBIDDEN',
        message: `${path} exists, but no file may match "${options.path}"; delete it`,
        location: { path },
      })))
    }
    const matches = ctx.repo.glob(options.path)
    if (matches.length === 0) {
      return outcomeOf([{
        status: 'missing',
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
        // A secret-holding file's line is never quoted: its number and key say where.
        const secretFile = isSecretFile(path)
        lines.forEach((line, n) => {
          const hit = notContains.regex.find(line)
          if (hit) {
            const key = secretFile ? lineKey(line) : undefined
            findings.push({
              status: 'fail',
              code: 'PATTERN_FORBIDDEN',
              message: secretFile
                ? `line ${n + 1}${key ? ` (key ${key})` : ''} matches forbidden /${notContains.regex.source}/`
                : `line matches forbidden /${notContains.regex.source}/: ${excerpt(line)}`,
              location: { path, line: n + 1, column: hit.index + 1 },
            })
          }
        })
      }
    }
    return outcomeOf(findings)
  },
}

function excerpt(line: string): string {
  // Redacted before it is cut: a cut token might no longer look like one.
  const trimmed = redactText(line.trim())
  return trimmed.length > 120 ? `${trimmed.slice(0, 117)}...` : trimmed
}
