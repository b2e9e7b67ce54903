// Start-up (items 5 and 6 of the bench). The tiny repository they run on (the issue's "a run on a tiny
// repository"): two environments, one gate of each everyday kind (a data value matched by a
// pattern, a file's text, a workflow's triggers, a README's links), one workflow, one README.
// What a start costs is measured here; this repository's own example (which checks 300 KB of
// docs) is reported beside it as the work of `npm start`, not as start-up.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { median, runNode } from './measure.mjs'

const RUNS = 7

export const TINY_MATRIX = 'gate-matrix.yml'

const FILES = {
  [TINY_MATRIX]: `version: 1
owner: platform
recovery: README.md#rollback
environments:
  staging: { branch: main }
  production: { branch: main, after: [staging] }
gates:
  - id: runtime-pinned
    family: artifact-image
    artifact: package.json
    assert:
      - data: { file: package.json, path: engines.node, matches: '^>=20' }
      - file: { path: README.md, contains: '^## Rollback' }
  - id: deploy-workflow
    family: source-promotion
    artifact: .github/workflows/deploy.yml
    assert:
      - workflow: { file: .github/workflows/deploy.yml, triggers: [workflow_dispatch] }
  - id: readme-links
    family: docs
    artifact: README.md
    assert:
      - docs: { files: README.md, references_exist: links }
`,
  'package.json': '{ "name": "tiny", "version": "1.0.0", "engines": { "node": ">=20" } }\n',
  'README.md': '# tiny\n\nDeployed by [the deploy workflow](.github/workflows/deploy.yml).\n\n## Rollback\n\nRe-run the deploy of the previous tag.\n',
  '.github/workflows/deploy.yml': `name: deploy
on: { workflow_dispatch: {} }
permissions: { contents: read }
jobs:
  deploy:
    runs-on: ubuntu-latest
    environment: production
    steps:
      - uses: actions/checkout@v4
      - run: ./deploy.sh
`,
}

/** Writes the tiny repository under `dir`; returns `dir`. */
export function writeTinyRepository(dir) {
  for (const [rel, text] of Object.entries(FILES)) {
    mkdirSync(dirname(join(dir, rel)), { recursive: true })
    writeFileSync(join(dir, rel), text)
  }
  return dir
}

/** The environment both start-up measures run in: a runner's (PATH, HOME, nothing of this
 * shell's NODE_* or *_CA_CERTS, which change what a bare node start costs). */
export function startEnv(extra = {}) {
  return { PATH: process.env.PATH, HOME: process.env.HOME, ...extra }
}

/**
 * `runs` timed starts of `node <args>` interleaved with `node -e 0` in the same environment,
 * after one untimed run of each (the file cache warm, as a runner's second step finds it).
 */
export async function startRatio(args, { tmp, cwd, env, runs = RUNS }) {
  const bare = []
  const started = []
  await runNode(['-e', '0'], { tmp, cwd, env })
  let last = await runNode(args, { tmp, cwd, env })
  for (let i = 0; i < runs; i++) {
    bare.push((await runNode(['-e', '0'], { tmp, cwd, env })).wallMs)
    last = await runNode(args, { tmp, cwd, env })
    started.push(last.wallMs)
  }
  const nodeMs = median(bare)
  const ms = median(started)
  return { runs, node_ms: Math.round(nodeMs), ms: Math.round(ms), ratio: Number((ms / nodeMs).toFixed(2)), last }
}

/**
 * The CLI's check (as `npm start` runs it) on the tiny repository, and on this repository's
 * example. The CLI keeps V8's code cache in XDG_CACHE_HOME (src/cli/start.ts): here a new folder,
 * which the untimed first run fills, as a developer's first run does; the same start without
 * the cache (NODE_DISABLE_COMPILE_CACHE) is reported beside it.
 */
export async function benchCliStart({ root, cli, tmp }) {
  const tiny = writeTinyRepository(join(tmp, 'tiny-cli'))
  const env = startEnv({ XDG_CACHE_HOME: join(tmp, 'cli-cache') })
  const on = async (cwd, matrix, extra = {}) => {
    const r = await startRatio([cli, 'check', '--matrix', matrix, '--now', '2026-11-01'], { tmp, cwd, env: { ...env, ...extra } })
    return { runs: r.runs, node_ms: r.node_ms, cli_ms: r.ms, ratio: r.ratio, exit_code: r.last.code }
  }
  const result = await on(tiny, TINY_MATRIX)
  return {
    ...result,
    target: result.ratio <= 4 ? 'PASS' : 'MISS',
    no_cache: await on(tiny, TINY_MATRIX, { NODE_DISABLE_COMPILE_CACHE: '1' }),
    example: await on(root, 'gate-matrix.example.yml'),
  }
}
