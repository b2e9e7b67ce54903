// The RunContext of a local check, from flags: the change set (a file list or git),
// the event payload, the date, and GitHub access when a token and --repo are given.
import { statSync } from 'node:fs'
import { isAbsolute, resolve } from 'node:path'
import { UsageError } from '../core/errors.js'
import { type ChangeSet, emptyFacts, type GithubFacts, isSupportedEvent, type RunContext, SUPPORTED_EVENTS } from '../core/run.js'
import { factsFromEvent, guessEventName, readEventPayload } from '../run-facts/event.js'
import type { GitHubState } from '../core/github-port.js'
import { pullRequestChanges } from '../github/changed-files.js'
import { diffNames } from '../github/git.js'
import { createGitHubState } from '../github/state.js'
import { parseRepository } from '../github/repo-ref.js'
import { readNamedBytes } from '../repo/regular-file.js'
import type { Command } from './args.js'
import { isoDay } from '../core/day.js'
import { parseChangedFiles } from './changed-files.js'

type CheckCommand = Extract<Command, { command: 'check' }>

export async function buildRunContext(cmd: CheckCommand, env: NodeJS.ProcessEnv): Promise<Omit<RunContext, 'root' | 'matrixPath'>> {
  let github: GithubFacts = emptyFacts()
  let inputs: Record<string, unknown> = {}
  let before: string | null = null
  if (cmd.event) {
    const payload = readEventPayload(cmd.event, '--event')
    const name = cmd.eventName ?? guessEventName(payload)
    if (!name) throw new UsageError(`cannot tell which event ${cmd.event} is: say it with --event-name (${SUPPORTED_EVENTS.join(', ')})`)
    if (!isSupportedEvent(name)) throw new UsageError(`--event-name "${name}" is not supported (${SUPPORTED_EVENTS.join(', ')})`)
    const facts = factsFromEvent(name, payload)
    github = facts.github
    inputs = facts.inputs
    before = facts.before
  }

  let api: GitHubState | null = null
  let apiUnavailableReason = cmd.skipGitHub
    ? 'not evaluated: it needs the GitHub API, and --skip-github runs the repository\'s gates alone'
    : 'no GitHub API access: set GITHUB_TOKEN and pass --repo OWNER/NAME with --pr N or --sha SHA'
  let client = null
  const repo = cmd.repo ? parseRepository(cmd.repo) : null
  if (repo && env.GITHUB_TOKEN) {
    // Octokit loads only when a token is used.
    const { createGitHubClient } = await import('../github/client.js')
    client = createGitHubClient({ token: env.GITHUB_TOKEN, baseUrl: env.GITHUB_API_URL || 'https://api.github.com' })
    api = createGitHubState(client, repo)
    github = { ...github, repository: cmd.repo }
    if (cmd.pr !== null) {
      const pr = await api.pullRequest(cmd.pr)
      github = {
        ...github,
        event_name: github.event_name ?? 'pull_request',
        pr_number: cmd.pr,
        head_sha: pr.head_sha,
        sha: pr.head_sha,
        base_sha: pr.base_sha,
        base_ref: pr.base_ref,
      }
    }
  } else if (repo) {
    apiUnavailableReason = 'no GitHub API access: GITHUB_TOKEN is not set'
    github = { ...github, repository: cmd.repo, pr_number: cmd.pr ?? github.pr_number }
  }
  if (cmd.sha) github = { ...github, sha: cmd.sha, head_sha: cmd.sha }

  let changes: ChangeSet = { kind: 'none', reason: 'no change set was given (--changed-files, --base, or --repo with --pr)' }
  if (cmd.changedFiles) {
    changes = { kind: 'files', files: parseChangedFiles(cmd.changedFiles, readNamedBytes(cmd.changedFiles, '--changed-files')) }
  } else if (cmd.base) {
    const head = cmd.head ?? 'HEAD'
    const files = await diffNames(cmd.root, cmd.base, head, true)
    if (files === null) throw new UsageError(`git diff ${cmd.base}...${head} failed in ${cmd.root}: both must be commits of that repository`)
    changes = { kind: 'files', files }
  } else if (client && repo && cmd.pr !== null && github.base_sha && github.head_sha) {
    changes = (await pullRequestChanges(client, { repo, number: cmd.pr, baseSha: github.base_sha, headSha: github.head_sha, root: cmd.root })).changes
  } else if (repo && cmd.pr !== null) {
    // A PR was named but its files cannot be listed: the diff exists, so it is unavailable, not absent.
    changes = { kind: 'unavailable', reason: `the files of PR #${cmd.pr} could not be listed: ${apiUnavailableReason}` }
  } else if (github.event_name === 'push' && before && github.head_sha) {
    const files = await diffNames(cmd.root, before, github.head_sha, false)
    changes = files
      ? { kind: 'files', files }
      : { kind: 'unavailable', reason: `git diff ${before.slice(0, 12)}...${github.head_sha.slice(0, 12)} failed in ${cmd.root}: the push's commits are not in this checkout (fetch them, or pass --changed-files)` }
  }

  return {
    github,
    inputs,
    changes,
    profile: cmd.profile,
    environments: cmd.envs,
    today: cmd.now ?? isoDay(),
    // --now names a day: soak times are then measured from its start, so the run is reproducible.
    ...(cmd.now ? {} : { now: new Date().toISOString() }),
    api,
    apiUnavailableReason,
    selfCheckName: env.GATE_MATRIX_CHECK_NAME ?? null,
    ...(cmd.skipGitHub ? { skipGitHub: true } : {}),
    // The probing code (undici among it) loads only for a run that opts in.
    live: cmd.live ? (await import('../live/port.js')).createLivePort() : null,
  }
}

/** The absolute repository root; it must be an existing directory. */
export function resolveRoot(root: string): string {
  const abs = isAbsolute(root) ? root : resolve(process.cwd(), root)
  let isDir = false
  try {
    isDir = statSync(abs).isDirectory()
  } catch {
    throw new UsageError(`--root ${root} does not exist: give the repository's directory`)
  }
  if (!isDir) throw new UsageError(`--root ${root} is not a directory: give the repository's directory`)
  return abs
}
