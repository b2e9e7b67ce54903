import { describe, expect, it } from '@jest/globals'
import { priorValidationKind } from '../../src/gates/assertions/prior-validation.js'
import { GitHubUnavailableError } from '../../src/core/github-port.js'
import { provePriorValidation } from '../../src/gates/support/prior-validation.js'
import type { ProfileSpec } from '../../src/spec/types.js'
import { assertionContext, parseMatrix as loadMatrix, type MemoryData, memoryState, checkRun as run, runContext } from '../support/gates.js'

const VALIDATED = 'd'.repeat(40)
const MATRIX = `version: 1
environments:
  production: {}
profiles:
  web-fast:
    classes: [web]
    skip_families: [schema-seed]
    requires_prior_validation: { check: full-validation }
  quick:
    classes: [web]
    requires_prior_validation: true
gates:
  - id: g
    family: ci
    assert:
      - prior_validation: { check: full-validation }
`
const matrix = loadMatrix(MATRIX)
const CHECK_AT = { path: 'gate-matrix.yml', line: 16, column: 36 }

async function assertion(data: MemoryData | null, inputs: Record<string, unknown> = { validated_against_source_sha: VALIDATED }) {
  const api = data ? memoryState(data) : null
  const ctx = assertionContext(matrix, runContext({ api, inputs }), 'prior_validation')
  return priorValidationKind.evaluate({ check: 'full-validation' }, ctx)
}

describe('prior_validation assertion', () => {
  it('found: the check succeeded on the validated SHA', async () => {
    expect(await assertion({ checkRuns: { [VALIDATED]: [run('full-validation', 'failure', '2026-11-01T09:00:00Z'), run('full-validation', 'success', '2026-11-01T10:00:00Z')] } })).toEqual({
      result: 'pass',
      findings: [],
    })
  })

  it.each([
    ['never ran', {}, `"full-validation" never ran on the validated source ${VALIDATED}`],
    ['neutral proves nothing', { checkRuns: { [VALIDATED]: [run('full-validation', 'neutral')] } }, 'concluded neutral, not success'],
    ['still running', { checkRuns: { [VALIDATED]: [run('full-validation', null)] } }, 'is still running (in_progress)'],
  ])('not found: %s → missing', async (_label, data, message) => {
    const outcome = await assertion(data)
    expect(outcome.result).toBe('missing')
    expect(outcome.findings).toEqual([{ status: 'missing', code: 'PRIOR_VALIDATION_MISSING', message: expect.stringContaining(message), location: CHECK_AT }])
  })

  it('no or malformed input: missing, without asking the API', async () => {
    const api: MemoryData = {}
    expect((await assertion(api, {})).findings[0].message).toMatch(/^no inputs.validated_against_source_sha/)
    expect((await assertion(api, { validated_against_source_sha: 'main' })).findings[0].message).toContain('not a full 40-character commit SHA')
  })

  it('no API: missing with the reason; API failure: blocked', async () => {
    expect(await assertion(null)).toMatchObject({ result: 'missing', findings: [{ code: 'GITHUB_NOT_CONFIGURED', message: expect.stringContaining('no GITHUB_TOKEN') }] })
    expect(await assertion({ fail: new GitHubUnavailableError('HTTP 500', 'error') })).toMatchObject({ result: 'blocked', findings: [{ status: 'blocked', code: 'GITHUB_UNAVAILABLE' }] })
  })
})

describe('provePriorValidation', () => {
  const prove = (profileName: string, data: MemoryData) =>
    provePriorValidation({
      run: runContext({ api: memoryState(data), inputs: { validated_against_source_sha: VALIDATED } }),
      profile: matrix.spec.profiles![profileName] as ProfileSpec,
      profileName,
      matrix,
    })

  it('{check}: proven by a success on the validated SHA, else missing at the check', async () => {
    expect(await prove('web-fast', { statuses: { [VALIDATED]: [{ context: 'full-validation', state: 'success', updated_at: '2026-11-01T10:00:00Z' }] } })).toEqual({
      proven: true,
      sha: VALIDATED,
      check: 'full-validation',
    })
    expect(await prove('web-fast', {})).toMatchObject({ proven: false, status: 'missing', code: 'PRIOR_VALIDATION_MISSING', location: { line: 8, column: 41 } })
  })

  it('true: names no check, so nothing is proven; the message says how to name it', async () => {
    expect(await prove('quick', {})).toEqual({
      proven: false,
      status: 'missing',
      code: 'PRIOR_VALIDATION_MISSING',
      message: 'release profile quick requires prior validation but names no check: write requires_prior_validation: { check: <the check that validated the source> }',
      location: { path: 'gate-matrix.yml', line: 11, column: 32 },
    })
  })
})
