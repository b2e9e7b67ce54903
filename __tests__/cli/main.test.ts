import { afterAll, describe, expect, it } from '@jest/globals'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeRepo, runCli as cli } from '../support/gates.js'


const MATRIX = `version: 1
owner: sre
environments:
  staging: { branch: main }
  production: { branch: main }
tracked: [deploy/**]
gates:
  - id: config-present
    family: config
    artifact: deploy/config.json
    assert:
      - data: { file: deploy/config.json, path: region, equals: eu-west-1 }
  - id: release-notes
    family: docs
    environments: [production]
    when: { changed: [deploy/**] }
    assert:
      - changes: { require_changed: [NOTES.md] }
`

const repo = makeRepo({
  'gate-matrix.yml': MATRIX,
  'deploy/config.json': '{\n  "region": "us-east-1"\n}\n',
  'bad.yml': 'version: 1\nenvironments:\n  staging: {}\ngates:\n  - id: x\n    family: y\n    assert:\n      - teleport: { to: mars }\n  - id: x\n    family: y\n    assert: []\n',
  'changed.txt': 'deploy/config.json\n',
  'NOTES.md': '# Release notes\n',
  'dispatch.json': JSON.stringify({ inputs: { target_environment: 'production' }, ref: 'refs/heads/main', workflow: '.github/workflows/p.yml', repository: { full_name: 'acme/app' } }),
})
afterAll(() => repo.cleanup())
const root = ['--root', repo.root]

describe('gate-matrix validate', () => {
  it('says the matrix is valid, with its digest', async () => {
    const r = await cli(['validate', ...root])
    expect(r.code).toBe(0)
    expect(r.stdout).toMatch(/^gate-matrix.yml: valid \(2 gates, 2 environments, sha256:[0-9a-f]{64}\)\n$/)
  })

  it('lists every problem as path:line:column: message, exit 2, no stack trace', async () => {
    const r = await cli(['validate', ...root, '--matrix', 'bad.yml'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^bad\.yml:8:9: .*teleport/m)
    expect(r.stderr).toMatch(/^bad\.yml:9:\d+: .*duplicate/im)
    expect(r.stderr).not.toMatch(/\n\s+at /)
  })

  it('a --root that is not a directory is exit 2, naming it', async () => {
    const r = await cli(['validate', '--root', '/nonexistent/repo'])
    expect(r.code).toBe(2)
    expect(r.stderr).toBe('gate-matrix: --root /nonexistent/repo does not exist: give the repository\'s directory\n')
  })

  it('a matrix without environments is unusable', async () => {
    writeFileSync(join(repo.root, 'empty-envs.yml'), 'version: 1\nenvironments: {}\ngates: []\n')
    const r = await cli(['validate', ...root, '--matrix', 'empty-envs.yml'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^empty-envs\.yml:2:\d+: .*declare at least one environment/m)
  })

  it('a missing matrix file is exit 2 and says how to choose another', async () => {
    const r = await cli(['validate', ...root, '--matrix', 'nope.yml'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/nope\.yml/)
    expect(r.stderr).toMatch(/--matrix/)
  })
})

describe('gate-matrix check', () => {
  it('exit 1 with the blocker as path:line:col CODE in text', async () => {
    const r = await cli(['check', ...root, '--now', '2026-11-01'])
    expect(r.code).toBe(1)
    expect(r.stdout).toContain('deploy/config.json:2:13 VALUE_MISMATCH')
    expect(r.stdout).not.toMatch(/\x1b\[/) // eslint-disable-line no-control-regex
  })

  it('colours only on a TTY and never with NO_COLOR', async () => {
    expect((await cli(['check', ...root], {}, true)).stdout).toMatch(/\x1b\[/) // eslint-disable-line no-control-regex
    expect((await cli(['check', ...root], { NO_COLOR: '1' }, true)).stdout).not.toMatch(/\x1b\[/) // eslint-disable-line no-control-regex
  })

  it('--format json prints the evidence, the same bytes twice', async () => {
    const a = await cli(['check', ...root, '--format', 'json', '--now', '2026-11-01'])
    const b = await cli(['check', ...root, '--format', 'json', '--now', '2026-11-01'])
    expect(a.stdout).toBe(b.stdout)
    const e = JSON.parse(a.stdout)
    expect(e).toMatchObject({ schema: 'gate-matrix/evidence@1', verdict: 'blocked', matrix: { path: 'gate-matrix.yml' } })
    expect(e.blockers).toHaveLength(2)
  })

  it('--changed-files brings change gates and the atomic-update built-in to life', async () => {
    const r = await cli(['check', ...root, '--format', 'json', '--changed-files', join(repo.root, 'changed.txt')])
    const e = JSON.parse(r.stdout)
    const codes = e.blockers.map((b: { environment: string; code: string }) => `${b.environment} ${b.code}`)
    expect(codes).toEqual(expect.arrayContaining(['* MATRIX_NOT_UPDATED', 'production CO_CHANGE_MISSING']))
  })

  it('--event reads a dispatch payload (inputs, ref)', async () => {
    const r = await cli(['check', ...root, '--format', 'json', '--event', join(repo.root, 'dispatch.json')])
    expect(JSON.parse(r.stdout).event).toMatchObject({ name: 'workflow_dispatch', ref: 'refs/heads/main' })
  })

  it('--out writes the file and says the verdict on stderr', async () => {
    const out = join(repo.root, 'out.sarif')
    const r = await cli(['check', ...root, '--format', 'sarif', '--out', out])
    expect(r.code).toBe(1)
    expect(r.stdout).toBe('')
    expect(r.stderr).toMatch(/blocked, 2 blockers; sarif written to/)
    expect(JSON.parse(readFileSync(out, 'utf8')).version).toBe('2.1.0')
  })

  it('--format markdown prints the summary', async () => {
    expect((await cli(['check', ...root, '--format', 'markdown'])).stdout).toMatch(/\|/)
  })

  it('an unknown environment is exit 2 naming the declared ones', async () => {
    const r = await cli(['check', ...root, '--env', 'prod'])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/"prod" not declared in gate-matrix.yml \(declared: staging, production\)/)
  })

  it('unreadable --changed-files / --event are exit 2 with the path', async () => {
    expect((await cli(['check', ...root, '--changed-files', '/nonexistent/x'])).stderr).toMatch(/--changed-files \/nonexistent\/x could not be read/)
    writeFileSync(join(repo.root, 'broken.json'), '{ nope')
    const r = await cli(['check', ...root, '--event', join(repo.root, 'broken.json')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/broken\.json: not valid JSON/)
  })
})

describe('gate-matrix merge and schema', () => {
  it('merges the evidence of two jobs into the verdict of one run', async () => {
    const whole = JSON.parse((await cli(['check', ...root, '--format', 'json'])).stdout)
    const parts = []
    for (const env of ['staging', 'production']) {
      const path = join(repo.root, `${env}.json`)
      await cli(['check', ...root, '--format', 'json', '--env', env, '--out', path])
      parts.push(path)
    }
    const merged = await cli(['merge', ...parts, '--format', 'json'])
    expect(merged.code).toBe(1)
    const m = JSON.parse(merged.stdout)
    expect(m.verdict).toBe(whole.verdict)
    expect(m.blockers).toEqual(whole.blockers)
  })

  it('schema prints JSON Schemas for the matrix and the evidence', async () => {
    expect(JSON.parse((await cli(['schema'])).stdout).$schema).toMatch(/json-schema/)
    expect(JSON.parse((await cli(['schema', '--evidence'])).stdout).$schema).toMatch(/json-schema/)
  })

  it('help and version', async () => {
    expect((await cli(['--help'])).stdout).toMatch(/Usage:/)
    expect((await cli(['--version'])).stdout).toMatch(/^\d+\.\d+\.\d+\n$/)
  })
})
