// Runs dist/index.js the way a runner does: a child process in GITHUB_WORKSPACE with the
// runner's environment variables, INPUT_<NAME> inputs, an event payload file, and files
// for GITHUB_OUTPUT and GITHUB_STEP_SUMMARY. The node binary is GATE_MATRIX_TEST_NODE
// (default: this one), so the same tests run under Node 24, GitHub's node24 runtime.
import { execFileSync, spawn } from 'node:child_process'
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { writeTree } from '../support/gates.js'

export const ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
export const DIST = join(ROOT, 'dist', 'index.js')
export const NODE = process.env.GATE_MATRIX_TEST_NODE || process.execPath

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, entry.name)
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : statSync(p).mtimeMs)
  }
  return newest
}

/** Builds dist/ when it is missing or older than src/ (CI builds first, so it is fresh there).
 * GATE_MATRIX_TEST_NO_BUILD=1 only insists that dist/index.js exists. */
export function ensureBuilt(): void {
  const stale = !existsSync(DIST) || statSync(DIST).mtimeMs < newestMtime(join(ROOT, 'src'))
  if (!stale) return
  if (process.env.GATE_MATRIX_TEST_NO_BUILD === '1') {
    if (!existsSync(DIST)) throw new Error('dist/index.js is missing: run `npm run build` first')
    return
  }
  execFileSync(process.execPath, [join(ROOT, 'scripts', 'build.mjs')], { cwd: ROOT, stdio: 'inherit' })
}

/** Example payloads from @octokit/webhooks-examples (real deliveries). */
export function examplePayload(event: string, pick: (p: Record<string, unknown>) => boolean = () => true): Record<string, unknown> {
  const index = JSON.parse(readFileSync(join(ROOT, 'node_modules/@octokit/webhooks-examples/api.github.com/index.json'), 'utf8')) as Array<{
    name: string
    examples: Array<Record<string, unknown>>
  }>
  const found = index.find((e) => e.name === event)?.examples.find(pick)
  if (!found) throw new Error(`no ${event} example payload`)
  return structuredClone(found)
}

export interface ActionRun {
  code: number | null
  stdout: string
  stderr: string
  outputs: Record<string, string>
  summary: string
  runnerTemp: string
}

export interface RunOptions {
  workspace: string
  eventName: string
  payload: Record<string, unknown>
  repository: string
  apiUrl: string
  inputs?: Record<string, string>
  env?: Record<string, string>
  /** Kill the run after this long (code null): a hang must not hang the test run. */
  timeoutMs?: number
}

function parseOutputs(text: string): Record<string, string> {
  const out: Record<string, string> = {}
  const re = /^([^<\n]+)<<(\S+)\n([\s\S]*?)\n\2$/gm
  for (const m of text.matchAll(re)) out[m[1]] = m[3]
  return out
}

export async function runAction(o: RunOptions): Promise<ActionRun> {
  const home = mkdtempSync(join(tmpdir(), 'gm-runner-'))
  const runnerTemp = join(home, 'temp')
  mkdirSync(runnerTemp)
  const eventPath = join(home, 'event.json')
  writeFileSync(eventPath, JSON.stringify(o.payload))
  const outputFile = join(home, 'output')
  const summaryFile = join(home, 'summary')
  writeFileSync(outputFile, '')
  writeFileSync(summaryFile, '')
  const inputs: Record<string, string> = { token: 'ghs_test_token', 'upload-evidence': 'false', ...o.inputs }
  const env: Record<string, string> = {
    PATH: process.env.PATH ?? '',
    HOME: home,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_WORKSPACE: o.workspace,
    GITHUB_EVENT_NAME: o.eventName,
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_REPOSITORY: o.repository,
    GITHUB_SHA: 'f'.repeat(40),
    GITHUB_REF: 'refs/heads/main',
    GITHUB_API_URL: o.apiUrl,
    GITHUB_SERVER_URL: 'https://github.com',
    GITHUB_OUTPUT: outputFile,
    GITHUB_STEP_SUMMARY: summaryFile,
    GITHUB_RUN_ID: '9001',
    GITHUB_RUN_ATTEMPT: '2',
    GITHUB_ACTOR: 'octocat',
    RUNNER_TEMP: runnerTemp,
    RUNNER_OS: 'Linux',
    RUNNER_NAME: 'test-runner',
    GATE_MATRIX_RETRY_BASE_MS: '1',
    GATE_MATRIX_RETRY_MAX_MS: '20',
    ...Object.fromEntries(Object.entries(inputs).map(([k, v]) => [`INPUT_${k.replace(/ /g, '_').toUpperCase()}`, v])),
    ...o.env,
  }
  const child = spawn(NODE, [DIST], { cwd: o.workspace, env, stdio: ['ignore', 'pipe', 'pipe'] })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  // A hung run is killed (default 45 s), so a regression fails the test instead of outliving it.
  const timer = setTimeout(() => child.kill('SIGKILL'), o.timeoutMs ?? 45_000)
  const code = await new Promise<number | null>((resolve) => child.on('close', resolve))
  clearTimeout(timer)
  return { code, stdout, stderr, outputs: parseOutputs(readFileSync(outputFile, 'utf8')), summary: readFileSync(summaryFile, 'utf8'), runnerTemp }
}

/** A repository checkout in a temp dir (no .git: the base matrix comes from the API). */
export function workspace(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'gm-ws-'))
  writeTree(dir, files)
  return dir
}
