// The one test harness of the gates' unit tests: temporary repositories, one RunContext
// factory (a local run, or a pull request run), assertion contexts the engine would build,
// and an in-memory GitHubState that counts its calls. Golden cases (testdata/gates) need
// none of this: __tests__/golden.test.ts runs them through the CLI.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { stringify } from 'yaml'
import type { Problem } from '../../src/core/errors.js'
import { type CheckRunInfo, type Clock, type CodeScanningAnswer, type ComparisonInfo, type DeploymentInfo, type DeploymentStatusInfo, type EnvironmentSettings, type GitHubState, GitHubUnavailableError, type PullRequestInfo, type ReviewInfo, type StatusInfo } from '../../src/core/github-port.js'
import type { AssertionOutcome } from '../../src/core/outcome.js'
import { type ChangeSet, emptyFacts, type RunContext } from '../../src/core/run.js'
import type { AssertionContext, AssertionKind } from '../../src/gates/kit.js'
import { main } from '../../src/cli/main.js'
import { loadMatrix } from '../../src/matrix/load.js'
import { RepoReader } from '../../src/repo/reader.js'
import { parsePositioned } from '../../src/repo/yaml.js'
import type { LoadedMatrix, MatrixSpec } from '../../src/spec/types.js'

// ---- repositories on disk

/** Write `files` (path → text or bytes) under `root`, making directories as needed. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
}

export function makeRepo(files: Record<string, string | Buffer>): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'gm-repo-'))
  writeTree(root, files)
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) }
}

/** A local run with no event, no change set and no API, on a fixed date. */
export function localRun(over: Partial<Omit<RunContext, 'root' | 'matrixPath'>> = {}): Omit<RunContext, 'root' | 'matrixPath'> {
  const { root: _root, matrixPath: _matrixPath, ...run } = runOf({ root: '', matrixPath: 'gate-matrix.yml', ...over })
  return run
}

type RunOverrides = Partial<Omit<RunContext, 'github'>> & { github?: Partial<RunContext['github']> }

/** The one RunContext factory: a local run (no event, no diff, no API, 2026-11-01) with overrides. */
export function runOf(o: RunOverrides & Pick<RunContext, 'root' | 'matrixPath'>): RunContext {
  const { github, ...rest } = o
  return {
    inputs: {},
    changes: { kind: 'none', reason: 'no change set was given' },
    profile: null,
    environments: [],
    today: '2026-11-01',
    api: null,
    apiUnavailableReason: 'no GitHub API access in this test',
    selfCheckName: null,
    ...rest,
    github: { ...emptyFacts(), ...github },
  }
}

/** The CLI in process, as a user runs it (no token unless `env` has one): exit code and output. */
export async function runCli(argv: string[], env: NodeJS.ProcessEnv = {}, isTTY = false): Promise<{ code: number; stdout: string; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(argv, { stdout: (t) => (stdout += t), stderr: (t) => (stderr += t), env, isTTY })
  return { code, stdout, stderr }
}

// ---- one assertion over a temporary repository (file, data, docs, threshold)

/** A repository in a temp dir: path → text (or bytes). */
export function tempRepo(files: Record<string, string | Buffer>): string {
  return makeRepo(files).root
}

export const MATRIX_PATH = 'gate-matrix.yml'

function matrixFor(kind: string, options: unknown): LoadedMatrix {
  const text = stringify({ version: 1, gates: [{ id: 'g', assert: [{ [kind]: options }] }] })
  const doc = parsePositioned(MATRIX_PATH, text)
  return { path: MATRIX_PATH, digest: 'sha256:test', spec: doc.value as MatrixSpec, doc }
}

export const DECLARED_PATH = (kind: string) => ['gates', 0, 'assert', 0, kind] as const

export function kindContext(root: string, kind: string, options: unknown): AssertionContext {
  const matrix = matrixFor(kind, options)
  const declaredPath = DECLARED_PATH(kind)
  return {
    repo: new RepoReader(root, { maxFileBytes: 256 * 1024 }),
    matrix,
    run: runOf({ root, matrixPath: MATRIX_PATH }),
    environment: null,
    gateId: 'g',
    declaredAt: matrix.doc.locate(declaredPath).location,
    declaredPath,
  }
}

/** Parse the options with the kind's schema and run it, as the evaluator does. */
export async function runKind<O>(kind: AssertionKind<O>, root: string, options: unknown): Promise<AssertionOutcome> {
  const parsed = kind.options.parse(options)
  return kind.evaluate(parsed, kindContext(root, kind.kind, options))
}

/** The load-time problems of the options, located in a matrix that declares them. */
export function validateKind<O>(kind: AssertionKind<O>, options: unknown): Problem[] {
  const matrix = matrixFor(kind.kind, options)
  const parsed = kind.options.parse(options)
  return kind.validate?.(parsed, (p) => matrix.doc.locate([...DECLARED_PATH(kind.kind), ...p]).location) ?? []
}

/** Where an option of the declared assertion is, in the test matrix. */
export function optionLocation(kind: string, options: unknown, optionPath: ReadonlyArray<string | number>) {
  return matrixFor(kind, options).doc.locate([...DECLARED_PATH(kind), ...optionPath]).location
}

/** Findings reduced to what the tables assert. */
export function brief(outcome: AssertionOutcome) {
  return outcome.findings.map((f) => [f.code, f.status, f.location.path, f.location.line, f.location.column])
}

// ---- contexts over the fixture repository (__tests__/fixtures/kinds-b/repo)

export const FIXTURE_REPO = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'kinds-b', 'repo')

/** A copy of the fixture repository in a temp dir, with `files` written over it. */
export function fixtureRepo(files: Record<string, string> = {}): string {
  const root = mkdtempSync(join(tmpdir(), 'gm-'))
  cpSync(FIXTURE_REPO, root, { recursive: true })
  writeTree(root, files)
  return root
}

export interface ContextOptions {
  root?: string
  environment?: string | null
  declaredPath?: Array<string | number>
  changes?: ChangeSet
  run?: Partial<RunContext>
  github?: Partial<RunContext['github']>
}

export function fixtureContext(o: ContextOptions = {}): AssertionContext {
  const root = o.root ?? FIXTURE_REPO
  const repo = new RepoReader(root)
  const matrix = loadMatrix(repo, 'gate-matrix.yml')
  const envName = o.environment === undefined ? null : o.environment
  const declaredPath = o.declaredPath ?? []
  const run = runOf({
    root,
    matrixPath: matrix.path,
    changes: o.changes ?? { kind: 'none', reason: 'no diff in this run' },
    ...o.run,
    github: { event_name: 'push', sha: 'a'.repeat(40), ref: 'refs/heads/main', ref_name: 'main', repository: 'o/r', actor: 'alice', ...o.github },
  })
  return {
    repo,
    matrix,
    run,
    environment: envName ? { ...matrix.spec.environments[envName], name: envName } : null,
    gateId: 'test-gate',
    declaredAt: matrix.doc.locate(declaredPath).location,
    declaredPath,
  }
}

// ---- GitHub state in memory

export const HEAD = 'a'.repeat(40)
export const OLD = 'b'.repeat(40)

export interface MemoryData {
  /** Per SHA; a function is asked on every call (poll number from 0) to script a wait. */
  checkRuns?: Record<string, CheckRunInfo[] | ((call: number) => CheckRunInfo[])>
  statuses?: Record<string, StatusInfo[]>
  pulls?: Record<number, PullRequestInfo>
  reviews?: Record<number, ReviewInfo[]>
  teams?: Record<string, string[] | 'denied'>
  /** Every deployment of the repository with its statuses; listed newest first, 100 a page. */
  deployments?: Array<DeploymentInfo & { statuses: DeploymentStatusInfo[] }>
  /** By `base...head`; absent: GitHub knows no such commit (404). */
  comparisons?: Record<string, ComparisonInfo>
  /** By ref; absent: no analysis (404). */
  codeScanning?: Record<string, CodeScanningAnswer>
  /** By environment name (lower case); absent: no such environment (404). */
  environments?: Record<string, EnvironmentSettings & { branch_policies?: string[]; custom_rules?: string[] }>
  /** Every method throws this (an API that failed after retries). */
  fail?: GitHubUnavailableError
}

export interface MemoryState extends GitHubState {
  calls: string[]
  sleeps: number[]
}

export function memoryState(d: MemoryData): MemoryState {
  const calls: string[] = []
  const sleeps: number[] = []
  let checkCalls = 0
  const clock: Clock = { sleep: async (ms) => void sleeps.push(ms), now: () => sleeps.reduce((a, b) => a + b, 0) }
  const call = (what: string) => {
    calls.push(what)
    if (d.fail) throw d.fail
  }
  return {
    calls,
    sleeps,
    clock,
    async checkRuns(sha) {
      call(`checkRuns ${sha}`)
      const v = d.checkRuns?.[sha] ?? []
      return typeof v === 'function' ? v(checkCalls++) : v
    },
    async statuses(sha) {
      call(`statuses ${sha}`)
      return d.statuses?.[sha] ?? []
    },
    async pullRequest(n) {
      call(`pullRequest ${n}`)
      const pr = d.pulls?.[n]
      if (!pr) throw new GitHubUnavailableError(`no PR ${n}`, 'permission')
      return pr
    },
    async reviews(n) {
      call(`reviews ${n}`)
      return d.reviews?.[n] ?? []
    },
    async teamMembers(org, slug) {
      call(`teamMembers ${org}/${slug}`)
      const t = d.teams?.[`${org}/${slug}`]
      if (t === undefined || t === 'denied') throw new GitHubUnavailableError(`cannot read the members of team ${org}/${slug}`, 'permission')
      return t
    },
    async deployments(q, page = 1) {
      call(`deployments ${q.environment} ${q.sha ?? '-'} ${q.task ?? '-'} ${page}`)
      const all = (d.deployments ?? [])
        .filter((x) => x.environment.toLowerCase() === q.environment.toLowerCase() && (!q.sha || x.sha === q.sha) && (!q.task || x.task === q.task))
        .sort((a, b) => b.created_at.localeCompare(a.created_at) || b.id - a.id)
      const rows = all.slice((page - 1) * 100, page * 100).map(({ statuses: _s, ...rest }) => rest)
      return { deployments: rows, more: all.length > page * 100 }
    },
    async deploymentStatuses(id) {
      call(`deploymentStatuses ${id}`)
      return d.deployments?.find((x) => x.id === id)?.statuses ?? []
    },
    async compare(base, head) {
      call(`compare ${base}...${head}`)
      return d.comparisons?.[`${base}...${head}`] ?? null
    },
    async environment(name) {
      call(`environment ${name}`)
      const e = d.environments?.[name.toLowerCase()]
      if (!e) return null
      const { branch_policies: _b, custom_rules: _c, ...settings } = e
      return settings
    },
    async deploymentBranchPolicies(name) {
      call(`deploymentBranchPolicies ${name}`)
      return d.environments?.[name.toLowerCase()]?.branch_policies ?? []
    },
    async codeScanningAlerts(ref, tool) {
      call(`codeScanningAlerts ${ref} ${tool ?? '-'}`)
      return d.codeScanning?.[ref] ?? { kind: 'no-analysis', message: 'no analysis found' }
    },
    async customProtectionRules(name) {
      call(`customProtectionRules ${name}`)
      return d.environments?.[name.toLowerCase()]?.custom_rules ?? []
    },
  }
}

let nextId = 1
export function checkRun(name: string, conclusion: string | null, started_at: string | null = '2026-11-01T10:00:00Z', id = nextId++): CheckRunInfo {
  return { id, name, status: conclusion === null ? 'in_progress' : 'completed', conclusion, started_at, completed_at: conclusion ? started_at : null, app_slug: 'github-actions' }
}

export function review(user: string, state: string, submitted_at: string, commit_id = HEAD, id = nextId++): ReviewInfo {
  return { id, user, state, submitted_at, commit_id }
}

export function parseMatrix(yamlText: string, path = 'gate-matrix.yml'): LoadedMatrix {
  const doc = parsePositioned(path, yamlText)
  if (doc.problems.length) throw new Error(JSON.stringify(doc.problems))
  return { path, digest: 'sha256:test', spec: doc.value as MatrixSpec, doc }
}

/** A pull-request run (PR 7, base OLD, head HEAD), no API unless given, on 2026-11-20. */
export function runContext(o: RunOverrides = {}): RunContext {
  return runOf({
    root: '/nonexistent',
    matrixPath: 'gate-matrix.yml',
    today: '2026-11-20',
    apiUnavailableReason: 'no GITHUB_TOKEN: gates that need the GitHub API are missing',
    selfCheckName: 'gate-matrix',
    ...o,
    github: {
      event_name: 'pull_request',
      sha: 'c'.repeat(40),
      ref: 'refs/pull/7/merge',
      repository: 'o/r',
      pr_number: 7,
      base_ref: 'main',
      head_ref: 'feature',
      base_sha: OLD,
      head_sha: HEAD,
      actor: 'dev',
      ...o.github,
    },
  })
}

/** Context for the assertion at gates[0].assert[0] of `matrix`. */
export function assertionContext(matrix: LoadedMatrix, run: RunContext, kind: string): AssertionContext {
  const declaredPath = ['gates', 0, 'assert', 0, kind]
  return {
    repo: new RepoReader(process.cwd()),
    matrix,
    run,
    environment: { name: 'production' },
    gateId: 'g',
    declaredAt: matrix.doc.locate(declaredPath).location,
    declaredPath,
  }
}
