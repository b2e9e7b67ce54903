// The synthetic repository of the benchmark: deterministic (seeded) content shaped like a
// real deployment repository, at the scale issue 2 asks for: 2,000 workflows, 50
// environments, 500 gates over every repository assertion kind, docs with 5,000
// references, JSON/YAML/.env data files, and a changed-files list.
import { mkdirSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { stringify } from 'yaml'

export const DEFAULT_SCALE = { workflows: 2000, environments: 50, gates: 500, docReferences: 5000, seed: 20261101 }

/** The repository kinds, in the order gates are dealt to them. */
export const GATE_KINDS = ['file', 'data', 'workflow', 'docs', 'changes', 'ref', 'override', 'threshold']

const TIERS = ['dev', 'qa', 'staging', 'uat', 'production']
const SERVICES = ['portal', 'website', 'api', 'worker', 'search', 'billing', 'auth', 'media']
const FAMILIES = ['source-promotion', 'dns-tls-edge', 'schema-seed', 'runbooks', 'secrets-pki', 'rollback', 'observability']
const SCRIPTS = 120

/** mulberry32: small, fast, good enough to pick content deterministically. */
function prng(seed) {
  let a = seed >>> 0
  return () => {
    a = (a + 0x6d2b79f5) >>> 0
    let t = a
    t = Math.imul(t ^ (t >>> 15), t | 1)
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61)
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
}

const pad = (n, w = 4) => String(n).padStart(w, '0')

/**
 * Writes the repository under `root` and returns what the bench needs to know about it.
 * @returns {{ files: number, environments: string[], gates: number, docReferences: number,
 *   matrixPath: string, changedFilesPath: string, eventPath: string, parsedFiles: string[] }}
 */
export function generateRepository(root, scale = DEFAULT_SCALE) {
  const rand = prng(scale.seed)
  const pick = (list) => list[Math.floor(rand() * list.length)]
  const int = (lo, hi) => lo + Math.floor(rand() * (hi - lo + 1))
  const sample = (list, n) => {
    const copy = [...list]
    for (let i = copy.length - 1; i > 0; i--) {
      const j = Math.floor(rand() * (i + 1))
      ;[copy[i], copy[j]] = [copy[j], copy[i]]
    }
    return copy.slice(0, n).sort()
  }

  let written = 0
  /** Every YAML/JSON file the check will parse (the bare-parse baseline reads the same). */
  const parsedFiles = []
  const write = (rel, text) => {
    const abs = join(root, rel)
    mkdirSync(dirname(abs), { recursive: true })
    writeFileSync(abs, text)
    written++
    if (/\.(ya?ml|json)$/.test(rel)) parsedFiles.push(rel)
  }

  // Environments: tiers × regions, with hosts, callbacks, overrides and rollback facts.
  const envNames = []
  const environments = {}
  for (let i = 0; i < scale.environments; i++) {
    const tier = TIERS[i % TIERS.length]
    const name = `${tier}-${pad(Math.floor(i / TIERS.length) + 1, 2)}`
    envNames.push(name)
    const env = {
      description: `${tier} in region ${pad(i, 2)}`,
      branch: tier === 'production' || tier === 'uat' ? 'release' : 'main',
      hosts: { portal: `${name}-portal.example.com`, website: `${name}.example.com`, api: `api.${name}.example.com` },
      callbacks: [`https://${name}-portal.example.com/auth/callback`],
      posture: tier === 'production' ? 'read-only' : 'read-write',
      vars: { region: `r${pad(i, 2)}`, min_replicas: tier === 'production' ? 3 : 1 },
    }
    if (tier !== 'production') env.overrides = { skip_parity: { acknowledgement: `I_ACCEPT_PARITY_SKIP_${name.toUpperCase()}` } }
    if (tier === 'production' || tier === 'uat') {
      env.rollback = { command: 'scripts/rollback-0001.sh', manifest_or_revision: 'release/manifest.json', migration_posture: 'forward_only', owner: 'sre' }
    }
    if (i >= TIERS.length) env.after = [envNames[i - TIERS.length]]
    environments[name] = env
  }

  // Scripts the workflows run and the docs cite.
  for (let i = 1; i <= SCRIPTS; i++) {
    const lines = ['#!/usr/bin/env bash', 'set -euo pipefail', `# ${pick(SERVICES)} helper ${i}`]
    for (let l = 0; l < int(10, 30); l++) lines.push(`echo "step ${l} of ${pick(SERVICES)}" >&2`)
    write(`scripts/${i % 3 === 0 ? 'rollback' : 'deploy'}-${pad(i)}.sh`, lines.join('\n') + '\n')
  }
  const scriptPath = (i) => `scripts/${i % 3 === 0 ? 'rollback' : 'deploy'}-${pad(i)}.sh`
  write('release/manifest.json', JSON.stringify({ version: '2026.11.1', services: SERVICES }, null, 2) + '\n')

  // Workflows: triggers, dispatch inputs, jobs with environments, `run: |` blocks. A few
  // carry the drift the gates exist for (`|| true`, continue-on-error, an undeclared env).
  const workflows = []
  for (let w = 0; w < scale.workflows; w++) {
    const service = SERVICES[w % SERVICES.length]
    const path = `.github/workflows/deploy-${service}-${pad(w)}.yml`
    const smokeEnv = envNames[w % envNames.length]
    const options = sample(envNames, int(3, 8))
    const bypass = rand() < 0.02
    const undeclared = rand() < 0.01
    const lines = [
      `name: Deploy ${service} ${w}`,
      'on:',
      '  push:',
      '    branches: [main]',
      `    paths: ['apps/${service}/**', '${path}']`,
      '  pull_request:',
      '    branches: [main, release]',
      '  workflow_dispatch:',
      '    inputs:',
      '      target_environment:',
      '        description: Environment to deploy to',
      '        type: choice',
      '        required: true',
      `        options: [${options.join(', ')}]`,
      '      skip_parity:',
      '        description: Skip the parity gate (needs an acknowledgement)',
      '        type: boolean',
      '        default: false',
      '      parity_ack:',
      '        type: string',
      '        required: false',
      'permissions:',
      '  contents: read',
      '  id-token: write',
      'concurrency:',
      `  group: deploy-${service}-${w}-\${{ github.ref }}`,
      '  cancel-in-progress: false',
      'env:',
      `  SERVICE: ${service}`,
      `  NODE_VERSION: '${pick(['20', '22', '24'])}'`,
      'jobs:',
      '  build:',
      '    runs-on: ubuntu-latest',
      '    timeout-minutes: 20',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - uses: actions/setup-node@v4',
      '        with:',
      '          node-version: ${{ env.NODE_VERSION }}',
      '          cache: npm',
      '      - name: Install and build',
      '        run: |',
      '          npm ci --no-audit',
      `          npm run build --workspace apps/${service}`,
      `          tar -czf ${service}.tgz apps/${service}/dist`,
      '      - name: Test',
      '        run: |',
      `          npm test --workspace apps/${service} -- --ci --coverage`,
      `          node scripts/check-coverage.mjs apps/${service}/coverage/coverage-summary.json${bypass ? ' || true' : ''}`,
      '      - uses: actions/upload-artifact@v4',
      '        with:',
      `          name: ${service}-build`,
      `          path: ${service}.tgz`,
      '  smoke:',
      '    needs: build',
      '    runs-on: ubuntu-latest',
      `    environment: ${undeclared ? `sandbox-${pad(w)}` : smokeEnv}`,
      ...(rand() < 0.01 ? ['    continue-on-error: true'] : []),
      '    env:',
      `      BASE_URL: https://${environments[smokeEnv].hosts.portal}`,
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - name: Smoke test',
      '        run: |',
      '          set -euo pipefail',
      '          curl -fsS --retry 3 "$BASE_URL/healthz"',
      `          npx playwright test --project=${service} --reporter=line`,
      '  deploy:',
      '    needs: smoke',
      '    if: github.event_name == \'workflow_dispatch\'',
      '    runs-on: ubuntu-latest',
      '    environment: ${{ inputs.target_environment }}',
      '    steps:',
      '      - uses: actions/checkout@v4',
      '      - name: Deploy',
      '        env:',
      '          TARGET: ${{ inputs.target_environment }}',
      '        run: |',
      `          ./${scriptPath(1 + (w % SCRIPTS))} "$TARGET"`,
      `          echo "deployed ${service} to $TARGET" >> "$GITHUB_STEP_SUMMARY"`,
    ]
    write(path, lines.join('\n') + '\n')
    workflows.push({ path, service, smokeEnv, options })
  }

  // Per-environment data: JSON config, YAML values, a .env file.
  for (const name of envNames) {
    const env = environments[name]
    const config = { environment: name, hosts: env.hosts, replicas: env.vars.min_replicas + int(0, 2), features: { parity: true, beta: rand() < 0.3 } }
    write(`deploy/${name}/config.json`, JSON.stringify(config, null, 2) + '\n')
    write(`deploy/${name}/values.yaml`, stringify({ image: { tag: `2026.11.${int(1, 30)}` }, replicas: config.replicas, ingress: { hosts: [env.hosts.portal, env.hosts.website] } }))
    write(`deploy/${name}/.env`, `# ${name}\nAPP_ENV=${name}\nREAD_ONLY=${env.posture === 'read-only'}\nPORTAL_HOST=${env.hosts.portal}\n`)
  }

  // Gates, dealt round-robin to the kinds; a third apply to every environment.
  const kindCount = (k) => Math.floor(scale.gates / GATE_KINDS.length) + (GATE_KINDS.indexOf(k) < scale.gates % GATE_KINDS.length ? 1 : 0)
  const docsCount = kindCount('docs')
  const thresholdCount = kindCount('threshold')
  const gates = []
  const counters = Object.fromEntries(GATE_KINDS.map((k) => [k, 0]))
  for (let g = 0; g < scale.gates; g++) {
    const kind = GATE_KINDS[g % GATE_KINDS.length]
    const n = counters[kind]++
    const wf = workflows[(g * 7) % workflows.length]
    const gate = { id: `${kind}-${pad(n, 3)}`, family: FAMILIES[g % FAMILIES.length], owner: `team-${g % 12}` }
    if (g % 3 !== 0) gate.environments = sample(envNames, int(5, 20))
    let assertion
    switch (kind) {
      case 'file':
        gate.artifact = n % 2 ? wf.path : scriptPath(1 + (n % SCRIPTS))
        assertion = n % 2
          ? { file: { path: n % 4 === 1 ? wf.path : `.github/workflows/deploy-${wf.service}-0${n % 10}*.yml`, not_contains: '\\|\\|\\s*true' } }
          : { file: { path: scriptPath(1 + (n % SCRIPTS)), contains: '^set -euo pipefail$' } }
        break
      case 'data':
        if (n % 3 === 0) {
          gate.artifact = wf.path
          gate.environments = [wf.smokeEnv]
          assertion = { data: { file: wf.path, path: 'jobs.smoke.env.BASE_URL', equals: 'https://${{ environment.hosts.portal }}' } }
        } else if (n % 3 === 1) {
          gate.artifact = 'release/manifest.json'
          assertion = { data: { file: 'deploy/${{ environment.name }}/config.json', path: 'hosts.portal', equals: '${{ environment.hosts.portal }}' } }
        } else {
          gate.artifact = 'release/manifest.json'
          assertion = n % 2
            ? { data: { file: 'deploy/${{ environment.name }}/values.yaml', path: 'replicas', gte: '${{ environment.vars.min_replicas }}' } }
            : { data: { file: 'deploy/${{ environment.name }}/.env', format: 'env', path: 'APP_ENV', equals: '${{ environment.name }}' } }
        }
        break
      case 'workflow':
        gate.artifact = wf.path
        assertion = {
          workflow: n % 2
            ? { file: wf.path, triggers: ['workflow_dispatch'], dispatch_input: { name: 'target_environment', type: 'choice', options: wf.options }, forbid_continue_on_error: true }
            : { file: `.github/workflows/deploy-${wf.service}-0${n % 10}*.yml`, forbid_run: '\\|\\|\\s*true', max_permissions: { contents: 'read', 'id-token': 'write' } },
        }
        break
      case 'docs':
        gate.artifact = `docs/runbooks/runbook-${pad(n, 3)}.md`
        assertion = { docs: { files: gate.artifact, references_exist: true, headings: ['Rollback', 'When the gate fails'], banned: ['--admin', 'skip the checks'], mentions: ['${{ environment.name }}', { range: [1, 5], format: 'step {n}' }] } }
        break
      case 'changes':
        gate.artifact = wf.path
        gate.when = { changed: [`apps/${wf.service}/prisma/**`, `apps/${wf.service}/schema/**`] }
        assertion = n % 2 ? { changes: { require_changed: [`migrations/${wf.service}/**`, 'fixtures/golden/**'] } } : { changes: { forbid_changed: [`deploy/${envNames[n % envNames.length]}/**`] } }
        break
      case 'ref':
        gate.artifact = wf.path
        assertion = n % 2 ? { ref: {} } : { ref: { branch: ['main', 'release'] } }
        break
      case 'override':
        gate.artifact = wf.path
        assertion = { override: { input: 'skip_parity', ack_input: 'parity_ack' } }
        break
      case 'threshold':
        gate.artifact = `parity/thresholds/svc-${pad(n, 3)}.json`
        assertion = { threshold: { report: `parity/reports/svc-${pad(n, 3)}.json`, thresholds: gate.artifact } }
        break
    }
    gate.assert = [assertion]
    if (g % 10 === 0) gate.recovery = 'docs/runbooks/runbook-000.md#when-the-gate-fails'
    gates.push(gate)
  }

  // Threshold reports and their limits.
  for (let n = 0; n < thresholdCount; n++) {
    const report = { parity: { mismatches: int(0, 12), missing_routes: int(0, 3) }, latency: { p95_ms: int(120, 480) } }
    const limits = { 'parity.mismatches': { max: 10 }, 'parity.missing_routes': { max: 2 }, 'latency.p95_ms': { max: 450 } }
    write(`parity/reports/svc-${pad(n, 3)}.json`, JSON.stringify(report, null, 2) + '\n')
    write(`parity/thresholds/svc-${pad(n, 3)}.json`, JSON.stringify(limits, null, 2) + '\n')
  }

  // Runbooks: exactly `docReferences` cited paths over the docs gates' files, as links
  // (relative to the doc), code spans and fenced commands (from the root); ~1% broken.
  let referencesLeft = scale.docReferences
  for (let d = 0; d < docsCount; d++) {
    const count = d === docsCount - 1 ? referencesLeft : Math.floor(scale.docReferences / docsCount)
    referencesLeft -= count
    const lines = [`# Runbook ${d}: ${pick(SERVICES)}`, '', `Covers ${envNames.join(', ')}.`, '', '## Procedure', '']
    for (let r = 0; r < count; r++) {
      const broken = rand() < 0.01
      const target = broken ? `scripts/removed-${pad(r)}.sh` : r % 2 ? workflows[int(0, workflows.length - 1)].path : scriptPath(int(1, SCRIPTS))
      const style = r % 3
      if (style === 0) lines.push(`${r + 1}. See [the ${target.split('/').pop()} file](../../${target}) (step ${(r % 5) + 1}).`)
      else if (style === 1) lines.push(`${r + 1}. Run \`${target}\` and watch the logs.`)
      else lines.push('```bash', `./${target} --env production`, '```')
    }
    lines.push('', '## Rollback', '', 'Use `scripts/rollback-0003.sh` with the manifest.', '', '## When the gate fails', '', 'Fix the owning artifact; never merge with --force.', '')
    write(`docs/runbooks/runbook-${pad(d, 3)}.md`, lines.join('\n'))
  }

  const matrix = {
    version: 1,
    owner: 'release-engineering',
    recovery: 'docs/runbooks/runbook-000.md',
    owners: ['alice', 'bob'],
    tracked: ['.github/workflows/**', 'docs/runbooks/**'],
    environments,
    change_classes: { web: ['apps/website/**', 'apps/portal/**'], api: ['apps/**', 'migrations/**', 'fixtures/**'], config: ['deploy/**', '.github/**', 'parity/**'], docs: ['docs/**', 'scripts/**', 'README.md'] },
    profiles: { standard: { classes: ['web', 'api', 'config', 'docs'] } },
    default_profile: 'standard',
    gates,
  }
  const matrixPath = 'gate-matrix.yml'
  write(matrixPath, '# yaml-language-server: $schema=./schema/gate-matrix.schema.json\n# Generated by scripts/bench.mjs\n' + stringify(matrix, { lineWidth: 0 }))

  // A change set touching every kind of path, with a schema change missing its migration.
  const changed = []
  for (let i = 0; i < 120; i++) changed.push(workflows[(i * 13) % workflows.length].path)
  for (const s of SERVICES) changed.push(`apps/${s}/src/index.ts`, `apps/${s}/prisma/schema.prisma`)
  changed.push('migrations/api/20261101_add_index.sql', 'docs/runbooks/runbook-001.md', `deploy/${envNames[0]}/config.json`)
  // The services' source trees the change rules and classes name: a glob that matches no
  // file is a load error (GLOB_MATCHES_NOTHING), so the repository holds one file under each.
  for (const s of SERVICES) {
    write(`apps/${s}/src/index.ts`, 'export {}\n')
    write(`apps/${s}/prisma/schema.prisma`, '// schema\n')
    write(`apps/${s}/schema/.gitkeep`, '')
    write(`migrations/${s}/.gitkeep`, '')
  }
  write('fixtures/golden/.gitkeep', '')
  write('README.md', '# Synthetic deployment repository\n\nGenerated by the gate-matrix benchmark.\n')

  // A promotion run: workflow_dispatch on main asking for a parity skip with an acknowledgement.
  const event = {
    ref: 'refs/heads/main',
    repository: { full_name: 'bench/synthetic', name: 'synthetic', owner: { login: 'bench' } },
    sender: { login: 'alice' },
    workflow: '.github/workflows/deploy-portal-0000.yml',
    inputs: { target_environment: envNames[2], skip_parity: 'true', parity_ack: `I_ACCEPT_PARITY_SKIP_${envNames[2].toUpperCase()}` },
  }
  // Outside the repository's files: inputs to the CLI, not content it gates.
  const changedFilesPath = join(root, '..', 'changed-files.txt')
  writeFileSync(changedFilesPath, changed.join('\n') + '\n')
  const eventPath = join(root, '..', 'event.json')
  writeFileSync(eventPath, JSON.stringify(event, null, 2))

  return {
    files: written,
    environments: envNames,
    gates: gates.length,
    docReferences: scale.docReferences - referencesLeft,
    matrixPath,
    changedFilesPath,
    eventPath,
    parsedFiles: parsedFiles.sort(),
  }
}
