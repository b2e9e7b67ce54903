// The reader resolves a listed file from its folder's real path (one realpath per folder, not
// per file). Whatever the order of asking, it answers what realpath of each path answers:
// the same file, the same "missing", the same refusal of a symlink leaving the repository.
import { afterAll, describe, expect, it } from '@jest/globals'
import { execFileSync } from 'node:child_process'
import { chmodSync, mkdirSync, mkdtempSync, realpathSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, sep } from 'node:path'
import { RepoReader } from '../../src/repo/reader.js'
import { normalizeRepoPath, repoPathProblem } from '../../src/repo/paths.js'
import { makeRepo } from '../support/gates.js'

const cleanups: Array<() => void> = []
afterAll(() => cleanups.forEach((c) => c()))

/** A repository with every kind of entry, and a folder outside it that links back in. */
function tree(): { root: string; outside: string } {
  const repo = makeRepo({ 'a.txt': 'a\n', 'docs/b.md': '# B\n', 'docs/deep/c.md': '# C\n', 'docs/deep/more/d.md': '# D\n', 'empty/.keep': '' })
  const outside = mkdtempSync(join(tmpdir(), 'gm-outside-'))
  cleanups.push(repo.cleanup, () => rmSync(outside, { recursive: true, force: true }))
  const { root } = repo
  writeFileSync(join(outside, 'secret.txt'), 'secret\n')
  symlinkSync(join(root, 'a.txt'), join(outside, 'back-in.txt'))
  symlinkSync(join(root, 'docs', 'b.md'), join(root, 'link-in.md'))
  symlinkSync('docs', join(root, 'dir-in'))
  symlinkSync(join(outside, 'secret.txt'), join(root, 'docs', 'link-out.txt'))
  symlinkSync(outside, join(root, 'dir-out'))
  symlinkSync(join(root, 'nowhere'), join(root, 'docs', 'dangling.md'))
  symlinkSync('loop-b', join(root, 'loop-a'))
  symlinkSync('loop-a', join(root, 'loop-b'))
  execFileSync('mkfifo', [join(root, 'docs', 'pipe')])
  return { root, outside }
}

const PATHS = [
  '.', './a.txt', 'a.txt', 'A.txt', 'a.txt/x', 'docs', 'docs/', 'docs//b.md', 'docs/./b.md', 'docs/b.md', 'docs/B.md',
  'docs/deep/c.md', 'docs/deep/more/d.md', 'docs/deep/more', 'docs/deep/../b.md', 'docs/none.md', 'docs/none/deeper/x.md',
  'no/such/deep/path.md', 'link-in.md', 'dir-in/b.md', 'dir-in/deep/c.md', 'docs/link-out.txt', 'dir-out', 'dir-out/secret.txt',
  'dir-out/back-in.txt', 'docs/dangling.md', 'loop-a', 'loop-a/x', 'docs/pipe', 'empty/.keep', '/etc/passwd', '',
]

/** What the reader answered before: realpath of each path, then the root check. */
function reference(root: string, rel: string): string | 'missing' | 'error' {
  if (repoPathProblem(rel)) return 'error'
  let real: string
  try {
    real = realpathSync.native(join(root, normalizeRepoPath(rel)))
  } catch {
    return 'missing'
  }
  const realRoot = realpathSync.native(root)
  return real === realRoot || real.startsWith(realRoot + sep) ? real : 'error'
}

/** The reader's answers for every path, asked in `order`, after `warm` has listed what it lists. */
function answers(root: string, order: string[], warm: (r: RepoReader) => void) {
  const reader = new RepoReader(root)
  warm(reader)
  const exists = Object.fromEntries(order.map((p) => [p, reader.exists(p)]))
  const reads = Object.fromEntries(order.map((p) => [p, reader.read(p).kind]))
  return { exists, reads, readFiles: reader.readFiles().sort() }
}

describe('real paths, one realpath per folder', () => {
  const { root } = tree()
  // Through a symlink to the repository too: real paths are the real root's.
  const linkedRoot = join(mkdtempSync(join(tmpdir(), 'gm-linked-')), 'repo')
  symlinkSync(root, linkedRoot)
  cleanups.push(() => rmSync(join(linkedRoot, '..'), { recursive: true, force: true }))

  it.each([['the repository', root], ['a symlink to it', linkedRoot]])('exists, read and readFiles agree with realpath of each path (%s), in any order', (_what, base) => {
    const expected = Object.fromEntries(PATHS.map((p) => [p, reference(base, p)]))
    const expectedExists = Object.fromEntries(PATHS.map((p) => [p, expected[p] !== 'missing' && expected[p] !== 'error']))
    const orders = [PATHS, [...PATHS].reverse(), [...PATHS].sort()]
    const warmers = [(_r: RepoReader) => undefined, (r: RepoReader) => void r.files(), (r: RepoReader) => void r.glob('docs/**')]
    for (const order of orders) {
      for (const warm of warmers) {
        const got = answers(base, order, warm)
        expect(got.exists).toEqual(expectedExists)
        // Read once per normalised path: a file read by two names is listed twice.
        const readKeys = [...new Set(PATHS.filter((p) => got.reads[p] === 'ok').map(normalizeRepoPath))]
        expect(got.readFiles).toEqual(readKeys.map((k) => reference(base, k)).sort())
        for (const p of PATHS) {
          if (expected[p] === 'missing' || expected[p] === 'error') expect([p, got.reads[p]]).toEqual([p, expected[p]])
        }
      }
    }
  })

  it('a symlink out of the repository is refused wherever it is: a file, a folder, a folder of a folder', () => {
    const reader = new RepoReader(root)
    reader.files()
    expect(reader.read('docs/link-out.txt')).toEqual({ kind: 'error', message: '"docs/link-out.txt" is a symlink that resolves outside the repository; it is not read' })
    expect(reader.read('dir-out/secret.txt')).toEqual({ kind: 'error', message: '"dir-out/secret.txt" is a symlink that resolves outside the repository; it is not read' })
    // Out and back in: the file it names is the repository's.
    expect(reader.read('dir-out/back-in.txt')).toEqual({ kind: 'ok', text: 'a\n' })
    expect(reader.read('docs/pipe')).toMatchObject({ kind: 'error', message: expect.stringContaining('FIFO') })
  })

  it('a listed file that became a symlink out of the repository is not read', () => {
    const { root: r, outside } = tree()
    const reader = new RepoReader(r)
    expect(reader.files()).toContain('docs/deep/c.md')
    unlinkSync(join(r, 'docs', 'deep', 'c.md'))
    symlinkSync(join(outside, 'secret.txt'), join(r, 'docs', 'deep', 'c.md'))
    const read = reader.read('docs/deep/c.md')
    expect(read.kind).toBe('error')
    expect(JSON.stringify(read)).not.toContain('secret')
  })

  it('a listed folder that became a symlink out of the repository is not read through', () => {
    const { root: r, outside } = tree()
    writeFileSync(join(r, 'docs', 'deep', 'e.md'), '# E\n')
    const reader = new RepoReader(r)
    expect(reader.glob('docs/deep/*.md')).toContain('docs/deep/c.md')
    // Its real path was taken (and checked) with its first read; now it leads out, to a file of the same name.
    expect(reader.read('docs/deep/e.md')).toEqual({ kind: 'ok', text: '# E\n' })
    mkdirSync(join(outside, 'deep'), { recursive: true })
    writeFileSync(join(outside, 'deep', 'c.md'), 'secret\n')
    execFileSync('mv', [join(r, 'docs', 'deep'), join(r, 'docs', 'deep-old')])
    symlinkSync(join(outside, 'deep'), join(r, 'docs', 'deep'))
    const read = reader.read('docs/deep/c.md')
    expect(read).toEqual({ kind: 'error', message: '"docs/deep/c.md" changed while it was read (a folder on its path became a symlink); it is not read' })
  })

  it('a folder that lists but cannot be searched answers as realpath does (not for root, which may search anything)', () => {
    if (process.getuid?.() === 0) return
    const { root: r } = tree()
    mkdirSync(join(r, 'locked'))
    writeFileSync(join(r, 'locked', 'f.txt'), 'f\n')
    chmodSync(join(r, 'locked'), 0o444)
    try {
      const reader = new RepoReader(r)
      reader.files()
      expect([reader.exists('locked/f.txt'), reader.read('locked/f.txt').kind]).toEqual([reference(r, 'locked/f.txt') !== 'missing', 'missing'])
    } finally {
      chmodSync(join(r, 'locked'), 0o755)
    }
  })
})
