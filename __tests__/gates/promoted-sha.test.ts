// The shared reading of the promoted commit and of durations (src/gates/support): what
// promotion-order, on_branch and prior validation each used to write for themselves.
import { describe, expect, it } from '@jest/globals'
import type { AssertionContext } from '../../src/gates/kit.js'
import { parseDuration } from '../../src/gates/support/check-state.js'
import { fullSha, promotedSha } from '../../src/gates/support/promoted-sha.js'
import { RepoReader } from '../../src/repo/reader.js'
import { HEAD, OLD, parseMatrix, runOf } from '../support/gates.js'

const MATRIX = `version: 1
environments:
  production:
    branch: main
    promotion: { sha_input: source_sha }
  staging: { branch: main }
gates: []
`

function context(env: string, inputs: Record<string, unknown>, event = 'workflow_dispatch'): AssertionContext {
  const matrix = parseMatrix(MATRIX)
  const run = runOf({ root: '/nonexistent', matrixPath: matrix.path, inputs, github: { event_name: event, sha: OLD, ref: 'refs/heads/main', repository: 'o/r' } })
  return { repo: new RepoReader(process.cwd()), matrix, run, environment: { ...matrix.spec.environments[env], name: env }, gateId: 'g', declaredAt: matrix.doc.locate([]).location, declaredPath: [] }
}

describe('promoted SHA', () => {
  it('is a full SHA only with 40 hex digits, trimmed and lower-cased', () => {
    expect(fullSha(` ${HEAD.toUpperCase()}\n`)).toBe(HEAD)
    expect(fullSha(HEAD.slice(0, 12))).toBeNull()
    expect(fullSha('main')).toBeNull()
    expect(fullSha(undefined)).toBeNull()
  })

  it('comes from the dispatch input promotion.sha_input names, with the matrix path naming it; else the run', () => {
    expect(promotedSha(context('production', { source_sha: HEAD.toUpperCase() }))).toEqual({ from: 'input', input: 'source_sha', value: HEAD.toUpperCase(), sha: HEAD, path: ['environments', 'production', 'promotion', 'sha_input'] })
    expect(promotedSha(context('production', { source_sha: 'abc' }))).toMatchObject({ from: 'input', value: 'abc', sha: null })
    expect(promotedSha(context('staging', { source_sha: HEAD }))).toEqual({ from: 'run', sha: OLD })
  })

  it('reads sha_input on a workflow_dispatch run only: a push or a schedule deploys its own commit', () => {
    expect(promotedSha(context('production', {}, 'push'))).toEqual({ from: 'run', sha: OLD })
    expect(promotedSha(context('production', { source_sha: HEAD }, 'schedule'))).toEqual({ from: 'run', sha: OLD })
  })
})

describe('parseDuration', () => {
  it('reads every unit a gate option or promotion.soak takes', () => {
    expect([parseDuration('30s'), parseDuration('10m'), parseDuration('4h'), parseDuration('2d')]).toEqual([30_000, 600_000, 14_400_000, 172_800_000])
  })
})
