// The job summary (and `--format markdown`): verdict headline, the matrix at a glance,
// each blocker linked to the owning file at the SHA and to its recovery doc. Everything
// that comes from the matrix or a checked file is escaped: it must not inject markup.
// GitHub refuses a step summary over 1 MiB, so the output is kept under `maxBytes`.
import { formatLocation } from '../core/errors.js'
import type { Location } from '../core/location.js'
import type { Evidence } from '../evidence/types.js'
import { redactText } from '../core/redact.js'
import { maxOf } from '../core/arrays.js'
import {
  MARKDOWN_SYMBOL,
  REPOSITORY,
  RESULTS,
  RESULT_LABEL,
  describeMembers,
  gridOf,
  groupFindings,
  truncateBytes,
  whyNotBlocking,
  notEvaluatedSummary,
} from './symbols.js'
import { isReported } from '../evidence/seal.js'
import { groupBlockers } from './blocker-groups.js'

export interface MarkdownOptions {
  /** e.g. https://github.com (GITHUB_SERVER_URL); default https://github.com when repository and sha are given. */
  serverUrl?: string
  /** owner/name */
  repository?: string
  /** The commit whose files the links open. */
  sha?: string
  /** Default 1 MiB - 1 KiB (GitHub's step summary limit, with room to spare). */
  maxBytes?: number
  /** Markdown appended as given (trusted: written by gate-matrix itself). */
  extraSections?: string[]
  /** Where the full evidence is (trusted markdown), said when the summary is cut. */
  artifactNote?: string
}

export const DEFAULT_MAX_BYTES = 1024 * 1024 - 1024

/** A single message may not crowd out the rest of the summary. */
const MAX_MESSAGE_BYTES = 4096

/** Escape user text for inline Markdown: no emphasis, links, HTML, mentions or table breaks; one line. */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n]+/g, ' ')
    .replace(/[\\`*_[\]()|~!#@{}]/g, (c) => `\\${c}`)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
}

/** A code span that survives backticks in the text; in a table `|` must be escaped even inside it. */
function code(text: string, inTable = false): string {
  let body = text.replace(/[\r\n]+/g, ' ')
  if (inTable) body = body.replace(/\|/g, '\\|')
  const longestRun = maxOf((body.match(/`+/g) ?? []).map((r) => r.length), 0)
  const fence = '`'.repeat(longestRun + 1)
  const pad = body.startsWith('`') || body.endsWith('`') ? ' ' : ''
  return `${fence}${pad}${body}${pad}${fence}`
}

/** Percent-encode a repository path for a URL, keeping the slashes. */
function encodePath(path: string): string {
  return path.split('/').map(encodeURIComponent).join('/')
}

export function renderMarkdown(e: Evidence, o: MarkdownOptions = {}): string {
  const maxBytes = o.maxBytes ?? DEFAULT_MAX_BYTES
  const server = (o.serverUrl ?? 'https://github.com').replace(/\/+$/, '')
  const blobBase = o.repository && o.sha ? `${server}/${o.repository}/blob/${o.sha}/` : null

  const fileLink = (l: Location): string => {
    const shown = code(formatLocation(l))
    // A location without a line is a missing file: a link to it would answer 404.
    if (!blobBase || !l.line) return shown
    return `[${shown}](${blobBase}${encodePath(l.path)}#L${l.line})`
  }
  const recoveryLink = (recovery: string | null): string => {
    if (!recovery) return ''
    if (/^https?:\/\//i.test(recovery)) return ` · [recovery](${encodeURI(recovery).replace(/[()]/g, (c) => (c === '(' ? '%28' : '%29'))})`
    if (!blobBase) return ` · recovery: ${code(recovery)}`
    const [path, anchor] = recovery.split(/#(.*)/s)
    return ` · [recovery](${blobBase}${encodePath(path)}${anchor ? `#${encodeURIComponent(anchor)}` : ''})`
  }
  const message = (text: string): string => escapeMarkdown(truncateBytes(redactText(text), MAX_MESSAGE_BYTES))

  // Blocks are kept whole or dropped whole when the summary must be cut; `blockers` counts
  // the evidence's blockers a block shows (one per environment it lists).
  const blocks: Block[] = []
  const push = (text: string, blockers?: number): void => void blocks.push(blockers ? { text, blockers } : { text })

  const clean = e.verdict === 'clean'
  const skipped = notEvaluatedSummary(e)
  push(`## ${clean ? '✅' : '❌'} gate-matrix: ${clean ? 'clean' : 'blocked'}${skipped ? ` (${escapeMarkdown(skipped)})` : ''}\n`)
  push(`${headline(e, o, blobBase ? `${server}/${o.repository}/commit/${o.sha}` : null)}\n`)

  const grid = gridOf(e)
  if (grid.rows.length) {
    push('### Matrix\n')
    const header = grid.columns.map((c) => (c === REPOSITORY ? 'repository' : code(c, true)))
    push(`| gate | ${header.join(' | ')} |\n| --- |${grid.columns.map(() => ' :-: |').join('')}`)
    for (const id of grid.rows) {
      const cells = grid.columns.map((column) => {
        const g = grid.cell(id, column)
        if (!g) return ' '
        return `${MARKDOWN_SYMBOL[g.result]}${isReported(g) && !g.blocking ? ` *${whyNotBlocking(g)}*` : ''}`
      })
      push(`| ${code(id, true)} | ${cells.join(' | ')} |`)
    }
    push(`\n${RESULTS.map((r) => `${MARKDOWN_SYMBOL[r]} ${RESULT_LABEL[r]}`).join(' · ')}\n`)
  }

  const blockers = groupBlockers(e.blockers)
  if (blockers.length) {
    push(`### Blockers (${blockers.length})\n`)
    for (const { blocker: b, environments, count } of blockers) {
      const where = environments.length === 1 && environments[0] === REPOSITORY ? 'repository-wide' : `in ${environments.map((env) => code(env)).join(', ')}`
      push(
        `- **${code(b.code)}** ${where} · gate ${code(b.gate_id)} (owner ${code(b.owner)}): ${fileLink(b.location)} ${message(b.message)}${recoveryLink(b.recovery)}`,
        count,
      )
    }
    push('')
  }

  const warnings = groupFindings(e).filter((g) => g.severity !== 'error')
  if (warnings.length) {
    push(`### Not blocking (${warnings.length})\n`)
    for (const w of warnings) {
      push(
        `- ${code(w.finding.code)} in ${escapeMarkdown(describeMembers(w))} · gate ${code(w.gate.gate_id)} (*${whyNotBlocking(w.gate)}*): ${fileLink(w.finding.location)} ${message(w.finding.message)}${recoveryLink(w.gate.recovery)}`,
      )
    }
    push('')
  }

  for (const section of o.extraSections ?? []) push(`${section.replace(/\n+$/, '')}\n`)

  return fit(blocks, maxBytes, e.blockers.length, o.artifactNote)
}

function headline(e: Evidence, o: MarkdownOptions, commitUrl: string | null): string {
  const parts: string[] = []
  if (e.blockers.length) {
    const perPlace = new Map<string, number>()
    for (const b of e.blockers) perPlace.set(b.environment, (perPlace.get(b.environment) ?? 0) + 1)
    const where = [...perPlace].map(([env, n]) => `${env === REPOSITORY ? 'repository-wide' : code(env)} ${n}`).join(', ')
    parts.push(`**${e.blockers.length} ${e.blockers.length === 1 ? 'blocker' : 'blockers'}** (${where})`)
  } else parts.push('**no blockers**')
  const envs = e.environments.map((env) => `${code(env.environment_profile)} ${env.verdict}`).join(', ')
  if (envs) parts.push(envs)
  parts.push(`matrix ${code(e.matrix.path)}`)
  const commit = e.source_commit ?? o.sha
  if (commit) parts.push(commitUrl ? `commit [${code(commit.slice(0, 7))}](${commitUrl})` : `commit ${code(commit.slice(0, 7))}`)
  if (e.release_profile) parts.push(`profile ${code(e.release_profile)}`)
  return parts.join(' · ')
}

interface Block {
  text: string
  blockers?: number
}

/** Join the blocks, dropping whole blocks from the end of what fits and saying so. */
function fit(blocks: Block[], maxBytes: number, totalBlockers: number, artifactNote?: string): string {
  const full = blocks.map((b) => `${b.text}\n`).join('').replace(/\n+$/, '\n')
  if (Buffer.byteLength(full) <= maxBytes) return full
  const where = artifactNote ?? 'Every finding is in the evidence file.'
  const noteFor = (shown: number): string =>
    `\n> [!WARNING]\n> This summary was cut to stay under ${maxBytes} bytes: ${shown} of ${totalBlockers} blockers shown. ${where.replace(/\n/g, ' ')}\n`
  const reserve = Buffer.byteLength(noteFor(totalBlockers))
  let out = ''
  let used = 0
  let shown = 0
  for (const b of blocks) {
    const text = `${b.text}\n`
    const n = Buffer.byteLength(text)
    if (used + n + reserve > maxBytes) break
    out += text
    used += n
    shown += b.blockers ?? 0
  }
  return truncateBytes(out + noteFor(shown), maxBytes)
}
