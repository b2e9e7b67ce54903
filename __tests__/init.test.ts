// `gate-matrix init` golden cases as data: each folder under testdata/init/<case>/ holds a
// small repository in `tree/`, an optional `args` file (more `init` flags), an optional
// `forbidden` file (values, one a line, that must appear in no output: secrets of the tree),
// and what init gives: `expected.yml` (the matrix it wrote) or, when it refuses, `expected.txt`
// (its stderr, the root shown as <root>, then `exit N`). Every written matrix must pass the
// engine's validate. Run through the CLI's main function; `UPDATE=1` rewrites the expected files.
import { describe, expect, it } from '@jest/globals'
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, realpathSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { validateMatrix } from '../src/engine/index.js'
import { runCli } from './support/gates.js'

const ROOT = 'testdata/init'
const UPDATE = process.env.UPDATE === '1'

const cases = readdirSync(ROOT, { withFileTypes: true }).filter((d) => d.isDirectory()).map((d) => d.name).sort()

function copyTree(name: string): string {
  const root = realpathSync(mkdtempSync(join(tmpdir(), `gm-init-${name}-`)))
  cpSync(join(ROOT, name, 'tree'), root, { recursive: true })
  return root
}

function lines(file: string): string[] {
  return existsSync(file) ? readFileSync(file, 'utf8').split('\n').map((l) => l.trim()).filter(Boolean) : []
}

describe('gate-matrix init golden cases', () => {
  it('finds the cases', () => {
    expect(cases.length).toBeGreaterThanOrEqual(10)
  })

  it.each(cases)('%s', async (name) => {
    const dir = join(ROOT, name)
    const root = copyTree(name)
    const before = existsSync(join(root, 'gate-matrix.yml')) ? readFileSync(join(root, 'gate-matrix.yml'), 'utf8') : null
    const { code, stdout, stderr } = await runCli(['init', '--root', root, ...lines(join(dir, 'args'))])
    const written = existsSync(join(root, 'gate-matrix.yml')) ? readFileSync(join(root, 'gate-matrix.yml'), 'utf8') : null

    for (const secret of lines(join(dir, 'forbidden'))) {
      for (const text of [stdout, stderr, written ?? '']) expect(text).not.toContain(secret)
    }

    if (code !== 0) {
      // A refusal leaves the existing file as it was.
      expect(written).toBe(before)
      const actual = `${stderr.split(root).join('<root>')}exit ${code}\n`
      if (UPDATE) writeFileSync(join(dir, 'expected.txt'), actual)
      expect(actual).toBe(readFileSync(join(dir, 'expected.txt'), 'utf8'))
      return
    }
    expect(written).not.toBeNull()
    expect(stderr).toMatch(/: valid \(\d+ gates, \d+ environments\)/)
    if (UPDATE) writeFileSync(join(dir, 'expected.yml'), written as string)
    expect(written).toBe(readFileSync(join(dir, 'expected.yml'), 'utf8'))
    // The engine's validate accepts it (it throws the problems otherwise).
    const m = validateMatrix(root, 'gate-matrix.yml')
    expect(Object.keys(m.spec.environments).length).toBeGreaterThan(0)
  })
})

describe('gate-matrix init flags', () => {
  it('prints the matrix with --out - and writes nothing', async () => {
    const root = copyTree('deploy-environments')
    const { code, stdout } = await runCli(['init', '--root', root, '--out', '-'])
    expect(code).toBe(0)
    expect(stdout).toBe(readFileSync(join(ROOT, 'deploy-environments', 'expected.yml'), 'utf8'))
    expect(existsSync(join(root, 'gate-matrix.yml'))).toBe(false)
  })

  it('writes to --out FILE inside the root and validates it there', async () => {
    const root = copyTree('dispatch-choice')
    const { code, stderr } = await runCli(['init', '--root', root, '--out', join(root, 'ci', 'matrix.yml')])
    expect(code).toBe(2)
    expect(stderr).toContain('does not exist; create it first')
    const ok = await runCli(['init', '--root', root, '--out', join(root, 'matrix.yml')])
    expect(ok.code).toBe(0)
    expect(ok.stderr).toContain('valid (')
    expect(validateMatrix(root, 'matrix.yml').spec.environments).toHaveProperty('staging')
  })

  it('does not write through a symlink, even with --force', async () => {
    const root = copyTree('no-workflows')
    const outside = join(realpathSync(mkdtempSync(join(tmpdir(), 'gm-init-outside-'))), 'target.yml')
    writeFileSync(outside, 'kept\n')
    symlinkSync(outside, join(root, 'gate-matrix.yml'))
    const { code, stderr } = await runCli(['init', '--root', root, '--force'])
    expect(code).toBe(2)
    expect(stderr).toContain('is a symlink: it is not written through')
    expect(readFileSync(outside, 'utf8')).toBe('kept\n')
  })

  it('refuses flags that do not go with init', async () => {
    const { code, stderr } = await runCli(['init', '--matrix', 'x.yml'])
    expect(code).toBe(2)
    expect(stderr).toContain('--matrix does not go with "init"')
  })

  it('is deterministic: the same tree gives the same bytes', async () => {
    const a = await runCli(['init', '--root', copyTree('env-hosts'), '--out', '-'])
    const b = await runCli(['init', '--root', copyTree('env-hosts'), '--out', '-'])
    expect(a.stdout).toBe(b.stdout)
  })
})
