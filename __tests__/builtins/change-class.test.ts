import { describe, expect, it } from '@jest/globals'
import { changeClassGate } from '../../src/gates/builtins/change-class.js'
import type { AssertionOutcome } from '../../src/core/outcome.js'
import type { ChangeSet } from '../../src/core/run.js'
import { fixtureRepo, fixtureContext as makeContext } from '../support/gates.js'

async function run(profile: string | null, changes: ChangeSet, root?: string): Promise<AssertionOutcome> {
  return changeClassGate.evaluate(makeContext({ root, environment: 'staging', changes, run: { profile } }))
}
const files = (...f: string[]): ChangeSet => ({ kind: 'files', files: f })

describe('built-in change-class', () => {
  it.each<[string, string | null, ChangeSet, string, string[]]>([
    ['default profile (standard) ships everything classed', null, files('apps/api/a.ts', 'website/i.html', '.github/x.yml'), 'pass', []],
    ['web-fast with web only', 'web-fast', files('website/index.html', 'apps/web/a.ts'), 'pass', []],
    ['files in no class are allowed', 'web-fast', files('README.md', 'website/a.html'), 'pass', []],
    ['web-fast with api and config changes → one finding per class', 'web-fast', files('apps/api/a.ts', 'website/a', 'deploy/x.yml', 'apps/api/b.ts'), 'fail', ['api', 'config']],
  ])('%s', async (_name, profile, changes, result, classes) => {
    const o = await run(profile, changes)
    expect(o.result).toBe(result)
    expect(o.findings.map((f) => f.code)).toEqual(classes.map(() => 'CHANGE_CLASS_NOT_ALLOWED'))
    o.findings.forEach((f, i) => {
      expect(f.location).toEqual({ path: 'gate-matrix.yml', line: 24, column: 14 })
      expect(f.message).toContain(`class "${classes[i]}"`)
    })
    if (classes[0] === 'api') expect(o.findings[0].message).toContain('apps/api/a.ts, apps/api/b.ts')
  })

  it('no profile → not_applicable', async () => {
    const root = fixtureRepo({ 'gate-matrix.yml': 'version: 1\nenvironments: { staging: {} }\ngates: []\n' })
    expect((await run(null, files('a'), root)).result).toBe('not_applicable')
  })

  it('no diff → not_applicable; unavailable → blocked', async () => {
    expect((await run('web-fast', { kind: 'none', reason: 'no diff' })).result).toBe('not_applicable')
    const o = await run('web-fast', { kind: 'unavailable', reason: 'API 502' })
    expect(o.result).toBe('blocked')
    expect(o.findings[0]).toMatchObject({ code: 'CHANGES_UNAVAILABLE', location: { line: 24 } })
  })

  it('an unknown profile never passes: the engine refuses it first, the gate throws (fail closed)', async () => {
    await expect(run('nope', files('a'))).rejects.toThrow('release profile "nope" is not declared')
  })
})
