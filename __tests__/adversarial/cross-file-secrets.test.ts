// A value read from a secret-holding file by another option than `data.path` (`same_as`,
// `docs` mentions `from`) never reaches any output, in any format.
import { describe, expect, it } from '@jest/globals'
import { runCli, tempRepo } from '../support/gates.js'

const SECRETS = ['s3cr3t-prod-value', 'db.prod.internal', 'hunter2-local', 'eu-central-1']

const root = tempRepo({
  'gate-matrix.yml': [
    'version: 1',
    'environments:',
    '  production: {}',
    'gates:',
    '  - id: agree',
    '    family: secrets-pki',
    '    assert:',
    '      - data: { file: deploy/app.yml, path: db.pool_password, same_as: { file: deploy/.env.production, path: DB_POOL_PASSWORD } }',
    '      - data: { file: deploy/app.yml, path: db.host, same_as: { file: deploy/.env.production, path: DB_HOST } }',
    '      - data: { file: deploy/app.toml, path: region, same_as: { file: config/secrets.toml, path: region } }',
    '      - docs: { files: README.md, references_exist: false, mentions: [{ from: { file: deploy/.env.production, path: REGION } }] }',
  ].join('\n'),
  'deploy/app.yml': 'db:\n  host: db.internal\n  pool_password: hunter2-local\n',
  'deploy/.env.production': 'DB_HOST=db.prod.internal\nDB_POOL_PASSWORD=s3cr3t-prod-value\nREGION=eu-central-1\n',
  'deploy/app.toml': 'region = "us-east-1"\n',
  'config/secrets.toml': 'region = "eu-central-1"\n',
  'README.md': '# svc\n',
})

describe('cross-file values from secret-holding files', () => {
  it.each(['text', 'json', 'markdown', 'sarif'])('are not in the %s output, while each finding is', async (format) => {
    const out = await runCli(['check', '--root', root, '--format', format, '--now', '2026-12-01'])
    const all = out.stdout + out.stderr
    expect(out.code).toBe(1)
    for (const s of SECRETS) expect(all).not.toContain(s)
    expect(all).toContain('VALUE_DIFFERS')
    expect(all).toContain('DOC_MENTION_MISSING')
  })
})
