// Files that are not regular files, or not the repository's: every read is of a regular
// file, bounded, inside the root. A FIFO must not hang a run, a device must not be read
// without end, a symlink out of the repository must not be read; and --out never
// destroys what the run read.
import { afterAll, describe, expect, test } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import picomatch from 'picomatch'
import { runCheck } from '../../src/engine/index.js'
import { RepoReader } from '../../src/repo/reader.js'
import { readRegularFile } from '../../src/repo/regular-file.js'
import { localRun, makeRepo, runCli as cli } from '../support/gates.js'


const MATRIX = `version: 1
owner: sre
environments:
  staging: { branch: main }
gates:
  - id: config-present
    family: config
    artifact: deploy/config.json
    assert:
      - data: { file: deploy/config.json, path: region, equals: eu-west-1 }
`

const PIPE_MATRIX = `version: 1
owner: sre
environments:
  staging: { branch: main }
gates:
  - id: pipe-data
    family: config
    artifact: deploy/pipe.json
    assert:
      - data: { file: deploy/pipe.json, path: region, equals: eu-west-1 }
  - id: passwd-text
    family: config
    artifact: deploy/passwd.txt
    assert:
      - file: { path: deploy/passwd.txt, contains: 'root' }
`

const repos: Array<{ cleanup: () => void }> = []
function repo(files: Record<string, string>) {
  const r = makeRepo(files)
  repos.push(r)
  return r.root
}
afterAll(() => repos.forEach((r) => r.cleanup()))

const mkfifo = (path: string) => execFileSync('mkfifo', [path])

describe('only regular files are read', () => {
  test('a FIFO in the repository is refused at once, not waited on', () => {
    const root = repo({ 'a.txt': 'x\n' })
    mkfifo(join(root, 'pipe'))
    const started = Date.now()
    expect(new RepoReader(root).read('pipe')).toEqual({ kind: 'error', message: '"pipe" is a FIFO (named pipe), not a regular file; gate-matrix reads regular files only' })
    expect(Date.now() - started).toBeLessThan(2000)
  })

  test('a character device is refused, not read without end', () => {
    // /dev as the root puts /dev/zero inside it: only its type can refuse it.
    expect(new RepoReader('/dev').read('zero')).toEqual({ kind: 'error', message: '"zero" is a character device, not a regular file; gate-matrix reads regular files only' })
    expect(readRegularFile('/dev/zero', 1024)).toEqual({ kind: 'error', message: 'is a character device, not a regular file; gate-matrix reads regular files only' })
  })

  test('a file over the limit is refused by its size', () => {
    const root = repo({ 'big.txt': 'y'.repeat(2048) })
    expect(new RepoReader(root, { maxFileBytes: 1024 }).read('big.txt')).toEqual({ kind: 'error', message: '"big.txt" is 2048 bytes, over the 1024-byte limit for files gate-matrix reads' })
  })

  test('gates on a FIFO and on a symlink to /etc/passwd do not pass; the run ends and prints neither', async () => {
    const root = repo({ 'gate-matrix.yml': PIPE_MATRIX })
    mkdirSync(join(root, 'deploy'))
    mkfifo(join(root, 'deploy/pipe.json'))
    symlinkSync('/etc/passwd', join(root, 'deploy/passwd.txt'))
    const { evidence } = await runCheck({ root, matrixPath: 'gate-matrix.yml', run: localRun() })
    const gates = evidence.environments[0].gates.filter((g) => !g.builtin)
    expect(gates.map((g) => [g.gate_id, g.result, g.findings.map((f) => f.code)])).toEqual([
      ['pipe-data', 'blocked', ['FILE_UNREADABLE']],
      // The `file` kind does not list a symlink out of the repository at all.
      ['passwd-text', 'missing', ['FILE_MISSING']],
    ])
    expect(JSON.stringify(evidence)).not.toMatch(/root:x:0/)
  })

  test('a matrix that is a FIFO or a symlink to /dev/zero is unusable input (exit 2), at once', async () => {
    const fifo = repo({})
    mkfifo(join(fifo, 'gate-matrix.yml'))
    const started = Date.now()
    const a = await cli(['check', '--root', fifo])
    expect(a.code).toBe(2)
    expect(a.stderr).toContain('gate-matrix.yml: "gate-matrix.yml" is a FIFO (named pipe), not a regular file')
    const zero = repo({})
    symlinkSync('/dev/zero', join(zero, 'gate-matrix.yml'))
    const b = await cli(['check', '--root', zero])
    expect(b.code).toBe(2)
    expect(b.stderr).toContain('"gate-matrix.yml" is a symlink that resolves outside the repository')
    expect(Date.now() - started).toBeLessThan(5000)
  })

  test.each([
    ['--changed-files', 'FIFO'],
    ['--changed-files', '/dev/zero'],
    ['--event', 'FIFO'],
    ['--event', '/dev/zero'],
  ])('%s naming a %s is a usage error naming the flag, at once', async (flag, what) => {
    const root = repo({ 'gate-matrix.yml': MATRIX, 'deploy/config.json': '{"region":"eu-west-1"}' })
    let path = '/dev/zero'
    if (what === 'FIFO') {
      path = join(root, 'input.fifo')
      mkfifo(path)
    }
    const started = Date.now()
    const r = await cli(['check', '--root', root, flag, path])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^gate-matrix: ${flag} ${path} is (a FIFO \\(named pipe\\)|a character device), not a regular file`))
    expect(r.stderr).not.toMatch(/bug in gate-matrix/)
    expect(Date.now() - started).toBeLessThan(5000)
  })

  test('merge: an evidence file that is a FIFO is a usage error, at once', async () => {
    const root = repo({})
    mkfifo(join(root, 'e.json'))
    const r = await cli(['merge', join(root, 'e.json')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/evidence file .*e\.json is a FIFO/)
  })
})

describe('reads and globs, cached per reader', () => {
  test('a file is read whole at its size, an empty one and one of exactly the limit too', () => {
    const root = repo({ 'empty.txt': '', 'exact.txt': 'z'.repeat(1024), 'multi.txt': 'é\n'.repeat(40_000) })
    const reader = new RepoReader(root, { maxFileBytes: 1024 * 1024 })
    expect(reader.read('empty.txt')).toEqual({ kind: 'ok', text: '' })
    expect(reader.read('multi.txt')).toEqual({ kind: 'ok', text: 'é\n'.repeat(40_000) })
    expect(new RepoReader(root, { maxFileBytes: 1024 }).read('exact.txt')).toEqual({ kind: 'ok', text: 'z'.repeat(1024) })
    const exact = readRegularFile(join(root, 'exact.txt'), 1024)
    expect(exact.kind === 'ok' && exact.bytes.length).toBe(1024)
  })

  // A procfs file is regular with size 0: what fstat gave is not the end, as for a file that grows.
  const procFile = existsSync('/proc/self/environ') ? test : test.skip
  procFile('a file longer than fstat said is read to its end, each read its own bytes, and still bounded', () => {
    const whole = readFileSync('/proc/self/environ')
    expect(whole.length).toBeGreaterThan(20)
    const read = readRegularFile('/proc/self/environ', 1024 * 1024)
    expect(read.kind === 'ok' && read.bytes.equals(whole)).toBe(true)
    const other = readRegularFile('/proc/self/cmdline', 1024 * 1024)
    expect(other.kind === 'ok' && other.bytes.equals(readFileSync('/proc/self/cmdline'))).toBe(true)
    // The first read's bytes are not overwritten by a later file's.
    expect(read.kind === 'ok' && read.bytes.equals(whole)).toBe(true)
    // Many reads past the size (kernel symbols, megabytes, where the system shows them): no read's bytes overwrite another's.
    const symbols = existsSync('/proc/kallsyms') ? readFileSync('/proc/kallsyms') : Buffer.alloc(0)
    if (symbols.length > 256 * 1024) {
      const many = readRegularFile('/proc/kallsyms', 64 * 1024 * 1024)
      expect(many.kind === 'ok' && many.bytes.equals(symbols)).toBe(true)
    }
    expect(readRegularFile('/proc/self/environ', 10)).toEqual({ kind: 'error', message: 'is more than 10 bytes, over the 10-byte limit for files gate-matrix reads' })
  })

  test('glob results are copies, and hasMatch agrees with glob for globs, files and folders', () => {
    const root = repo({ 'docs/a.md': '# A\n', 'docs/b.md': '# B\n', 'src/x.ts': 'x\n' })
    const reader = new RepoReader(root)
    const first = reader.glob('docs/*.md')
    first.push('not/a/file.md')
    first.sort().reverse()
    expect(reader.glob('docs/*.md')).toEqual(['docs/a.md', 'docs/b.md'])
    for (const pattern of ['docs/*.md', 'docs/**', '**/*.ts', 'lib/**', '*.md', 'docs/a.md', 'docs/c.md', 'docs', './docs/b.md']) {
      expect([pattern, reader.hasMatch(pattern)]).toEqual([pattern, reader.glob(pattern).length > 0])
      expect([pattern, new RepoReader(root).hasMatch(pattern)]).toEqual([pattern, reader.glob(pattern).length > 0])
    }
    expect(reader.hasMatch('docs')).toBe(false)
    expect(reader.hasMatch('lib/**')).toBe(false)
  })

  test('a glob walks only its literal directory, and lists what the full listing gives: no symlinked folder, .git or node_modules', () => {
    const root = repo({ 'docs/a.md': '# A\n', 'docs/deep/b.md': '# B\n', 'real/c.md': '# C\n', 'node_modules/p/d.md': '', 'docs/node_modules/e.md': '', 'docs/.git/f.md': '' })
    symlinkSync(join(root, 'real'), join(root, 'docs', 'linked'))
    symlinkSync(join(root, 'real', 'c.md'), join(root, 'docs', 'c-link.md'))
    const patterns = ['docs/*.md', 'docs/**/*.md', 'docs/linked/*.md', 'docs/linked/**', 'node_modules/**', 'docs/node_modules/*.md', 'docs/.git/**', 'docs/deep/*.md', 'real/*.md', '**/*.md']
    const expected = [['docs/a.md', 'docs/c-link.md'], ['docs/a.md', 'docs/c-link.md', 'docs/deep/b.md'], [], [], [], [], [], ['docs/deep/b.md'], ['real/c.md'], ['docs/a.md', 'docs/c-link.md', 'docs/deep/b.md', 'real/c.md']]
    const lazy = new RepoReader(root)
    expect(patterns.map((p) => lazy.glob(p))).toEqual(expected)
    expect(patterns.map((p) => new RepoReader(root).hasMatch(p))).toEqual(expected.map((m) => m.length > 0))
    const listed = new RepoReader(root)
    const all = listed.files()
    expect(patterns.map((p) => listed.glob(p))).toEqual(patterns.map((p) => all.filter((f) => picomatch(p, { dot: true })(f))))
    expect(patterns.map((p) => listed.glob(p))).toEqual(expected)
  })
})

describe('--out', () => {
  test.each([
    ['the matrix', (root: string) => join(root, 'gate-matrix.yml')],
    ['a symlink to the matrix', (root: string) => {
      symlinkSync(join(root, 'gate-matrix.yml'), join(root, 'report.txt'))
      return join(root, 'report.txt')
    }],
    ['a repository file a gate read', (root: string) => join(root, 'deploy/config.json')],
    ['the --changed-files list', (root: string) => join(root, 'changed.txt')],
  ])('never overwrites %s: usage error naming --out, the file unchanged', async (_what, target) => {
    const root = repo({ 'gate-matrix.yml': MATRIX, 'deploy/config.json': '{"region":"eu-west-1"}', 'changed.txt': 'deploy/config.json\n' })
    const out = target(root)
    const before = readFileSync(out, 'utf8')
    const r = await cli(['check', '--root', root, '--changed-files', join(root, 'changed.txt'), '--format', 'json', '--out', out])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^gate-matrix: --out ${out.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} is .*, an input of this run: it is not overwritten`))
    expect(readFileSync(out, 'utf8')).toBe(before)
  })

  test('merge never overwrites an evidence file it merges', async () => {
    const root = repo({ 'gate-matrix.yml': MATRIX, 'deploy/config.json': '{"region":"eu-west-1"}' })
    const evidence = join(root, 'e.json')
    expect((await cli(['check', '--root', root, '--format', 'json', '--out', evidence])).code).toBe(0)
    const before = readFileSync(evidence, 'utf8')
    const r = await cli(['merge', evidence, '--out', evidence])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/--out .*e\.json is .*an input of this run/)
    expect(readFileSync(evidence, 'utf8')).toBe(before)
  })

  test('a new file beside the inputs is written', async () => {
    const root = repo({ 'gate-matrix.yml': MATRIX, 'deploy/config.json': '{"region":"eu-west-1"}' })
    const r = await cli(['check', '--root', root, '--format', 'json', '--out', join(root, 'report.json')])
    expect(r.code).toBe(0)
    expect(JSON.parse(readFileSync(join(root, 'report.json'), 'utf8')).verdict).toBe('clean')
  })

  test.each([['check'], ['merge']])('%s: --out into a folder that does not exist says so, exit 2, not "a bug"', async (command) => {
    const root = repo({ 'gate-matrix.yml': MATRIX, 'deploy/config.json': '{"region":"eu-west-1"}' })
    const evidence = join(root, 'e.json')
    writeFileSync(evidence, '{}')
    const out = join(root, 'no/such/dir/report.json')
    const args = command === 'check' ? ['check', '--root', root, '--out', out] : ['merge', evidence, '--out', out]
    const r = await cli(args)
    expect(r.code).toBe(2)
    expect(r.stderr).toBe(`gate-matrix: --out ${out}: the folder ${join(root, 'no/such/dir')} does not exist; create it first or write somewhere else\n`)
  })

  test('--out naming a folder is a usage error naming --out', async () => {
    const root = repo({ 'gate-matrix.yml': MATRIX, 'deploy/config.json': '{"region":"eu-west-1"}' })
    const r = await cli(['check', '--root', root, '--out', join(root, 'deploy')])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^gate-matrix: --out .*deploy is a folder: name a file/)
  })

  test('a glob with a top-level | (picomatch: "or") is matched as the full listing matches it', () => {
    const root = repo({ 'b/x.pem': 'k\n', 'c/y.pem': 'k\n' })
    const lazy = new RepoReader(root)
    const all = new RepoReader(root).files()
    for (const p of ['a|b/*.pem', 'b/*.pem|c/*.pem']) {
      expect([p, lazy.glob(p)]).toEqual([p, all.filter((f) => picomatch(p, { dot: true })(f))])
      expect([p, new RepoReader(root).hasMatch(p)]).toEqual([p, true])
    }
  })
})
