// Input that is not input: dates that are no calendar day, change lists that are not
// lists of paths, files that are not UTF-8. Each is exit 2 naming the file and line, never
// a clean run.
import { afterAll, describe, expect, it } from '@jest/globals'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { makeRepo, runCli as cli } from '../support/gates.js'


const MATRIX = `version: 1
environments:
  staging: {}
gates:
  - id: config-present
    family: config
    assert:
      - data: { file: config.json, path: region, equals: eu-west-1 }
  - id: notes
    family: docs
    assert:
      - changes: { require_changed: [config.json] }
waivers:
  - gate: config-present
    owner: sre
    reason: migrating
    expires: 2026-12-31
`

const repo = makeRepo({
  'gate-matrix.yml': MATRIX,
  'config.json': '{ "region": "eu-west-1" }\n',
  'random.bin': Buffer.from([0xff, 0xfe, 0x00, 0x13, 0x80, 0xc3, 0x28, 0x0a, 0xf5]),
  'late-bad-byte.txt': Buffer.concat([Buffer.from('config.json\nnotes/é.md\nab'), Buffer.from([0xc3, 0x28]), Buffer.from('\n')]),
  'nul.txt': Buffer.from('config.json\nconf\u0000ig.json\n'),
  'escapes.txt': 'config.json\n# a comment\n\n../../etc/passwd\n/etc/shadow\n',
  'good.txt': '\uFEFF# changed\nconfig.json\r\n./config.json\n',
  'utf8-bad/gate-matrix.yml': Buffer.concat([Buffer.from('version: 1\nenvironments:\n  staging: { description: "caf'), Buffer.from([0xe9]), Buffer.from('" }\ngates: []\n')]),
  'utf8-data/gate-matrix.yml': 'version: 1\nenvironments: { staging: {} }\ngates:\n  - id: g\n    family: f\n    assert:\n      - data: { file: c.yml, path: region, exists: true }\n',
  'utf8-data/c.yml': Buffer.concat([Buffer.from('region: eu'), Buffer.from([0xff]), Buffer.from('\n')]),
})
afterAll(() => repo.cleanup())
const root = ['--root', repo.root]

describe('--now must be a calendar date', () => {
  for (const now of ['2026-13-45', '0000-00-00', '2026-02-30', '', ' ']) {
    it(`--now "${now}" is exit 2`, async () => {
      const r = await cli(['check', ...root, '--now', now])
      expect(r.code).toBe(2)
      expect(r.stderr).toMatch(/--now (takes a calendar date|needs a value)/)
      expect(r.stdout).toBe('')
    })
  }

  it('a real date is taken, and moves waivers', async () => {
    const before = await cli(['check', ...root, '--now', '2026-12-31', '--format', 'json'])
    const after = await cli(['check', ...root, '--now', '2027-01-01', '--format', 'json'])
    expect(before.code).toBe(0)
    const waiver = (out: string) => JSON.parse(out).environments[0].gates.find((g: { gate_id: string }) => g.gate_id === 'config-present').waiver
    expect(waiver(before.stdout).active).toBe(true)
    expect(waiver(after.stdout).active).toBe(false)
  })

  it('other flags refuse an empty value too (it would read as not given)', async () => {
    const r = await cli(['check', ...root, '--changed-files', ''])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--changed-files needs a value/)
  })
})

describe('--changed-files must be a list of repository paths', () => {
  it('random bytes are exit 2 at the first invalid byte, not a clean run', async () => {
    const file = join(repo.root, 'random.bin')
    const r = await cli(['check', ...root, '--changed-files', file])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${file}:1:1: is not valid UTF-8: byte 0xff`)
    expect(r.stdout).toBe('')
  })

  it('a bad byte later in the file is named by its line and column', async () => {
    const file = join(repo.root, 'late-bad-byte.txt')
    const r = await cli(['check', ...root, '--changed-files', file])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${file}:3:3: is not valid UTF-8: byte 0xc3`)
  })

  it('a NUL inside a line is refused at its column', async () => {
    const file = join(repo.root, 'nul.txt')
    const r = await cli(['check', ...root, '--changed-files', file])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${file}:2:5: control character U+0000`)
  })

  it('paths that leave the repository are refused, each at its line', async () => {
    const file = join(repo.root, 'escapes.txt')
    const r = await cli(['check', ...root, '--changed-files', file])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${file}:4:1: "../../etc/passwd" leaves the repository`)
    expect(r.stderr).toContain(`${file}:5:1: "/etc/shadow" is absolute`)
    expect(r.stderr).toMatch(/2 problems/)
  })

  it('a good list (BOM, comments, CRLF, ./ prefixes) is read as its paths', async () => {
    const r = await cli(['check', ...root, '--format', 'json', '--now', '2026-11-01', '--changed-files', join(repo.root, 'good.txt')])
    expect(r.code).toBe(0)
    const notes = JSON.parse(r.stdout).environments[0].gates.find((g: { gate_id: string }) => g.gate_id === 'notes')
    expect(notes.result).toBe('pass')
  })
})

describe('files that are not UTF-8', () => {
  it('an --event payload with an invalid byte is exit 2 at that byte, not a replaced character', async () => {
    const file = join(repo.root, 'bad-event.json')
    writeFileSync(file, Buffer.concat([Buffer.from('{ "inputs": { "target_environment": "prod'), Buffer.from([0xff]), Buffer.from('" }, "workflow": "w.yml", "ref": "refs/heads/main" }')]))
    const r = await cli(['check', ...root, '--event', file, '--event-name', 'workflow_dispatch'])
    expect(r.code).toBe(2)
    expect(r.stderr).toContain(`${file}:1:42: is not valid UTF-8: byte 0xff`)
  })

  it('a matrix with an invalid byte is a load error at that byte, not a replaced character', async () => {
    for (const command of ['validate', 'check']) {
      const r = await cli([command, '--root', join(repo.root, 'utf8-bad')])
      expect(r.code).toBe(2)
      expect(r.stderr).toContain('gate-matrix.yml:3:31: "gate-matrix.yml" is not valid UTF-8: byte 0xe9 at line 3, column 31')
    }
  })

  it('a data file with an invalid byte is blocked (FILE_UNREADABLE), never read as text', async () => {
    const r = await cli(['check', '--root', join(repo.root, 'utf8-data'), '--format', 'json'])
    expect(r.code).toBe(1)
    const gate = JSON.parse(r.stdout).environments[0].gates.find((g: { gate_id: string }) => g.gate_id === 'g')
    expect(gate.result).toBe('blocked')
    expect(gate.findings[0]).toMatchObject({ code: 'FILE_UNREADABLE', message: expect.stringContaining('is not valid UTF-8: byte 0xff at line 1, column 11') })
  })
})

describe('the trusted matrix at the base commit is decoded as strictly', () => {
  it('a base matrix with an invalid byte is an InputError at that byte (git path)', async () => {
    const { execFileSync } = await import('node:child_process')
    const { fileAtCommit } = await import('../../src/github/base-content.js')
    const { InputError } = await import('../../src/core/errors.js')
    const r = makeRepo({ 'gate-matrix.yml': Buffer.concat([Buffer.from('version: 1\n# caf'), Buffer.from([0xe9]), Buffer.from('\nenvironments: { staging: {} }\ngates: []\n')]) })
    try {
      const git = (...args: string[]) => execFileSync('git', args, { cwd: r.root, env: { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@example.com', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@example.com' } }).toString().trim()
      git('init', '-q')
      git('add', '.')
      git('commit', '-qm', 'base')
      const sha = git('rev-parse', 'HEAD')
      const read = fileAtCommit(null, { repo: { owner: 'acme', repo: 'app' }, sha, path: 'gate-matrix.yml', root: r.root })
      await expect(read).rejects.toBeInstanceOf(InputError)
      await expect(read).rejects.toThrow(`gate-matrix.yml:2:6: at the base commit ${sha}, "gate-matrix.yml" is not valid UTF-8: byte 0xe9 at line 2, column 6`)
    } finally {
      r.cleanup()
    }
  })
})

describe('a diff that exists but cannot be read is unavailable, never "no diff"', () => {
  const CHANGES = `version: 1
environments:
  production: {}
gates:
  - id: migration-with-schema
    family: schema-seed
    assert:
      - changes: { require_changed: [migrations/**] }
`
  const root = makeRepo({ 'gate-matrix.yml': CHANGES, 'migrations/001.sql': 'select 1;\n' })
  afterAll(() => root.cleanup())
  const cell = (stdout: string) => (JSON.parse(stdout) as { environments: Array<{ gates: Array<{ gate_id: string; result: string; findings: Array<{ code: string }> }> }> }).environments[0].gates.find((g) => g.gate_id === 'migration-with-schema')

  it('--repo with --pr but no token: the change gate is blocked, not not_applicable', async () => {
    const r = await cli(['check', '--root', root.root, '--format', 'json', '--now', '2026-11-01', '--repo', 'o/r', '--pr', '7'])
    expect(r.code).toBe(1)
    expect(cell(r.stdout)).toMatchObject({ result: 'blocked', findings: [{ code: 'CHANGES_UNAVAILABLE' }] })
  })

  it("a push whose commits are not in the checkout: the change gate is blocked, not not_applicable", async () => {
    const event = join(root.root, 'push.json')
    writeFileSync(event, JSON.stringify({ ref: 'refs/heads/main', before: '1'.repeat(40), after: '2'.repeat(40), repository: { full_name: 'o/r' } }))
    const r = await cli(['check', '--root', root.root, '--format', 'json', '--now', '2026-11-01', '--event', event, '--event-name', 'push'])
    expect(r.code).toBe(1)
    expect(cell(r.stdout)).toMatchObject({ result: 'blocked', findings: [{ code: 'CHANGES_UNAVAILABLE' }] })
  })
})
