// Issue 3's part of the bench: the action (dist/index.js) started as a runner starts it.
//   benchColdStart: on a tiny repository (startup.mjs), to exit, against `node -e 0`; and on
//   this repository's gate-matrix.example.yml, for reference.
//   benchApiRequests: one pull_request run on a 3,000-file PR with 500 findings, against a
//   loopback GitHub stand-in that counts the requests.
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { startGitHubStub } from './github-stub.mjs'
import { runNode } from './measure.mjs'
import { startRatio, TINY_MATRIX, writeTinyRepository } from './startup.mjs'

const PR_FILES = 3000
const FINDINGS = { scripts: 10, linesPerScript: 30, docs: 10, brokenPerDoc: 20 } // 300 + 200 = 500
const HEAD_SHA = '1'.repeat(40)
const BASE_SHA = '2'.repeat(40)

/** Why the action cannot be benched yet, or null. */
function notReady(root, needExample) {
  const missing = ['action.yml', 'dist/index.js', ...(needExample ? ['gate-matrix.example.yml'] : [])].filter((f) => !existsSync(join(root, f)))
  return missing.length ? `the action is not built yet (missing ${missing.join(', ')})` : null
}

/** The environment a runner gives a step: nothing of this process's GITHUB_* or INPUT_*. */
function runnerEnv(dir, extra) {
  mkdirSync(dir, { recursive: true })
  for (const f of ['output', 'summary']) writeFileSync(join(dir, f), '')
  return {
    PATH: process.env.PATH,
    HOME: process.env.HOME,
    CI: 'true',
    GITHUB_ACTIONS: 'true',
    GITHUB_REPOSITORY: 'bench/synthetic',
    GITHUB_SHA: HEAD_SHA,
    GITHUB_REF: 'refs/heads/main',
    GITHUB_RUN_ID: '1000',
    GITHUB_RUN_ATTEMPT: '1',
    GITHUB_ACTOR: 'octo',
    GITHUB_SERVER_URL: 'https://github.com',
    // Nothing listens on port 9: a request the run was not meant to make fails at once.
    GITHUB_API_URL: 'http://127.0.0.1:9',
    GITHUB_OUTPUT: join(dir, 'output'),
    GITHUB_STEP_SUMMARY: join(dir, 'summary'),
    RUNNER_TEMP: dir,
    RUNNER_OS: 'Linux',
    'INPUT_UPLOAD-EVIDENCE': 'false',
    GATE_MATRIX_RETRY_BASE_MS: '10',
    GATE_MATRIX_RETRY_MAX_MS: '100',
    ...extra,
  }
}

/** Outputs written through GITHUB_OUTPUT (`name<<delimiter` blocks). */
function readOutputs(file) {
  const out = {}
  const lines = readFileSync(file, 'utf8').split('\n')
  for (let i = 0; i < lines.length; i++) {
    const m = /^([^<=]+)<<(.+)$/.exec(lines[i])
    if (m) {
      const value = []
      for (i++; i < lines.length && lines[i] !== m[2]; i++) value.push(lines[i])
      out[m[1]] = value.join('\n')
    } else if (lines[i].includes('=')) {
      const at = lines[i].indexOf('=')
      out[lines[i].slice(0, at)] = lines[i].slice(at + 1)
    }
  }
  return out
}

const excerpt = (r) => (r.stdout + r.stderr).trim().split('\n').slice(-5).join(' | ').slice(0, 400)

/** The action on the tiny repository (the target) and on this repository's example. */
export async function benchColdStart({ root, tmp, log }) {
  const why = notReady(root, true)
  if (why) return { skipped: why }
  const event = join(tmp, 'schedule-event.json')
  writeFileSync(event, JSON.stringify({ schedule: '0 6 * * 1', repository: { full_name: 'bench/synthetic' } }))
  const on = async (name, workspace, matrix) => {
    const env = runnerEnv(join(tmp, `cold-start-${name}`), { GITHUB_WORKSPACE: workspace, GITHUB_EVENT_NAME: 'schedule', GITHUB_EVENT_PATH: event, INPUT_MATRIX: matrix })
    const r = await startRatio([join(root, 'dist', 'index.js')], { tmp, cwd: workspace, env })
    log(`  action on the ${name} repository: exit ${r.last.code}`)
    const ok = r.last.code === 0 || r.last.code === 1
    return { runs: r.runs, node_ms: r.node_ms, action_ms: r.ms, ratio: r.ratio, exit_code: r.last.code, ...(ok ? {} : { output: excerpt(r.last) }) }
  }
  const result = await on('tiny', writeTinyRepository(join(tmp, 'tiny-action')), TINY_MATRIX)
  return { ...result, target: result.ratio <= 6 ? 'PASS' : 'MISS', example: await on('example', root, 'gate-matrix.example.yml') }
}

/** A workspace whose matrix gives FINDINGS' 500 findings in one environment. */
function writeFindingsWorkspace(dir) {
  const write = (rel, text) => {
    mkdirSync(join(dir, rel, '..'), { recursive: true })
    writeFileSync(join(dir, rel), text)
  }
  for (let s = 0; s < FINDINGS.scripts; s++) {
    const lines = ['#!/usr/bin/env bash', 'set -euo pipefail']
    for (let l = 0; l < FINDINGS.linesPerScript; l++) lines.push(`./tools/sync-${l}.sh || true`)
    write(`scripts/legacy/job-${s}.sh`, lines.join('\n') + '\n')
  }
  for (let d = 0; d < FINDINGS.docs; d++) {
    const lines = [`# Runbook ${d}`, '']
    for (let r = 0; r < FINDINGS.brokenPerDoc; r++) lines.push(`- Run \`scripts/removed/step-${d}-${r}.sh\` first.`)
    write(`docs/runbooks/runbook-${d}.md`, lines.join('\n') + '\n')
  }
  const matrix = [
    'version: 1',
    'owner: release-engineering',
    'environments:',
    '  staging: { branch: main }',
    '  production: { branch: main }',
    'gates:',
    '  - id: legacy-scripts-no-bypass',
    '    family: source-promotion',
    '    artifact: scripts/legacy/job-0.sh',
    '    environments: [production]',
    '    assert:',
    "      - file: { path: 'scripts/legacy/*.sh', not_contains: '\\|\\|\\s*true' }",
    '  - id: runbook-references',
    '    family: runbooks',
    '    artifact: docs/runbooks/runbook-0.md',
    '    environments: [production]',
    '    assert:',
    "      - docs: { files: 'docs/runbooks/*.md', references_exist: true }",
    '',
  ].join('\n')
  write('gate-matrix.yml', matrix)
  return matrix
}

export async function benchApiRequests({ root, tmp, log }) {
  const why = notReady(root, false)
  if (why) return { skipped: why }
  const workspace = join(tmp, 'pr-workspace')
  const matrixText = writeFindingsWorkspace(workspace)
  const event = join(tmp, 'pull-request-event.json')
  writeFileSync(
    event,
    JSON.stringify({
      action: 'synchronize',
      number: 42,
      pull_request: {
        number: 42,
        changed_files: PR_FILES,
        user: { login: 'octo' },
        head: { sha: HEAD_SHA, ref: 'feature', repo: { full_name: 'bench/synthetic' } },
        base: { sha: BASE_SHA, ref: 'main', repo: { full_name: 'bench/synthetic' } },
      },
      repository: { full_name: 'bench/synthetic', name: 'synthetic', owner: { login: 'bench' } },
    }),
  )
  const stub = await startGitHubStub({ prFiles: PR_FILES, matrixText, headSha: HEAD_SHA, baseSha: BASE_SHA })
  try {
    const dir = join(tmp, 'api-run')
    const env = runnerEnv(dir, {
      GITHUB_WORKSPACE: workspace,
      GITHUB_EVENT_NAME: 'pull_request',
      GITHUB_EVENT_PATH: event,
      GITHUB_SHA: '3'.repeat(40),
      GITHUB_REF: 'refs/pull/42/merge',
      GITHUB_API_URL: stub.url,
      INPUT_TOKEN: 'bench-token',
      INPUT_MATRIX: 'gate-matrix.yml',
    })
    const r = await runNode([join(root, 'dist', 'index.js')], { tmp, cwd: workspace, env })
    log(`  action exit ${r.code}`)
    const outputs = readOutputs(join(dir, 'output'))
    let findings = null
    const evidencePath = outputs['evidence-path']
    if (evidencePath && existsSync(evidencePath)) {
      // Distinct findings: one per gate, code and place, however many environments share it.
      const seen = new Set()
      const evidence = JSON.parse(readFileSync(evidencePath, 'utf8'))
      for (const env of evidence.environments ?? []) {
        for (const g of env.gates ?? []) {
          for (const f of g.findings ?? []) seen.add(`${g.gate_id}|${f.code}|${f.location.path}:${f.location.line ?? ''}:${f.location.column ?? ''}`)
        }
      }
      findings = seen.size
    }
    const requests = stub.total()
    const limit = PR_FILES / 100 + (findings ?? 500) / 50 + 6
    return {
      pr_files: PR_FILES,
      findings,
      annotations: stub.annotations(),
      requests,
      limit,
      by_route: stub.counts,
      exit_code: r.code,
      ...(r.code === 0 || r.code === 1 ? {} : { output: excerpt(r) }),
      target: requests <= limit ? 'PASS' : 'MISS',
    }
  } finally {
    await stub.close()
  }
}
