import { describe, expect, it } from '@jest/globals'
import { describeValue, isHighEntropy, isSecretFile, isSecretKey, lineKey, parseErrorMessage, REDACTED, redactText, redactValue } from '../../src/core/redact.js'

/** [input, what it must become]: one per shape. */
const SHAPES: Array<[string, string, string]> = [
  ['URL password', 'DATABASE_URL is postgres://app:hunter2@db.internal:5432/app', 'DATABASE_URL is postgres://app:***@db.internal:5432/app'],
  ['URL password, no user', 'cache at redis://:Rd5pass@cache:6379/0', 'cache at redis://:***@cache:6379/0'],
  ['URL password with symbols', 'amqps://svc:p%40ss!w0rd@mq.example.com/vhost', 'amqps://svc:***@mq.example.com/vhost'],
  ['URL token as user', 'https://ghx_0123456789abcdefghij@github.com/acme/app.git', 'https://***@github.com/acme/app.git'],
  ['Sentry DSN', 'dsn https://4f3e2d1c0b9a48f7a6e5d4c3b2a19087@o450123.ingest.sentry.io/5501234', 'dsn https://***@o450123.ingest.sentry.io/5501234'],
  ['GitHub ghp_', 'token ghp_R7d2LmQx9VbT4nWc8ZkP1sYh6JfA3gEu5Oi0 here', `token ${REDACTED} here`],
  ['GitHub gho_', 'gho_Yq3Wm8Zt1Rv6Kp9Lx2Nc5Hb7Jd4Fs0Ga1Ue8', REDACTED],
  ['GitHub ghs_', 'x ghs_Tn5Bv2Cx8Zl1Mk4Qw7Er0Ty3Ui6Op9As2Df5', `x ${REDACTED}`],
  ['GitHub github_pat_', 'github_pat_11ABCDE2Y0abcdefgh_Qx7Lm3Np9Rs2Tv5Wz8Bc4Df6Gh1Jk', REDACTED],
  ['Stripe sk_live_', 'API key sk_live_51HxEnvApiKey9aB8cD7eF6gH5iJ4k.', `API key ${REDACTED}.`],
  ['Stripe rk_live_', '"rk_live_51JsonStripeRk3xY7zQ2wV9uT4s"', `"${REDACTED}"`],
  ['AWS access key id', 'aws AKIAQ3EGUZ7XJ4NB5K2P', `aws ${REDACTED}`],
  ['Slack bot token', 'xoxb-2048163450-5520911398-abcdefABCDEF', REDACTED],
  ['Slack webhook', 'https://hooks.slack.com/services/T0001/B0002/abcdefghijkl', `https://hooks.slack.com/services/${REDACTED}`],
  ['Google API key', 'key=AIzaSyD4rT9uV2wX7yZ1aB3cD5eF8gH0iJ2kL4m', `key=${REDACTED}`],
  ['JWT', 'eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJkZXBsb3ktYm90In0.Jt6yQk3mV9pL2xR7sN4wB8cE1fH5gD0a', REDACTED],
  ['Bearer header', 'curl -H "Authorization: Bearer abc.def.ghi123" https://x.example.com', `curl -H "Authorization: Bearer ${REDACTED}" https://x.example.com`],
  ['Basic header', 'Authorization: Basic ZGVwbG95OnNlY3JldA==', `Authorization: Basic ${REDACTED}`],
  ['npm token', '//registry.npmjs.org/:_authToken=npm_NpmrcTok3nValue0123456789abcdefABCD', `//registry.npmjs.org/:_authToken=${REDACTED}`],
  ['name=value', 'export DB_PASSWORD=hunter2 && run', 'export DB_PASSWORD=*** && run'],
  ['JSON member', '{"client_secret":"plainwords","id":"web"}', '{"client_secret":"***","id":"web"}'],
  ['YAML member with a digit', 'db_password: hunter2', 'db_password: ***'],
  ['PEM block', '-----BEGIN RSA PRIVATE KEY-----\nMIIEpAIBAAKCAQEA3Tz2\nKx4cW1vN8uR2\n-----END RSA PRIVATE KEY-----\nafter', `-----BEGIN RSA PRIVATE KEY-----${REDACTED}-----END RSA PRIVATE KEY-----\nafter`],
  ['PEM block cut short', '"-----BEGIN PRIVATE KEY-----\\nMIIEvQIBADAN...', `"-----BEGIN PRIVATE KEY-----${REDACTED}-----END PRIVATE KEY-----`],
  ['PGP private key block', '-----BEGIN PGP PRIVATE KEY BLOCK-----\nlQOYBF\n-----END PGP PRIVATE KEY BLOCK-----', `-----BEGIN PGP PRIVATE KEY BLOCK-----${REDACTED}-----END PGP PRIVATE KEY BLOCK-----`],
  ['high entropy', 'session q8Zr3LxV0pN7tK2wB9mYc4HsJ6dF1gQe', `session ${REDACTED}`],
  ['high entropy after a name that says nothing', 'SESSION=q8Zr3LxV0pN7tK2wB9mYc4HsJ6dF1gQe==', `SESSION=${REDACTED}`],
  ['high-entropy base64 with slashes', 'secret wJalrXUtnFEMI/K7MDENG/bPxRfi9Yz3Kq2L', `secret ${REDACTED}`],
]

/** Ordinary values that must come out as they went in. */
const ORDINARY = [
  'version 1.2.3, 10.0.0-rc.1, v2024.11.05-hotfix3',
  'db.internal:5432 portal.example.com api.eu-west-1.amazonaws.com',
  'apps/api/prisma/migrations/20240101120000_add_users/migration.sql',
  'apps/web/src/pages/Checkout2024Redesign.tsx',
  '.github/workflows/promotion-release-staging.yml',
  'docs/runbooks/2024-11-05-incident-DB-failover.md',
  // Decided: hex is never redacted for its entropy (commit SHAs, digests, UUIDs are what
  // evidence and messages cite); a hex secret is redacted by its key name or file.
  'f95f852bd8fca8fcc58a9a2d6c842781e32a215e',
  'sha256:3f4e0d6a7b8c9d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f80',
  '123e4567-e89b-12d3-a456-426614174000',
  'uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11',
  'ghcr.io/acme/payments-api:v1.24.3 node:20-bookworm-slim',
  'arn:aws:iam::123456789012:role/DeployRole2024',
  'https://api.example.com/v2/deploy?env=prod#top',
  'git@github.com:acme/app.git and ssh://git@github.com/acme/app',
  'gate-matrix-evidence-staging-attempt-2 PATTERN_FORBIDDEN I_ACCEPT_PARITY_SKIP',
  'ExampleComponentWithNumbers123456 AppleAppSiteAssociation2024 TEAMID1234.com.acme.ios',
  'basic checks pass; a bearer token is needed',
  'jobs.deploy.env.TOKEN: jobs.deploy.env is "abc", so it has no "TOKEN"',
  'workflow_dispatch input "auth_token" has type "string", expected "choice"',
  'line 3 (key API_KEY) matches forbidden /sk_live_/',
  '-----BEGIN CERTIFICATE-----',
]

describe('redactText', () => {
  it.each(SHAPES)('%s', (_shape, input, expected) => {
    expect(redactText(input)).toBe(expected)
  })

  it.each(ORDINARY)('leaves an ordinary value alone: %s', (text) => {
    expect(redactText(text)).toBe(text)
  })

  it('is idempotent: a second pass (the seal, then a reporter) changes nothing', () => {
    for (const [, input] of SHAPES) expect(redactText(redactText(input))).toBe(redactText(input))
    for (const text of ORDINARY) expect(redactText(redactText(text))).toBe(text)
  })

  // A file's line may be megabytes long (minified code): each of these took minutes with
  // rules that could restart a long name or scheme at every character.
  it.each([
    ['one long word', 'a'.repeat(200_000)],
    ['dotted names', 'a.'.repeat(100_000)],
    ['colons', 'a:'.repeat(100_000)],
    ['name: value pairs', 'pw:'.repeat(70_000)],
    ['schemes', 'x://'.repeat(50_000)],
    ['headers', 'Bearer '.repeat(30_000)],
    ['an unterminated key block', `-----BEGIN PRIVATE KEY-----${'x'.repeat(200_000)}`],
    ['JWT-like parts', 'eyJaaaaaaaaaaa.'.repeat(10_000)],
    ['base64', 'aB3/'.repeat(50_000)],
  ])('runs in linear time on %s (200 KB)', (_what, text) => {
    const started = Date.now()
    redactText(text)
    expect(Date.now() - started).toBeLessThan(1000)
  })
})

describe('isHighEntropy', () => {
  it('needs 20 characters, letters and digits, and no hex', () => {
    expect(isHighEntropy('q8Zr3LxV0pN7tK2wB9mY')).toBe(true)
    expect(isHighEntropy('q8Zr3LxV0pN7tK2wB9m')).toBe(false)
    expect(isHighEntropy('qZrLxVpNtKwBmYcHsJdFgQeR')).toBe(false)
    expect(isHighEntropy('0a1b2c3d4e5f60718293a4b5c6d7e8f9')).toBe(false)
  })
})

describe('isSecretFile', () => {
  it.each(['.env', '.env.production', 'deploy/.env.local', 'config/production.env', '.envrc', 'tls/server.pem', 'tls/server.key', 'certs/app.p12',
    'home/.ssh/id_rsa', 'id_ed25519.pub', '.npmrc', 'pkg/.pypirc', '.netrc', '.git-credentials', 'credentials', 'gcp/credentials.json',
    'secrets/db.json', 'deploy/secrets/app.yaml', '.aws/config', 'config/secrets.yml', 'infra/prod.tfvars'])('%s holds secrets', (path) => {
    expect(isSecretFile(path)).toBe(true)
  })
  it.each(['src/env.ts', 'src/environment.ts', 'docs/keys.md', 'src/secrets.ts', 'config/app.json', 'deploy/values.yaml', '.github/workflows/deploy.yml',
    'docs/secrets-policy.md', 'keyboard/layout.json'])('%s does not', (path) => {
    expect(isSecretFile(path)).toBe(false)
  })
})

describe('isSecretKey', () => {
  it.each(['API_KEY', 'db_password', 'STRIPE_SK', 'sk', 'AUTH_HEADER', 'SENTRY_DSN', 'clientSecret', 'private_key_id', 'GITHUB_TOKEN'])('%s is secret', (key) => {
    expect(isSecretKey(key)).toBe(true)
  })
  it.each(['host', 'DATABASE_URL', 'region', 'task', 'desk', 0])('%s is not', (key) => {
    expect(isSecretKey(key)).toBe(false)
  })
})

describe('redactValue and describeValue', () => {
  it('redacts secret-named members and secret-looking strings at any depth, keeping the rest', () => {
    const value = { host: 'db.example.com', url: 'postgres://svc:pw9@db/app', nested: [{ STRIPE_SK: 'anything' }, 'ghp_R7d2LmQx9VbT4nWc8ZkP1sYh6JfA3gEu5Oi0'], port: 5432 }
    expect(redactValue(value)).toEqual({ host: 'db.example.com', url: 'postgres://svc:***@db/app', nested: [{ STRIPE_SK: REDACTED }, REDACTED], port: 5432 })
  })

  it('redacts before it cuts: a token across the 120-character cut does not survive in part', () => {
    const token = 'sk_live_51HxEnvApiKey9aB8cD7eF6gH5iJ4k'
    const text = describeValue({ note: 'x'.repeat(100), value: token }, false)
    expect(text).not.toContain('sk_live_51')
    expect(describeValue('anything', true)).toBe(REDACTED)
    expect(describeValue(undefined, false)).toBe('nothing')
  })
})

describe('lineKey', () => {
  it.each([
    ['API_KEY=sk_live_x', 'API_KEY'],
    ['export DATABASE_URL="postgres://a:b@c/d"', 'DATABASE_URL'],
    ['  password: hunter2', 'password'],
    ['"token": "abc"', 'token'],
    ['//registry.npmjs.org/:_authToken=npm_x', '//registry.npmjs.org/:_authToken'],
  ])('%s assigns %s', (line, key) => {
    expect(lineKey(line)).toBe(key)
  })
  it.each(['# a comment', 'MIIEpAIBAAKCAQEA3Tz2mr7SZiAMfQyuvBjM9Oi9qJ5xEf7nWK3bLQ0PpD8sXmYz==', 'q8Zr3LxV0pN7tK2wB9mYc4HsJ6dF1gQe=1', '-----BEGIN PRIVATE KEY-----'])('%s assigns no key that may be shown', (line) => {
    expect(lineKey(line)).toBeUndefined()
  })
})

describe('parseErrorMessage', () => {
  it("drops V8's quote of the text from a JSON error", () => {
    expect(parseErrorMessage('config/app.json', 'Unexpected token \'g\', "ghp_Pq8Zm3"... is not valid JSON')).toBe("Unexpected token 'g'")
    expect(parseErrorMessage('config/app.json', 'Unexpected token \'A\', "API_KEY=sk"... is not valid JSON')).toBe("Unexpected token 'A'")
    expect(parseErrorMessage('config/app.json', "Expected ',' or '}' after property value")).toBe("Expected ',' or '}' after property value")
  })
  it("withholds the parser's words in a secret-holding file", () => {
    const message = parseErrorMessage('secrets/values.yaml', 'Block scalar header includes extra characters: Q7BlockHdrSecret')
    expect(message).not.toContain('Q7BlockHdrSecret')
    expect(message).toMatch(/holds secrets/)
  })
})

describe('paths are judged by segment', () => {
  it('keeps an API path with a commit SHA, redacts a token inside one, and still redacts base64 with slashes', () => {
    const path = '/repos/octo/app/commits/3f9a1c0d2b4e6f8a0c1e3b5d7f9a2c4e6b8d0f1a/check-runs'
    expect(redactText(`unexpected response from GET ${path}: expected a list`)).toBe(`unexpected response from GET ${path}: expected a list`)
    expect(redactText('/repos/octo/app/hooks/Zq8Lm2Xv7Rt5Kp3Wn9Bj4Hd6/config')).toBe('/repos/octo/app/hooks/<redacted>/config')
    expect(redactText('secret wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY9')).toBe('secret <redacted>')
  })
})

describe('secrets that hide behind quotes, symbols and file names', () => {
  it('redacts a quoted secret with spaces whole', () => {
    expect(redactText('DB_PASSWORD="hunter two" next')).toBe('DB_PASSWORD="***" next')
    expect(redactText("mysql --password='correct horse battery staple' -h db")).toBe("mysql --password='***' -h db")
  })

  it('redacts a URL password holding @ or #', () => {
    expect(redactText('redis://:p@ssw0rd@cache.internal:6379/0')).toBe('redis://:***@cache.internal:6379/0')
    expect(redactText('postgres://admin:s3cr#t@db.example.com/app')).toBe('postgres://admin:***@db.example.com/app')
  })

  it('knows credential and secret files by the words in their names, not docs about them', () => {
    for (const f of ['gcp-credentials.json', 'k8s/app-secrets.yaml', 'infra/x.tfvars.json', 'service-account.json']) expect(`${f}: ${isSecretFile(f)}`).toBe(`${f}: true`)
    for (const f of ['docs/managing-secrets.md', 'src/secret-store.ts', 'README.md']) expect(`${f}: ${isSecretFile(f)}`).toBe(`${f}: false`)
  })
})
