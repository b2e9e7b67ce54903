// CLI parity (issue 4): `gate-matrix check` with GITHUB_TOKEN + GITHUB_API_URL + --repo
// and --pr evaluates the GitHub-state gates through the same adapter as the action, and
// its evidence equals the action's check run for the same event, byte for byte.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { checkMode } from '../../src/action/check.js'
import { readEventContext, readRunnerEnv } from '../../src/action/context.js'
import type { ActionInputs } from '../../src/action/inputs.js'
import { main } from '../../src/cli/main.js'
import { canonicalJson } from '../../src/core/canonical-json.js'
import type { Evidence } from '../../src/evidence/types.js'
import { createGitHubClient } from '../../src/github/client.js'
import { startGitHubApi } from '../helpers/github-api-server.js'
import type { GitHubApi } from '../helpers/github-api-server.js'
import { checkRun, commitStatus, paged, pull, pullReview, user } from '../fixtures/github-state/api.js'

const HEAD = 'a'.repeat(40)
const BASE = 'b'.repeat(40)
const MERGE = 'c'.repeat(40)
const TODAY = '2026-11-20'
const CHECK_NAME = 'Deployment gates'

const MATRIX = `version: 1
owners: [alice, acme/release]
environments:
  staging: { branch: main }
  production: { branch: main }
gates:
  - id: required-checks
    family: ci
    assert:
      - checks: { names: [build, ci/lint, "${CHECK_NAME}"] }
  - id: approvals
    family: review
    assert:
      - reviews: { approvals: 2, groups: { release: [acme/release] }, dismiss_stale: true }
  - id: prior
    family: ci
    environments: [production]
    assert:
      - prior_validation: { check: full-validation }
`

const PAYLOAD = {
  action: 'synchronize',
  number: 7,
  pull_request: { number: 7, user: { login: 'dev' }, head: { sha: HEAD, ref: 'feature' }, base: { sha: BASE, ref: 'main' }, changed_files: 2 },
  repository: { full_name: 'o/r' },
  sender: { login: 'dev' },
}

let api: GitHubApi
let root: string
let temp: string
let eventPath: string

beforeAll(async () => {
  temp = mkdtempSync(join(tmpdir(), 'gm-'))
  root = join(temp, 'repo')
  mkdirSync(join(root, 'website'), { recursive: true })
  writeFileSync(join(root, 'gate-matrix.yml'), MATRIX)
  writeFileSync(join(root, 'website/index.html'), '<h1>hi</h1>\n')
  eventPath = join(temp, 'event.json')
  writeFileSync(eventPath, JSON.stringify(PAYLOAD))
  const url = () => api.url
  api = await startGitHubApi({
    handlers: {
      'GET /repos/{owner}/{repo}/pulls/{pull_number}': () => ({ body: pull(7, 'dev', HEAD, BASE) }),
      'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': paged(url, [
        { sha: HEAD, filename: 'gate-matrix.yml', status: 'modified', additions: 1, deletions: 0, changes: 1 },
        { sha: HEAD, filename: 'website/index.html', status: 'modified', additions: 1, deletions: 0, changes: 1 },
      ]),
      'GET /repos/{owner}/{repo}/contents/{path}': () => ({ body: MATRIX }),
      'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': paged(
        url,
        [checkRun('build', 'failure', '2026-11-01T09:00:00Z'), checkRun('build', 'success', '2026-11-01T10:00:00Z'), checkRun(CHECK_NAME, 'success')],
        'check_runs',
      ),
      'GET /repos/{owner}/{repo}/commits/{ref}/statuses': paged(url, [commitStatus('ci/lint', 'success')]),
      'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': paged(url, [pullReview('bob', 'APPROVED', HEAD), pullReview('alice', 'APPROVED', BASE), pullReview('dev', 'APPROVED', HEAD)]),
      'GET /orgs/{org}/teams/{team_slug}/members': () => ({ body: [user('bob')] }),
    },
  })
})

afterAll(async () => {
  await api.close()
  rmSync(temp, { recursive: true, force: true })
})

async function viaCli(): Promise<{ code: number; evidence: Evidence; stderr: string }> {
  let stdout = ''
  let stderr = ''
  const code = await main(['check', '--root', root, '--format', 'json', '--now', TODAY, '--event', eventPath, '--event-name', 'pull_request', '--repo', 'o/r', '--pr', '7'], {
    stdout: (t) => void (stdout += t),
    stderr: (t) => void (stderr += t),
    env: { GITHUB_TOKEN: 't0k', GITHUB_API_URL: api.url, GATE_MATRIX_CHECK_NAME: CHECK_NAME },
    isTTY: false,
  })
  return { code, evidence: JSON.parse(stdout) as Evidence, stderr }
}

async function viaAction(): Promise<Evidence> {
  const runner = readRunnerEnv({
    GITHUB_EVENT_NAME: 'pull_request',
    GITHUB_EVENT_PATH: eventPath,
    GITHUB_SHA: MERGE,
    GITHUB_REF: 'refs/pull/7/merge',
    GITHUB_REPOSITORY: 'o/r',
    GITHUB_WORKSPACE: root,
    GITHUB_API_URL: api.url,
    RUNNER_TEMP: temp,
  })
  const inputs: ActionInputs = {
    mode: 'check',
    matrix: 'gate-matrix.yml',
    environments: [],
    profile: null,
    token: 't0k',
    checkName: CHECK_NAME,
    uploadEvidence: false,
    evidenceName: null,
    matrixSource: null,
    evidenceFiles: [],
    live: false,
  }
  const client = createGitHubClient({ token: inputs.token, baseUrl: runner.apiUrl })
  return (await checkMode(inputs, readEventContext(runner), client, root, new Date(`${TODAY}T00:00:00Z`))).evidence
}

describe('CLI parity for GitHub-state gates', () => {
  it('the CLI with a token, --repo and --pr gives the action\'s evidence, digest included', async () => {
    const cli = await viaCli()
    const action = await viaAction()
    expect(cli.stderr).toBe('')
    expect(api.violations).toEqual([])
    expect(canonicalJson(cli.evidence)).toBe(canonicalJson(action))
    expect(cli.evidence.digest).toBe(action.digest)

    // The gates really went through the API: not missing for want of a token.
    const results = Object.fromEntries(cli.evidence.environments.flatMap((e) => e.gates.map((g) => [`${e.environment_profile}/${g.gate_id}`, g.result])))
    expect(results).toMatchObject({ 'staging/required-checks': 'missing', 'staging/approvals': 'fail', 'production/prior': 'missing' })
    const codes = cli.evidence.blockers.map((b) => `${b.gate_id}:${b.code}`).sort()
    expect(new Set(codes)).toEqual(new Set(['approvals:APPROVALS_INSUFFICIENT', 'required-checks:CHECK_MISSING', 'prior:PRIOR_VALIDATION_MISSING']))
    // bob, a member of the owner team acme/release, approved the matrix change.
    expect(cli.evidence.repository.gates.find((g) => g.gate_id === 'gate-matrix/matrix-owners')?.result).toBe('pass')
    expect(cli.code).toBe(1)
  })
})
