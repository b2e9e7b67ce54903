// `docs`: markdown runbooks: cited paths exist, headings, banned phrases, mentions.
import * as z from 'zod'
import { sharedCodes } from '../../core/codes.js'
import { type Finding, outcomeOf } from '../../core/outcome.js'
import { lineStarts, positionAt } from '../../repo/lines.js'
import type { DocReference, MarkdownDocument } from '../../repo/markdown.js'
import { markdownReading, readMarkdown } from '../support/markdown-reading.js'
import { codeTargets, linkResolves } from '../../repo/doc-targets.js'
import type { RepoReader } from '../../repo/reader.js'
import { compileSafeRegex } from '../../core/safe-regex.js'
import { type AssertionContext, type AssertionKind, unreadable } from '../kit.js'
import picomatch from 'picomatch'
import type { Problem } from '../../core/errors.js'
import { redactText } from '../../core/redact.js'
import { LimitExceededError, ScanBudget } from '../../core/scan-budget.js'
import { rangeMentions } from '../support/range-mentions.js'
import { pushAll } from '../../core/arrays.js'
import { dataValues, type DataValue } from '../support/data-values.js'
import { DATA_FORMATS, formatOf } from '../support/data-format.js'
import { parseDataPath } from '../../repo/data-path.js'
import { describeValue } from '../../core/redact.js'

/** A range mention is expanded into this many numbers at most. */
const MAX_RANGE = 10_000

export const docsOptions = z
  .strictObject({
    files: z.string().min(1).describe('Markdown path or glob'),
    references_exist: z
      .union([z.boolean(), z.literal('links')])
      .optional()
      .describe('Every path the doc cites (links, code spans, code blocks) exists; `links`: markdown links only (for docs whose code shows other repositories\' paths)'),
    headings: z.array(z.string()).optional().describe('Headings that must be present (text, any level; or the text then a separator: `Gate 1` finds `Gate 1: Env`)'),
    banned: z.array(z.string()).optional().describe('Phrases that must not appear (case-insensitive)'),
    mentions: z
      .array(
        z.union([
          z.string(),
          // One object shape for both, so a typo (`rnage`, `form`) is named as an unknown key.
          z
            .strictObject({
              range: z.tuple([z.number().int(), z.number().int()]).optional(),
              format: z.string().optional().describe('How each number is written; {n} is the number (default "{n}")'),
              from: z
                .strictObject({
                  file: z.string().min(1).describe('A data file (as the `data` kind reads it)'),
                  path: z.string().min(1).describe('A data path; wildcards allowed; a list value counts item by item'),
                  format: z.enum(DATA_FORMATS).optional().describe('Default: from the name, as `data.format`'),
                })
                .optional()
                .describe('Every value at this path of a data file must be mentioned'),
            })
            .superRefine((m, ctx) => {
              if (m.range === undefined && m.from === undefined) ctx.addIssue({ code: 'custom', path: ['range'], message: 'a mention is a string, {range: [a, b]} or {from: {file, path}}: add range or from' })
              else if (m.range !== undefined && m.from !== undefined) ctx.addIssue({ code: 'custom', path: ['from'], message: 'a mention takes range or from, not both: write two mentions' })
              else if (m.from !== undefined && m.format !== undefined) ctx.addIssue({ code: 'custom', path: ['format'], message: 'format writes the numbers of a range; a from mention is each value as written' })
            }),
        ]),
      )
      .optional()
      .describe('Strings, every number of a range, or every value at a data path (`from`), that must be mentioned as whole tokens'),
  })
  .describe('Markdown docs: cited paths exist, required headings, banned phrases, required mentions')

export type DocsOptions = z.infer<typeof docsOptions>

export const docsKind: AssertionKind<DocsOptions> = {
  kind: 'docs',
  description: 'Markdown: every cited path exists, required headings, banned phrases, required mentions.',
  options: docsOptions,
  needs: 'repository',
  pathOptions: ['files'],
  codes: {
    DOC_REFERENCE_BROKEN: { status: 'fail', meaning: 'The doc cites a path that does not exist.' },
    DOC_HEADING_MISSING: { status: 'fail', meaning: 'A required heading is absent.' },
    DOC_BANNED_PHRASE: { status: 'fail', meaning: 'The doc contains a banned phrase.' },
    DOC_MENTION_MISSING: { status: 'fail', meaning: 'A required mention is absent.' },
    MENTION_SOURCE_UNUSABLE: { status: 'fail', meaning: 'A mention\'s `from` path matches nothing in its data file, or a value that is not text, a number or a boolean.' },
    ...sharedCodes('FILE_MISSING', 'FILE_UNREADABLE', 'DATA_UNPARSABLE', 'EXPRESSION_FAILED'),
  },
  validate(options, at) {
    const problems: Problem[] = []
    options.mentions?.forEach((m, i) => {
      if (typeof m === 'string') return
      if (m.from) {
        const { file, path, format } = m.from
        if (file.includes('${{') || path.includes('${{')) return
        if (picomatch.scan(file).isGlob) problems.push({ location: at(['mentions', i, 'from', 'file']), message: `"${file}" is a glob; from reads one data file: name it` })
        if ((format ?? formatOf(file)) === undefined) problems.push({ location: at(['mentions', i, 'from', 'file']), message: `cannot tell the format of "${file}" from its name; add format: ${DATA_FORMATS.join(', ')}` })
        else if ((format ?? formatOf(file)) !== 'env') {
          const parsed = parseDataPath(path)
          if (!parsed.ok) problems.push({ location: at(['mentions', i, 'from', 'path']), message: `${parsed.message} (column ${parsed.column})` })
        }
        return
      }
      if (!m.range) return
      const [from, to] = m.range
      if (from > to) problems.push({ location: at(['mentions', i, 'range']), message: `range [${from}, ${to}] is reversed; write [${to}, ${from}]` })
      else if (to - from + 1 > MAX_RANGE) problems.push({ location: at(['mentions', i, 'range']), message: `range [${from}, ${to}] has more than ${MAX_RANGE} numbers` })
      if (m.format !== undefined && !m.format.includes('{n}')) {
        problems.push({ location: at(['mentions', i, 'format']), message: `format "${m.format}" has no {n} for the number, e.g. "#{n}"` })
      }
    })
    return problems
  },
  evaluate(options, ctx) {
    const files = ctx.repo.glob(options.files)
    if (files.length === 0) {
      return outcomeOf([{ status: 'missing', code: 'FILE_MISSING', message: `no markdown file matches "${options.files}"`, location: { path: options.files } }])
    }
    const sourced = mentionsFrom(options, ctx)
    const findings: Finding[] = [...sourced.findings]
    for (const file of files) {
      const read = ctx.repo.read(file)
      if (read.kind !== 'ok') {
        findings.push(unreadable(file, read.kind === 'error' ? read.message : `"${file}" disappeared while it was read`))
        continue
      }
      pushAll(findings, sameInEveryEnvironment(file, read.text, options, ctx.repo))
      const absent = missingMentions(read.text, options.mentions ?? [], ctx.repo.scanBudget, (key, derive) => ctx.repo.memo(key, file, derive))
      for (const v of sourced.values) {
        ctx.repo.scanBudget.charge(read.text.length, 1, `searching for the mention of ${v.label}`)
        if (!mentions(read.text, v.text)) absent.push(`${v.secret ? describeValue(v.text, true) : JSON.stringify(v.text)} (${v.origin})`)
      }
      if (absent.length) {
        findings.push({ status: 'fail', code: 'DOC_MENTION_MISSING', message: `${file} does not mention ${absent.join(', ')}`, location: docTop(file) })
      }
    }
    return outcomeOf(findings)
  },
}

/**
 * The findings of a doc that no environment changes (cited paths, headings, banned phrases),
 * judged once per doc and options. Each answer inside is also kept on its own, so gates
 * that ask the same of a doc in other words share it (and its scan is charged once).
 */
function sameInEveryEnvironment(file: string, text: string, options: DocsOptions, repo: RepoReader): Finding[] {
  const references = options.references_exist ?? true
  const key = `docs-judged\0${String(references)}\0${JSON.stringify([options.headings ?? [], options.banned ?? []])}`
  return repo.memo(key, file, () => {
    const findings: Finding[] = []
    // Read as far as the options ask: links alone need no code tokens, and a doc checked
    // only for phrases and mentions is not parsed at all.
    const reading = markdownReading(references === true)
    const doc = () => readMarkdown(repo, file, text, references === true)
    if (references !== false) {
      const broken = repo.memo(`docs-broken-references\0${reading}`, file, () => brokenReferences(file, doc(), text, repo))
      for (const b of broken) if (references === true || b.origin === 'link') findings.push(b.finding)
    }
    for (const heading of options.headings ?? []) {
      // Either reading has the same headings, so the answer is shared by gates that read the doc differently.
      const present = repo.memo(`docs-heading\0${heading}`, file, () => {
        const wanted = normalizeHeading(heading)
        return doc().headings.some((h) => headingMatches(normalizeHeading(h.text), wanted))
      })
      if (!present) {
        findings.push({ status: 'fail', code: 'DOC_HEADING_MISSING', message: `${file} has no heading "${heading.trim()}"`, location: docTop(file) })
      }
    }
    for (const phrase of options.banned ?? []) pushAll(findings, repo.memo(`docs-banned\0${phrase}`, file, () => bannedPhrase(file, text, phrase, repo.scanBudget)))
    return findings
  })
}

/** What is absent from a doc has no line of its own: point at the doc's first line, so
 * the annotation lands on the file that must change. */
function docTop(file: string): Finding['location'] {
  return { path: file, line: 1, column: 1 }
}

function brokenReferences(file: string, doc: MarkdownDocument, text: string, repo: RepoReader): Array<{ origin: DocReference['origin']; finding: Finding }> {
  const findings: Array<{ origin: DocReference['origin']; finding: Finding }> = []
  const exists = (path: string) => repo.exists(path)
  const codeTarget = codeTargets(file, repo)
  let starts: number[] | null = null
  let words: CreateWords | null = null
  for (const ref of doc.references) {
    const at = { path: file, line: ref.line, column: ref.column }
    if (ref.path === null) {
      findings.push({ origin: ref.origin, finding: { status: 'fail', code: 'DOC_REFERENCE_BROKEN', message: redactText(`"${ref.raw}" points outside the repository`), location: at } })
      continue
    }
    if (ref.origin === 'link') {
      if (linkResolves(ref.path, ref.raw, file, exists) !== false) continue
    } else {
      const target = codeTarget(ref.path)
      if (!target.judge) continue
      const offset = (starts ??= lineStarts(text))[ref.line - 1] + ref.column - 1
      if (toBeCreated(text, offset, (words ??= createWords(text)))) continue
      if (target.candidates.some(exists)) continue
    }
    const from = ref.origin === 'link' ? 'linked' : 'cited in code, from the repository root'
    findings.push({ origin: ref.origin, finding: { status: 'fail', code: 'DOC_REFERENCE_BROKEN', message: redactText(`"${ref.raw}" (${from}) does not exist: no ${ref.path}`), location: at } })
  }
  return findings
}

/** How far back the sentence before a code path is read. */
const SENTENCE_CHARS = 400

/** Every phrase `toBeCreated` looks for contains one of these words (case-insensitive, as its
 * pattern reads them). No word ends where another could begin, so one scan finds them all. */
const CREATE_WORDS = /creat|add a new|make a new|in your/gi

/** Where a doc writes the words of a create phrase, in order: [start, end) offsets. */
export type CreateWords = Array<[number, number]>

export function createWords(text: string): CreateWords {
  return Array.from(text.matchAll(CREATE_WORDS), (m) => [m.index, m.index + m[0].length])
}

/** Whether one of `words` lies wholly in the sentence window before `offset`. They do not
 * overlap, so the first to start in the window is also the first to end. */
function wordBefore(words: CreateWords, offset: number): boolean {
  const from = Math.max(0, offset - SENTENCE_CHARS)
  let lo = 0
  let hi = words.length
  while (lo < hi) {
    const mid = (lo + hi) >> 1
    if (words[mid][0] < from) lo = mid + 1
    else hi = mid
  }
  return lo < words.length && words[lo][1] <= offset
}

/** The prose of the sentence before `offset`: back to a sentence end, a blank line or a list item. */
function sentenceBefore(text: string, offset: number): string {
  const before = text.slice(Math.max(0, offset - SENTENCE_CHARS), offset)
  let cut = 0
  for (const m of before.matchAll(/[.!?]\s+|\n\s*\n|\n\s*(?:\d+[.)]|[-*+])\s+/g)) cut = m.index + m[0].length
  return before.slice(cut)
}

/**
 * A path the reader is told to create (`create the following directory structure:
 * \`pkg/cmd/boom/\``, `Create a new file in your repository at \`…\``) names no file of
 * this repository. Only when the path follows the phrase closely, in the same clause, and
 * nothing in between tells the reader to run or open something:
 * "To create the database, run \`scripts/db.sh\`" still cites a script that must exist.
 */
export function toBeCreated(text: string, offset: number, words: CreateWords): boolean {
  // Most code paths have no such word before them: no sentence to cut.
  if (!wordBefore(words, offset)) return false
  const sentence = sentenceBefore(text, offset)
  // The last such phrase before the path is the one that could name it.
  const create = [...sentence.matchAll(/\b(?:create|creating|add a new|make a new)\b|\bin your (?:own )?(?:repository|repo|project)\b/gi)].pop()
  if (!create) return false
  // The path must be what is created: close after the phrase, in the same clause ("To create
  // a rollback, `scripts/rollback.sh` restores…" cites a script that must exist).
  const between = sentence.slice(create.index + create[0].length).replace(/`+$/, '')
  if (between.length > CREATE_OBJECT_CHARS || /[,;`]|\s[-–—]\s/.test(between)) return false
  return !/\b(?:run|runs|running|execute|call|invoke|use|using|see|read|open|edit|follow|with)\b/i.test(between)
}

/** How far after "create …" the created path may start: "the following directory structure:" fits. */
const CREATE_OBJECT_CHARS = 60

function normalizeHeading(text: string): string {
  return text.replace(/^\s*#+\s*/, '').replace(/\s+/g, ' ').trim().toLowerCase()
}

/** After the wanted text, what ends a numbered or titled heading's name: `Gate 1: …`, `Gate 1 — …`, `Gate 1. …`, `1) …`. */
const HEADING_SEPARATOR = /^(?::|\)|\.(?:\s|$)| [-–—])/
const ENDS_WITH_SEPARATOR = /[:).\-–—]$/

/** A heading is the wanted text, or starts with it and a separator: `Gate 1` finds `Gate 1: Env`, never `Gate 10`. */
function headingMatches(heading: string, wanted: string): boolean {
  // A step number before the name (`1. Prepare your release`, `2) Tag`) is not part of it,
  // unless the wanted text names the number itself.
  if (!heading.startsWith(wanted) && !/^\d/.test(wanted)) heading = heading.replace(/^\d+(?:\.\d+)*[.)]?\s+/, '')
  if (!heading.startsWith(wanted)) return false
  const rest = heading.slice(wanted.length)
  return rest === '' || HEADING_SEPARATOR.test(rest) || (ENDS_WITH_SEPARATOR.test(wanted) && /^\s/.test(rest))
}

function escapeRegex(text: string): string {
  return text.replace(/[\\^$.*+?()[\]{}|]/g, '\\$&')
}

/** Every occurrence of `phrase`, case-insensitive; its words may be split across lines. */
function bannedPhrase(file: string, text: string, phrase: string, budget: ScanBudget): Finding[] {
  const words = phrase.trim().split(/\s+/).filter((w) => w !== '')
  if (words.length === 0) return []
  // Most docs do not contain a banned phrase at all: a plain search for its first word
  // spares the regex scan of the whole text.
  if (!text.toLowerCase().includes(words[0].toLowerCase())) return []
  const compiled = compileSafeRegex(words.map(escapeRegex).join('\\s+'), { ignoreCase: true })
  // Escaped words always compile; only a phrase too long for the pattern bounds fails, and unsearched is not clean.
  if (!compiled.ok) throw new LimitExceededError(`the banned phrase "${phrase.trim().slice(0, 60)}..." cannot be searched: ${compiled.message}`)
  budget.charge(text.length, compiled.regex.cost, `searching ${file} for the banned phrase "${phrase.trim().slice(0, 60)}"`)
  const starts = lineStarts(text)
  const findings: Finding[] = []
  // One pass of one matcher: re-searching the rest of the text after each hit is quadratic.
  for (const hit of compiled.regex.findAll(text)) {
    findings.push({
      status: 'fail',
      code: 'DOC_BANNED_PHRASE',
      message: `banned phrase "${phrase.trim()}"`,
      location: { path: file, ...positionAt(starts, hit.index) },
    })
  }
  return findings
}

const WORD = /[A-Za-z0-9_]/

/** Whether `token` occurs in `text` as a whole token: not inside a longer word or number. */
function mentions(text: string, token: string): boolean {
  const wordStart = WORD.test(token[0])
  const wordEnd = WORD.test(token[token.length - 1])
  for (let i = text.indexOf(token); i >= 0; i = text.indexOf(token, i + 1)) {
    const before = text[i - 1]
    const after = text[i + token.length]
    if ((!wordStart || before === undefined || !WORD.test(before)) && (!wordEnd || after === undefined || !WORD.test(after))) return true
  }
  return false
}

type Mention = NonNullable<DocsOptions['mentions']>[number]

interface SourcedMention {
  text: string
  label: string
  /** Where the value is written, for the message: `release.yml:12:15 jobs.build.strategy.matrix.os[1]`. */
  origin: string
  secret: boolean
}

/**
 * The texts the `from` mentions require, read once for every doc. A source that is missing,
 * unparsable, matches nothing or holds something that is not a scalar is a finding at that
 * source (and its values are not required): an empty list would require nothing and pass.
 */
function mentionsFrom(options: DocsOptions, ctx: AssertionContext): { values: SourcedMention[]; findings: Finding[] } {
  const values: SourcedMention[] = []
  const findings: Finding[] = []
  // One value listed twice (or by two sources) is one required mention.
  const seen = new Set<string>()
  ;(options.mentions ?? []).forEach((m, i) => {
    if (typeof m === 'string' || !m.from) return
    const source = m.from
    const found = dataValues(ctx.repo, source)
    if ('optionError' in found) {
      findings.push({ status: 'fail', code: 'EXPRESSION_FAILED', message: `after expressions were resolved, ${found.optionError}`, location: ctx.matrix.doc.locate([...ctx.declaredPath, 'mentions', i, 'from']).location })
      return
    }
    if ('findings' in found) {
      pushAll(findings, found.findings)
      return
    }
    const items: DataValue[] = found.values.flatMap((v) =>
      Array.isArray(v.value) ? v.value.map((item, n) => ({ ...v, value: item, label: `${v.label}[${n}]` })) : [v],
    )
    if (items.length === 0) {
      findings.push({ status: 'fail', code: 'MENTION_SOURCE_UNUSABLE', message: `${source.path} matches nothing in ${source.file}, so there is nothing to require; fix the path (mentions[${i}].from)`, location: found.miss ?? { path: source.file, line: 1, column: 1 } })
      return
    }
    for (const v of items) {
      const origin = `${v.location.path}:${v.location.line ?? 1}:${v.location.column ?? 1} ${v.label}`
      if (v.value === null || typeof v.value === 'object' || v.value === '') {
        findings.push({ status: 'fail', code: 'MENTION_SOURCE_UNUSABLE', message: `${v.label} is ${describeValue(v.value, v.secret)}, not text, a number or a boolean, so it cannot be mentioned; point mentions[${i}].from at its values`, location: v.location })
        continue
      }
      if (seen.has(String(v.value))) continue
      seen.add(String(v.value))
      values.push({ text: String(v.value), label: v.label, origin, secret: v.secret })
    }
  })
  return { values, findings }
}

/** The required mentions `text` lacks, written compactly (runs of a range as "#305 to #309").
 * Each search of the whole text is charged to `budget`, even when `memo` (the reader's, for
 * this file) already holds a range's numbers from another environment. */
export function missingMentions(
  text: string,
  required: Mention[],
  budget = new ScanBudget(),
  memo: <T>(key: string, derive: () => T) => T = (_key, derive) => derive(),
): string[] {
  const out: string[] = []
  for (const m of required) {
    if (typeof m === 'string') {
      if (m === '') continue
      budget.charge(text.length, 1, `searching for the mention ${JSON.stringify(m.slice(0, 60))}`)
      if (!mentions(text, m)) out.push(JSON.stringify(m))
      continue
    }
    // Values `from` a data file are read by the caller (they need the repository).
    if (!m.range) continue
    const format = m.format ?? '{n}'
    const write = (n: number) => format.replace(/\{n\}/g, String(n))
    const [from, to] = m.range
    const last = Math.min(to, from + MAX_RANGE - 1)
    const found = memo(`docs-range\0${format}\0${from}\0${last}`, () => rangeMentions(text, format, from, last))
    if (!found) budget.charge(text.length, last - from + 1, `searching for the mentions ${write(from)} to ${write(last)}`)
    else budget.charge(text.length, 1, `searching for the mentions ${write(from)} to ${write(last)}`)
    const mentioned = (n: number) => (found ? found.has(n) : mentions(text, write(n)))
    let run: [number, number] | undefined
    const flush = () => {
      if (!run) return
      const [a, b] = run
      out.push(a === b ? write(a) : b === a + 1 ? `${write(a)}, ${write(b)}` : `${write(a)} to ${write(b)}`)
      run = undefined
    }
    for (let n = from; n <= last; n++) {
      if (mentioned(n)) flush()
      else if (run) run[1] = n
      else run = [n, n]
    }
    flush()
  }
  return out
}
