// Secrets never leave the runner. A tiny repository holds a secret of every shape gate-matrix
// redacts, in a .env file, JSON and YAML data files, a workflow's env and run script, a doc,
// key files, and files that fail to parse; every gate is written so that its finding would
// quote the secret. Then the CLI runs in every format and the action runs as a runner runs
// it, and every byte either produces is searched for every planted value.
import { afterAll, beforeAll, describe, expect, test } from '@jest/globals'
import { execFile } from 'node:child_process'
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import { type GitHubApi, startGitHubApi } from '../helpers/github-api-server.js'
import { ensureBuilt, NODE, ROOT, runAction, workspace } from '../action/harness.js'

const execFileAsync = promisify(execFile)

/** The built CLI as a user runs it; exit code, stdout and stderr whatever the exit code. */
async function cli(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const r = await execFileAsync(NODE, [CLI, ...args], { maxBuffer: 64 * 1024 * 1024, timeout: 45_000, killSignal: 'SIGKILL' })
    return { code: 0, ...r }
  } catch (e) {
    const failed = e as { code: number; stdout: string; stderr: string }
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr }
  }
}
const CLI = join(ROOT, 'dist', 'cli', 'index.js')
const REPO = 'acme/payments'

const PEM_BODY = [
  'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi9qJ5xEf7nWK3bLQ0PpD8sXmYz',
  'Kx4cW1vN8uR2tG6hJ9kL3mP5qS7vY0zB2dF4gH6jK8lN1pR3sU5wX7yA9cE2fI4',
]
const PEM = ['-----BEGIN RSA PRIVATE KEY-----', ...PEM_BODY, '-----END RSA PRIVATE KEY-----'].join('\n')

/** Each planted value, by the shape it has. None of them may appear in any output. */
const SECRETS = {
  envStripe: 'sk_live_51HxEnvApiKey9aB8cD7eF6gH5iJ4k',
  envDbPassword: 'EnvDbPa55w0rd',
  jsonStripeRk: 'rk_live_51JsonStripeRk3xY7zQ2wV9uT4s',
  jsonGithubPat: 'ghp_R7d2LmQx9VbT4nWc8ZkP1sYh6JfA3gEu5Oi0',
  jsonAws: 'AKIAQ3EGUZ7XJ4NB5K2P',
  jsonSlack: 'xoxb-2048163450-5520911398-JsonSlackBotTok',
  jsonGoogle: 'AIzaSyD4rT9uV2wX7yZ1aB3cD5eF8gH0iJ2kL4m',
  jsonJwt: 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZXBsb3ktYm90In0.Jt6yQk3mV9pL2xR7sN4wB8cE1fH5gD0a',
  jsonBearer: 'JsonAuthHdr7Kq2Lm9Np4Rs6Tv',
  jsonBasic: 'ZGVwbG95OlNlY3JldEJhc2ljMjAyNg==',
  jsonSentryKey: '4f3e2d1c0b9a48f7a6e5d4c3b2a19087',
  jsonEntropy: 'q8Zr3LxV0pN7tK2wB9mYc4HsJ6dF1gQe',
  parentPassword: 'ParentObjPa55',
  pemLine1: PEM_BODY[0],
  pemLine2: PEM_BODY[1],
  yamlGho: 'gho_Yq3Wm8Zt1Rv6Kp9Lx2Nc5Hb7Jd4Fs0Ga1Ue8',
  yamlGhs: 'ghs_Tn5Bv2Cx8Zl1Mk4Qw7Er0Ty3Ui6Op9As2Df5',
  yamlFineGrained: 'github_pat_11ABCDE2Y0yamlFineGrained_Qx7Lm3Np9Rs2Tv5Wz8Bc4Df6Gh1Jk',
  wfEnvBearer: 'WfEnvBearer5Tk8Qz3Lp',
  wfRunBearer: 'WfRunBearer2Hx7Mv4Nc',
  docsSlack: 'xoxp-7712093344-7712093345-DocsSlackUserTok',
  txtEntropy: 'Vb7Nq2Xc9Lm4Kp8Zr1Tw6Yh3Js5Df0Ga',
  keyFileBody: 'Zm9vYmFyYmF6cXV4S2V5RmlsZUJvZHk5OTk5OTk5OTk5OTk5OTk5',
  npmrcToken: 'npm_NpmrcTok3nValue0123456789abcdefABCD',
  thresholdGoogle: 'AIzaSyThreshold7Qm2Xv9Lp4Kc8Zr1Tw6YhNo',
  // Fragments a parser's error message would echo (V8 quotes the first 10 characters).
  parseEchoSecretFile: 'S3cretPar',
  parseEchoDataFile: 'ghp_Pq8Zm3',
  parseEchoYamlHeader: 'Q7BlockHdrSecret',
}

const VALUES: Record<string, unknown> = {
  stripe_rk: SECRETS.jsonStripeRk,
  github: SECRETS.jsonGithubPat,
  aws: SECRETS.jsonAws,
  slack: SECRETS.jsonSlack,
  google: SECRETS.jsonGoogle,
  jwt: SECRETS.jsonJwt,
  auth_header: `Bearer ${SECRETS.jsonBearer}`,
  basic: `Basic ${SECRETS.jsonBasic}`,
  sentry: `https://${SECRETS.jsonSentryKey}@o450123.ingest.sentry.io/5501234`,
  opaque: SECRETS.jsonEntropy,
  pem: PEM,
}

const YAML_TOKENS = { oauth: SECRETS.yamlGho, server: SECRETS.yamlGhs, fine_grained: SECRETS.yamlFineGrained }

const gate = (id: string, assertion: string): string => `  - id: ${id}\n    family: secrets-pki\n    assert:\n      - ${assertion}\n`

const MATRIX = [
  'version: 1',
  'owner: payments-sre',
  'recovery: docs/runbook.md',
  'environments:',
  '  production: { branch: main }',
  'gates:',
  '',
].join('\n') + [
  gate('env-no-live-key', "file: { path: .env.production, not_contains: 'sk_live_' }"),
  gate('env-db-is-mysql', "data: { file: .env.production, path: DATABASE_URL, matches: '^mysql://' }"),
  ...Object.keys(VALUES).map((k) => gate(`json-${k}`, `data: { file: config/app.json, path: values.${k}, equals: expected }`)),
  gate('json-parent', 'data: { file: config/app.json, path: db, equals: { host: other } }'),
  ...Object.keys(YAML_TOKENS).map((k) => gate(`yaml-${k}`, `data: { file: deploy/values.yaml, path: tokens.${k}, one_of: [a, b] }`)),
  gate('wf-env', 'data: { file: .github/workflows/deploy.yml, path: jobs.deploy.env.AUTH_HEADER, equals: none }'),
  gate('wf-run', "workflow: { file: .github/workflows/deploy.yml, forbid_run: 'curl' }"),
  gate('docs-refs', 'docs: { files: docs/runbook.md }'),
  gate('parse-secret-file', 'data: { file: secrets/service.json, path: a, exists: true }'),
  gate('parse-data-file', 'data: { file: config/broken.json, path: a, exists: true }'),
  gate('parse-secret-yaml', 'data: { file: secrets/values.yaml, path: token, exists: true }'),
  gate('txt-session', "file: { path: config/settings.txt, not_contains: 'session' }"),
  gate('key-file', "file: { path: deploy/tls/server.key, not_contains: '^[A-Za-z0-9+/=]{40,}$' }"),
  gate('npmrc', "file: { path: .npmrc, not_contains: '_authToken' }"),
  gate('coverage', 'threshold: { report: reports/latest.json, thresholds: reports/thresholds.json }'),
].join('')

const FILES: Record<string, string> = {
  'gate-matrix.yml': MATRIX,
  '.env.production': `API_KEY=${SECRETS.envStripe}\nREAD_ONLY=true\nDATABASE_URL=postgres://app:${SECRETS.envDbPassword}@db.internal:5432/app\n`,
  'config/app.json': `${JSON.stringify({ values: VALUES, db: { host: 'db.example.com', url: `postgres://svc:${SECRETS.parentPassword}@db.example.com/app` } }, null, 2)}\n`,
  'deploy/values.yaml': `tokens:\n${Object.entries(YAML_TOKENS).map(([k, v]) => `  ${k}: ${v}\n`).join('')}`,
  '.github/workflows/deploy.yml': [
    'on: push',
    'jobs:',
    '  deploy:',
    '    runs-on: ubuntu-latest',
    '    env:',
    `      AUTH_HEADER: "Bearer ${SECRETS.wfEnvBearer}"`,
    '    steps:',
    '      - run: |',
    `          curl -fsS -H "Authorization: Bearer ${SECRETS.wfRunBearer}" https://api.example.com/deploy`,
    '',
  ].join('\n'),
  'docs/runbook.md': `# Runbook\n\nThe bot reads \`certs/${SECRETS.docsSlack}.json\` at start.\n`,
  // certs/ exists, so the doc's citation of a file in it is judged (and its finding must not quote the token).
  'certs/README.md': '# Certificates\n',
  'secrets/service.json': `${SECRETS.parseEchoSecretFile}se=1\n`,
  'config/broken.json': `${SECRETS.parseEchoDataFile}Xc9Lm4Kp8Zr1Tw6Yh3Js5Df0GaQe2Rt7\n`,
  'secrets/values.yaml': `token: |${SECRETS.parseEchoYamlHeader}\n  body\n`,
  'config/settings.txt': `# session cookie signing\nsession ${SECRETS.txtEntropy}\n`,
  'deploy/tls/server.key': `-----BEGIN PRIVATE KEY-----\n${SECRETS.keyFileBody}\n-----END PRIVATE KEY-----\n`,
  '.npmrc': `//registry.npmjs.org/:_authToken=${SECRETS.npmrcToken}\n`,
  'reports/latest.json': `${JSON.stringify({ coverage: { lines: SECRETS.thresholdGoogle } })}\n`,
  'reports/thresholds.json': '{ "coverage.lines": { "min": 80 } }\n',
}

/** Every planted value found in `text`, by name: the assertion lists what leaked and where. */
function leaks(where: string, text: string): string[] {
  return Object.entries(SECRETS)
    .filter(([, value]) => text.includes(value))
    .map(([name]) => `${name} in ${where}`)
}

/** Every file under `dir`, as text. */
function readAll(dir: string): Array<{ path: string; text: string }> {
  const out: Array<{ path: string; text: string }> = []
  for (const entry of readdirSync(dir)) {
    const p = join(dir, entry)
    if (statSync(p).isDirectory()) out.push(...readAll(p))
    else out.push({ path: p, text: readFileSync(p, 'utf8') })
  }
  return out
}

let ws: string
beforeAll(() => {
  ensureBuilt()
  ws = workspace(FILES)
}, 600_000)

describe('the CLI, in every format', () => {
  const outDir = mkdtempSync(join(tmpdir(), 'gm-secrets-out-'))
  let evidenceText = ''

  for (const format of ['text', 'json', 'markdown', 'sarif'] as const) {
    test(`--format ${format}: no planted secret on stdout, stderr or the --out file`, async () => {
      const out = join(outDir, `report.${format}`)
      const printed = await cli(['check', '--root', ws, '--format', format])
      const written = await cli(['check', '--root', ws, '--format', format, '--out', out])
      expect([printed.code, written.code]).toEqual([1, 1])
      const file = readFileSync(out, 'utf8')
      if (format === 'json') evidenceText = file
      // Every gate was judged and blocks: nothing leaked by passing silently.
      expect(printed.stdout).toContain('env-no-live-key')
      expect([...leaks('stdout', printed.stdout), ...leaks('stderr', printed.stderr), ...leaks('--out file', file), ...leaks('stderr (--out)', written.stderr)]).toEqual([])
    })
  }

  test('the evidence still names each key and line, and says what is wrong', async () => {
    // Run on its own (-t), the json test above has not filled it in.
    if (!evidenceText) evidenceText = (await cli(['check', '--root', ws, '--format', 'json'])).stdout
    const evidence = JSON.parse(evidenceText) as { blockers: Array<{ gate_id: string; message: string; location: { path: string; line?: number } }> }
    const byGate = new Map(evidence.blockers.map((b) => [b.gate_id, b]))
    // Every gate above blocks.
    expect([...byGate.keys()].sort()).toEqual([...MATRIX.matchAll(/- id: (\S+)/g)].map((m) => m[1]).sort())
    const live = byGate.get('env-no-live-key')!
    expect(live.location).toMatchObject({ path: '.env.production', line: 1 })
    expect(live.message).toBe('line 1 (key API_KEY) matches forbidden /sk_live_/')
    expect(byGate.get('npmrc')!.message).toBe('line 1 (key //registry.npmjs.org/:_authToken) matches forbidden /_authToken/')
    expect(byGate.get('env-db-is-mysql')!.location).toMatchObject({ path: '.env.production', line: 3 })
    expect(byGate.get('json-parent')!.message).toContain('"host":"db.example.com"')
    expect(byGate.get('json-parent')!.message).toContain('postgres://svc:***@db.example.com/app')
    expect(byGate.get('json-sentry')!.message).toContain('"https://***@o450123.ingest.sentry.io/5501234"')
    expect(byGate.get('wf-run')!.location).toMatchObject({ path: '.github/workflows/deploy.yml', line: 9 })
    expect(byGate.get('parse-secret-file')!.location).toMatchObject({ path: 'secrets/service.json', line: 1, column: 1 })
  })
})

describe('the action, as a runner runs it', () => {
  let api: GitHubApi | null = null
  afterAll(async () => {
    await api?.close()
  })

  for (const token of ['with a check run', 'without a token (workflow-command annotations)'] as const) {
    test(`${token}: no planted secret in the API requests, outputs, summary, log or evidence`, async () => {
      api = await startGitHubApi({
        handlers: {
          'POST /repos/{owner}/{repo}/check-runs': () => ({ status: 201, body: { id: 41 } }),
          'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': () => ({ body: { id: 41 } }),
        },
      })
      const r = await runAction({
        workspace: ws,
        eventName: 'schedule',
        payload: { schedule: '0 6 * * *' },
        repository: REPO,
        apiUrl: api.url,
        inputs: token === 'with a check run' ? {} : { token: '' },
      })
      expect(r.code).toBe(1)
      expect(r.outputs.verdict).toBe('blocked')
      const home = join(r.runnerTemp, '..')
      const found = [
        ...leaks('stdout', r.stdout),
        ...leaks('stderr', r.stderr),
        ...readAll(home).flatMap((f) => leaks(f.path.slice(home.length + 1), f.text)),
        ...api.requests.flatMap((q) => leaks(`${q.method} ${q.path}`, JSON.stringify(q.body))),
      ]
      expect(found).toEqual([])
      expect(api.violations).toEqual([])
      if (token === 'with a check run') {
        const annotations = api.requests.flatMap((q) => (q.body as { output?: { annotations?: unknown[] } }).output?.annotations ?? [])
        expect(annotations.length).toBeGreaterThanOrEqual(20)
        expect(JSON.stringify(annotations)).toContain('line 1 (key API_KEY) matches forbidden')
      } else {
        expect(r.stdout).toContain('::error')
      }
      await api.close()
      api = null
    })
  }
})
