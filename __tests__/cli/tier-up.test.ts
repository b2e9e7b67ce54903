// The CLI's tier-up budget (src/cli/tier-up.ts): raised on V8 11 (Node 20) only, never over a
// budget the user set, and never on a V8 without the flag (where setting it prints an error;
// .ci/run runs this file under Node 24 too).
import { spawnSync } from 'node:child_process'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { tierUpFlag } from '../../src/cli/tier-up.js'
import { ensureBuilt, ROOT } from '../action/harness.js'

test('V8 11 gets four times its default budget', () => {
  expect(tierUpFlag('11.3.244.8-node.33', [], undefined)).toBe('--interrupt-budget=270336')
  expect(tierUpFlag('11.3.244.8-node.33', ['--max-old-space-size=512'], '--enable-source-maps')).toBe('--interrupt-budget=270336')
})

test('another V8, or a budget the user set, is left alone', () => {
  expect(tierUpFlag('13.6.233.17-node.42', [], undefined)).toBeNull()
  expect(tierUpFlag('12.4.254.21-node.33', [], undefined)).toBeNull()
  expect(tierUpFlag('11.3.244.8-node.33', ['--interrupt-budget=1000'], undefined)).toBeNull()
  expect(tierUpFlag('11.3.244.8-node.33', [], '--interrupt_budget=1000')).toBeNull()
  expect(tierUpFlag('11.3.244.8-node.33', [], '--max-old-space-size=512 --interrupt-budget 1000')).toBeNull()
})

test('the built CLI starts on this Node without a word on stderr', () => {
  ensureBuilt()
  const dir = mkdtempSync(join(tmpdir(), 'gm-tier-up-'))
  try {
    const r = spawnSync(process.execPath, [join(ROOT, 'dist', 'cli', 'index.js'), '--version'], { encoding: 'utf8', env: { PATH: process.env.PATH ?? '', HOME: dir, XDG_CACHE_HOME: dir } })
    expect(r.status).toBe(0)
    expect(r.stderr).toBe('')
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
})
