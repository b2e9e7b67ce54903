// Command-line parsing for `gate-matrix`. Usage errors are UsageError (exit 2).
import { parseArgs } from 'node:util'
import { UsageError } from '../core/errors.js'
import { isoDate } from '../spec/template-schema.js'

export const USAGE = `gate-matrix: one YAML gate matrix as the source of truth for deployments

Usage:
  gate-matrix validate [--root DIR] [--matrix PATH]
  gate-matrix check    [--root DIR] [--matrix PATH] [--env NAME]... [--profile NAME]
                       [--format text|json|markdown|sarif] [--out FILE]
                       [--changed-files FILE | --base REF [--head REF]]
                       [--event FILE [--event-name NAME]] [--now YYYY-MM-DD]
                       [--repo OWNER/NAME (--pr N | --sha SHA) | --skip-github] [--live]
  gate-matrix merge    EVIDENCE.json... [--format text|json|markdown|sarif] [--out FILE]
  gate-matrix schema   [--evidence]
  gate-matrix init     [--root DIR] [--out FILE|-] [--force]

Exit codes: 0 clean, 1 blocked, 2 unusable input.
GitHub-state gates (checks, reviews, prior_validation, matrix owners) need GITHUB_TOKEN
and --repo with --pr or --sha (GITHUB_API_URL for GitHub Enterprise). Without them they
block; --skip-github judges the repository's gates alone: those gates are listed as not
evaluated and do not block (exit 0 only with this flag).
Live gates (http, tls, dns, well_known) probe the environments' declared hosts only with --live; without it
they are missing (LIVE_NOT_ENABLED) and block.`

export const FORMATS = ['text', 'json', 'markdown', 'sarif'] as const
export type Format = (typeof FORMATS)[number]

export type Command =
  | { command: 'help' }
  | { command: 'version' }
  | { command: 'validate'; root: string; matrix: string }
  | {
      command: 'check'
      root: string
      matrix: string
      envs: string[]
      profile: string | null
      format: Format
      out: string | null
      changedFiles: string | null
      base: string | null
      head: string | null
      event: string | null
      eventName: string | null
      now: string | null
      repo: string | null
      pr: number | null
      sha: string | null
      skipGitHub: boolean
      live: boolean
    }
  | { command: 'merge'; files: string[]; format: Format; out: string | null }
  | { command: 'schema'; evidence: boolean }
  | { command: 'init'; root: string; out: string | null; force: boolean }

const OPTIONS = {
  root: { type: 'string' },
  matrix: { type: 'string' },
  env: { type: 'string', multiple: true },
  profile: { type: 'string' },
  format: { type: 'string' },
  out: { type: 'string' },
  'changed-files': { type: 'string' },
  base: { type: 'string' },
  head: { type: 'string' },
  event: { type: 'string' },
  'event-name': { type: 'string' },
  now: { type: 'string' },
  repo: { type: 'string' },
  pr: { type: 'string' },
  sha: { type: 'string' },
  'skip-github': { type: 'boolean' },
  live: { type: 'boolean' },
  evidence: { type: 'boolean' },
  force: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean', short: 'V' },
} as const

const ALLOWED: Record<string, ReadonlyArray<keyof typeof OPTIONS>> = {
  validate: ['root', 'matrix'],
  check: ['root', 'matrix', 'env', 'profile', 'format', 'out', 'changed-files', 'base', 'head', 'event', 'event-name', 'now', 'repo', 'pr', 'sha', 'skip-github', 'live'],
  merge: ['format', 'out'],
  schema: ['evidence'],
  init: ['root', 'out', 'force'],
}

function format(value: string | undefined): Format {
  if (value === undefined) return 'text'
  if (!(FORMATS as readonly string[]).includes(value)) throw new UsageError(`--format must be one of ${FORMATS.join(', ')}, not "${value}"`)
  return value as Format
}

export function parseCommand(argv: string[]): Command {
  let parsed
  try {
    parsed = parseArgs({ args: argv, options: OPTIONS, allowPositionals: true, strict: true })
  } catch (e) {
    throw new UsageError(`${(e as Error).message.replace(/\. To specify.*$/, '')}\n\n${USAGE}`)
  }
  const { values: v, positionals } = parsed
  if (v.version) return { command: 'version' }
  const [command, ...rest] = positionals
  if (v.help || command === undefined || command === 'help') return { command: 'help' }
  const allowed = ALLOWED[command]
  if (!allowed) throw new UsageError(`unknown command "${command}"\n\n${USAGE}`)
  for (const key of Object.keys(v)) {
    if (key !== 'help' && key !== 'version' && !allowed.includes(key as keyof typeof OPTIONS)) {
      throw new UsageError(`--${key} does not go with "${command}"\n\n${USAGE}`)
    }
  }
  // An empty value (`--now ''`, `--changed-files ''`) would read as the flag not given.
  for (const [key, value] of Object.entries(v)) {
    const values: unknown[] = Array.isArray(value) ? value : [value]
    if (values.some((x) => typeof x === 'string' && x.trim() === '')) throw new UsageError(`--${key} needs a value, not an empty string`)
  }
  if (command !== 'merge' && rest.length) throw new UsageError(`unexpected argument "${rest[0]}" to "${command}"`)

  const root = v.root ?? process.cwd()
  const matrix = v.matrix ?? 'gate-matrix.yml'
  switch (command) {
    case 'validate':
      return { command, root, matrix }
    case 'schema':
      return { command, evidence: v.evidence ?? false }
    case 'init':
      return { command, root, out: v.out ?? null, force: v.force ?? false }
    case 'merge':
      if (rest.length === 0) throw new UsageError('merge needs at least one evidence file')
      return { command, files: rest, format: format(v.format), out: v.out ?? null }
    default: {
      if (v['changed-files'] && v.base) throw new UsageError('give --changed-files or --base, not both')
      if (v.head && !v.base) throw new UsageError('--head goes with --base')
      if (v['event-name'] && !v.event) throw new UsageError('--event-name goes with --event')
      if (v.now !== undefined && !isoDate.safeParse(v.now).success) throw new UsageError(`--now takes a calendar date as YYYY-MM-DD, not "${v.now}"`)
      let pr: number | null = null
      if (v.pr !== undefined) {
        if (!/^[1-9]\d*$/.test(v.pr)) throw new UsageError(`--pr takes a pull request number, not "${v.pr}"`)
        pr = Number(v.pr)
      }
      if ((v.pr || v.sha) && !v.repo) throw new UsageError('--pr and --sha go with --repo OWNER/NAME')
      if (v.repo && !/^[^/\s]+\/[^/\s]+$/.test(v.repo)) throw new UsageError(`--repo takes OWNER/NAME, not "${v.repo}"`)
      if (v.repo && !v.pr && !v.sha) throw new UsageError('--repo needs --pr N or --sha SHA')
      if (v.repo && v['skip-github']) throw new UsageError('--skip-github runs without the GitHub API: drop --repo, or drop --skip-github to ask the API')
      return {
        command: 'check',
        root,
        matrix,
        envs: v.env ?? [],
        profile: v.profile ?? null,
        format: format(v.format),
        out: v.out ?? null,
        changedFiles: v['changed-files'] ?? null,
        base: v.base ?? null,
        head: v.head ?? null,
        event: v.event ?? null,
        eventName: v['event-name'] ?? null,
        now: v.now ?? null,
        repo: v.repo ?? null,
        pr,
        sha: v.sha ?? null,
        skipGitHub: v['skip-github'] ?? false,
        live: v.live ?? false,
      }
    }
  }
}
