import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { GithubFacts, RunContext } from '../../src/core/run.js'
import { buildContexts } from '../../src/engine/contexts.js'
import { conditionProblems, evaluateCondition, type ExpressionContexts, ExpressionError, expressionProblems, resolveTemplates } from '../../src/expressions/evaluate.js'
import { splitTemplate, wholeExpression } from '../../src/core/template.js'
import { loadMatrix } from '../../src/matrix/load.js'
import { RepoReader } from '../../src/repo/reader.js'

const contexts: ExpressionContexts = {
  environment: { name: 'production', branch: 'main', hosts: { portal: 'portal.example.com' }, vars: { replicas: 3, public: true, none: null } },
  matrix: { environments: ['staging', 'production'], owner: 'sre', profiles: [], change_classes: [], gates: ['a'] },
  profile: null,
  github: { event_name: 'workflow_dispatch', sha: 'abc123', ref: 'refs/heads/main', pr_number: null },
  inputs: { target_environment: 'production', skip: '' },
}

describe('resolveTemplates', () => {
  test.each<[string, unknown, unknown]>([
    ['a whole expression keeps a list', '${{ matrix.environments }}', ['staging', 'production']],
    ['a whole expression keeps a number', '${{ environment.vars.replicas }}', 3],
    ['a whole expression keeps a boolean', '${{ environment.vars.public }}', true],
    ['a whole expression keeps a mapping', '${{ environment.hosts }}', { portal: 'portal.example.com' }],
    ['a whole expression keeps null', '${{ environment.vars.none }}', null],
    ['an absent property is null', '${{ environment.nope.deeper }}', null],
    ['whitespace around one expression', '  ${{ github.sha }} ', 'abc123'],
    ['interpolation into text', 'https://${{ environment.hosts.portal }}/health', 'https://portal.example.com/health'],
    ['several expressions', '${{ environment.name }}@${{ github.sha }}', 'production@abc123'],
    ['numbers and booleans as text', 'n=${{ environment.vars.replicas }} p=${{ environment.vars.public }}.', 'n=3 p=true.'],
    ['a list interpolated reads as GitHub writes it', 'envs: ${{ matrix.environments }}', 'envs: Array'],
    ['functions', "${{ format('{0}-{1}', environment.name, join(matrix.environments, ',')) }}", 'production-staging,production'],
    ['context names are case-insensitive', '${{ Inputs.TARGET_ENVIRONMENT }}', 'production'],
    ['a quoted }} inside an expression', "${{ format('}}{0}', github.sha) }}", '}abc123'], // format() reads }} as }
    ['text without expressions is untouched', 'plain ${ text } {{ }}', 'plain ${ text } {{ }}'],
    ['a null profile context', '${{ profile.name }}', null],
    ['toJSON of a list', '${{ toJSON(matrix.environments) }}', '[\n  "staging",\n  "production"\n]'],
  ])('%s', (_label, input, expected) => {
    expect(resolveTemplates(input, contexts)).toEqual(expected)
  })

  test('goes deep through lists and mappings, leaving other values alone', () => {
    expect(
      resolveTemplates(
        { file: 'x.yml', options: '${{ matrix.environments }}', nested: [{ url: 'https://${{ environment.hosts.portal }}' }, 7, true, null] },
        contexts,
      ),
    ).toEqual({ file: 'x.yml', options: ['staging', 'production'], nested: [{ url: 'https://portal.example.com' }, 7, true, null] })
  })

  test('makes each mapping as Object.fromEntries would: a `__proto__` key stays an own key', () => {
    const input = JSON.parse('{"__proto__": "${{ environment.name }}", "b": 1}') as unknown
    const resolved = resolveTemplates(input, contexts) as Record<string, unknown>
    expect(Object.getPrototypeOf(resolved)).toBe(Object.prototype)
    expect(Object.entries(resolved)).toEqual([['__proto__', 'production'], ['b', 1]])
  })

  test.each([
    ['an evaluation failure', "${{ fromJSON('{not json') }}", /could not be evaluated/],
    ['an unknown context', '${{ secrets.TOKEN }}', /unknown context "secrets"/],
    ['a syntax error', '${{ github. }}', /is not a valid expression/],
    ['an unclosed expression', 'x ${{ github.sha', /without a closing \}\}/],
  ])('%s throws ExpressionError', (_label, input, message) => {
    let error: unknown
    try {
      resolveTemplates({ a: [input] }, contexts)
    } catch (e) {
      error = e
    }
    expect(error).toBeInstanceOf(ExpressionError)
    expect((error as Error).message).toMatch(message)
  })
})

describe('values computed once per contexts', () => {
  // The evaluator shares the contexts that are the same in every environment, and each
  // contexts object keeps the values its expressions had: neither may leak between environments.
  const shared = { matrix: contexts.matrix, profile: null, github: contexts.github, inputs: contexts.inputs }
  const staging: ExpressionContexts = { ...shared, environment: { name: 'staging' } }
  const production: ExpressionContexts = { ...shared, environment: { name: 'production' } }

  test('each environment reads its own facts and the shared contexts, every time', () => {
    for (let i = 0; i < 2; i++) {
      expect(resolveTemplates(['${{ environment.name }}', '${{ github.sha }}'], staging)).toEqual(['staging', 'abc123'])
      expect(resolveTemplates(['${{ environment.name }}', '${{ github.sha }}'], production)).toEqual(['production', 'abc123'])
      expect(evaluateCondition("environment.name == 'staging'", staging)).toBe(true)
      expect(evaluateCondition("environment.name == 'staging'", production)).toBe(false)
    }
  })

  test('a value taken twice is two copies, and a failure fails each time', () => {
    const first = resolveTemplates('${{ environment.hosts }}', contexts) as Record<string, unknown>
    first.portal = 'changed'
    expect(resolveTemplates('${{ environment.hosts }}', contexts)).toEqual({ portal: 'portal.example.com' })
    for (let i = 0; i < 2; i++) expect(() => resolveTemplates("${{ fromJSON('{not json') }}", staging)).toThrow(/could not be evaluated/)
  })
})

describe('evaluateCondition', () => {
  test.each<[string, boolean]>([
    ["${{ inputs.target_environment == 'production' }}", true],
    ["inputs.target_environment == 'production'", true],
    ["github.event_name == 'push'", false],
    ["${{ github.event_name == 'push' || environment.name == 'production' }}", true],
    ["inputs.target_environment == 'PRODUCTION'", true], // GitHub compares strings case-insensitively
    ['inputs.skip', false], // '' is false
    ['environment.vars.replicas', true],
    ['environment.vars.none', false],
    ['github.pr_number', false],
    ["contains(matrix.environments, 'staging')", true],
    ['!inputs.skip', true],
    ["startsWith(github.ref, 'refs/heads/')", true],
  ])('%s → %s', (source, expected) => {
    expect(evaluateCondition(source, contexts)).toBe(expected)
  })

  test('text around expressions is refused rather than always true', () => {
    expect(() => evaluateCondition('${{ false }} && ${{ false }}', contexts)).toThrow(/mixes text and expressions, which is always true/)
  })
})

describe('parse checks', () => {
  test.each<[string, RegExp | null]>([
    ['no expression at all', null],
    ['https://${{ environment.hosts.portal }}', null],
    ['${{ inputs.a }} and ${{ github.sha }}', null],
    ['${{ env.X }}', /unknown context "env"; expressions may use environment, matrix, profile, github, inputs/],
    ['${{ github.sha ==  }}', /is not a valid expression/],
    ['${{ hashFiles("x") }}', /is not a valid expression|unknown function/],
    ['${{ }}', /is empty/],
    ['${{ github.sha', /without a closing/],
  ])('expressionProblems(%j)', (source, expected) => {
    const problem = expressionProblems(source)
    if (expected === null) expect(problem).toBeNull()
    else expect(problem).toMatch(expected)
  })

  test.each<[string, RegExp | null]>([
    ["github.event_name == 'push'", null],
    ['${{ inputs.go }}', null],
    ['vars.X', /unknown context "vars"/],
    ['${{ a }}x${{ b }}', /mixes text and expressions/],
  ])('conditionProblems(%j)', (source, expected) => {
    const problem = conditionProblems(source)
    if (expected === null) expect(problem).toBeNull()
    else expect(problem).toMatch(expected)
  })
})

describe('template splitting', () => {
  test('an expression ends at the first }} outside a quoted string', () => {
    expect(splitTemplate("a${{ format('}}''{0}', x) }}b")).toEqual({
      parts: [
        { kind: 'text', text: 'a' },
        { kind: 'expression', source: "format('}}''{0}', x)" },
        { kind: 'text', text: 'b' },
      ],
    })
  })

  test.each<[string, string | null]>([
    ['${{ a }}', 'a'],
    [' ${{ a }} ', 'a'],
    ['${{ a }}-${{ b }}', null],
    ['x${{ a }}', null],
    ['plain', null],
  ])('wholeExpression(%j) = %j', (value, expected) => {
    expect(wholeExpression(value)).toBe(expected)
  })
})

describe('buildContexts', () => {
  const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', 'fixtures', 'matrix')
  const matrix = loadMatrix(new RepoReader(join(fixtures, 'valid')), 'gate-matrix.yml')
  const github: GithubFacts = {
    event_name: 'pull_request',
    sha: 'merge',
    ref: 'refs/pull/7/merge',
    ref_name: '7/merge',
    repository: 'acme/site',
    pr_number: 7,
    base_ref: 'main',
    head_ref: 'feature',
    base_sha: 'base',
    head_sha: 'head',
    actor: 'alice',
  }
  const run = { github, inputs: { validated_against_source_sha: 'abc' } } as unknown as RunContext
  const staging = { ...matrix.spec.environments.staging, name: 'staging' }

  test('exposes the environment, the matrix names, the profile, github and inputs', () => {
    const c = buildContexts(matrix, staging, run, 'web-fast')
    expect(c.environment).toMatchObject({ name: 'staging', branch: 'main', hosts: { portal: 'staging-portal.example.com' } })
    expect(c.matrix).toEqual({
      environments: ['staging', 'production', 'store-readiness'],
      owner: 'release-engineering',
      profiles: ['standard', 'web-fast'],
      change_classes: ['web', 'api', 'config'],
      gates: ['smoke-targets-environment-host', 'promotion-has-no-bypass', 'schema-change-has-migration-and-approvals', 'production-from-main'],
    })
    expect(c.profile).toEqual({ name: 'web-fast', classes: ['web'], skip_families: ['schema-seed'], requires_prior_validation: true })
    expect(c.github).toMatchObject({ sha: 'merge', event_name: 'pull_request', pr_number: 7 })
    expect(c.inputs).toEqual({ validated_against_source_sha: 'abc' })
  })

  test('null environment and profile', () => {
    const c = buildContexts(matrix, null, run, null)
    expect(c.environment).toBeNull()
    expect(c.profile).toBeNull()
    // null inside text is no value at all (not ''): see __tests__/adversarial/matrix.test.ts.
    expect(() => resolveTemplates('[${{ environment.name }}]', c)).toThrow(/has no value \(null\)/)
  })

  test("resolves the fixture's templated options per environment", () => {
    const c = buildContexts(matrix, staging, run, null)
    expect(resolveTemplates(matrix.spec.gates[0].assert[0], c)).toEqual({
      data: { file: '.github/workflows/ci-smoke.yml', path: 'jobs.smoke.env.BASE_URL', equals: 'https://staging-portal.example.com' },
    })
    expect(resolveTemplates(matrix.spec.gates[1].assert[1], c)).toMatchObject({
      workflow: { dispatch_input: { name: 'target_environment', options: ['staging', 'production', 'store-readiness'] } },
    })
    const production = { ...matrix.spec.environments.production, name: 'production' }
    const condition = matrix.spec.gates[3].if as string
    expect(evaluateCondition(condition, buildContexts(matrix, production, { ...run, inputs: { target_environment: 'production' } }, null))).toBe(true)
    expect(evaluateCondition(condition, buildContexts(matrix, staging, { ...run, inputs: { target_environment: 'production' } }, null))).toBe(false)
    expect(evaluateCondition(matrix.spec.gates[2].if as string, c)).toBe(true)
  })
})
