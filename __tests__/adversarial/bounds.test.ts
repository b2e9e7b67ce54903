// Bounded cost and scale (issue "Fail closed", items 9 and 10). What a matrix asks for
// (regexes, expressions, mention ranges, waits) and how much of it there is (80,000-item
// lists, 150,000 findings, recursive aliases) must end in a clear result at the line that
// owns it: never a pass, a hang, a crash or "a bug in gate-matrix". Cases that used to
// hang or run out of heap run the bundled CLI (or the action) in a child process that is
// killed after a generous limit, so a regression fails the test instead of hanging it.
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import { spawn } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { canonicalDigest, writeCanonicalJsonChunks } from '../../src/core/canonical-stream.js'
import { canonicalJson, canonicalOrder, sha256 } from '../../src/core/canonical-json.js'
import type { Evidence } from '../../src/evidence/types.js'
import { ensureBuilt, examplePayload, ROOT, runAction, workspace } from '../action/harness.js'
import { type GitHubApi, startGitHubApi } from '../helpers/github-api-server.js'
import { makeRepo, runCli as cli } from '../support/gates.js'

const CLI = join(ROOT, 'dist', 'cli', 'index.js')
/** A fixed run takes well under 2 s; the broken ones took from 46 s to 15 minutes. */
const KILL_AFTER_MS = 20_000

const cleanups: Array<() => void> = []
afterAll(() => cleanups.forEach((c) => c()))

function repo(files: Record<string, string>): string {
  const r = makeRepo(files)
  cleanups.push(r.cleanup)
  return r.root
}


/** The bundled CLI in a child process with a small heap, killed after KILL_AFTER_MS (code null). */
function cliProcess(argv: string[]): Promise<{ code: number | null; stdout: string; stderr: string; ms: number }> {
  const started = Date.now()
  const child = spawn(process.execPath, ['--max-old-space-size=384', CLI, ...argv], { stdio: ['ignore', 'pipe', 'pipe'], env: { PATH: process.env.PATH ?? '' } })
  let stdout = ''
  let stderr = ''
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()))
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()))
  const timer = setTimeout(() => child.kill('SIGKILL'), KILL_AFTER_MS)
  return new Promise((resolve) =>
    child.on('close', (code) => {
      clearTimeout(timer)
      resolve({ code, stdout, stderr, ms: Date.now() - started })
    }),
  )
}

function matrix(gateLines: string, environments = '  staging: {}'): string {
  return `version: 1\nenvironments:\n${environments}\ngates:\n${gateLines}`
}

/** 1-based line of the first line of `text` that contains `needle`. */
function lineOf(text: string, needle: string): number {
  return text.split('\n').findIndex((l) => l.includes(needle)) + 1
}

function cells(e: Evidence) {
  return [...e.repository.gates, ...e.environments.flatMap((env) => env.gates)]
}

beforeAll(() => ensureBuilt(), 600_000)

/** The definition canonical JSON is held to: JSON.stringify with a replacer that sorts every object's keys. */
const sortingReplacer = (_key: string, value: unknown): unknown => {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return value
  const out: Record<string, unknown> = {}
  for (const key of Object.keys(value).sort()) Object.defineProperty(out, key, { value: (value as Record<string, unknown>)[key], enumerable: true, writable: true, configurable: true })
  return out
}
const reference = (value: unknown, pretty: boolean): string => (pretty ? `${JSON.stringify(value, sortingReplacer, 2)}\n` : JSON.stringify(value, sortingReplacer))

describe('bounded cost for what the matrix asks (item 9)', () => {
  it('a regex whose compiled size is over the bound is a load error at its option', async () => {
    const m = matrix(`  - id: wide
    family: f
    assert:
      - file: { path: big.txt, not_contains: '(a|aa|aaa|aaaa|b){500}Q' }
`)
    const r = await cli(['validate', '--root', repo({ 'gate-matrix.yml': m, 'big.txt': 'a\n' })])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^gate-matrix\\.yml:${lineOf(m, 'not_contains')}:\\d+: not_contains: regex .* is too costly: its compiled size is 7003, at most 1000`, 'm'))
    expect(r.stderr).not.toContain('bug in gate-matrix')
  })

  it('a regex longer than 1,000 characters is a load error at its option', async () => {
    const m = matrix(`  - id: long
    family: f
    assert:
      - file: { path: big.txt, contains: '${'x'.repeat(1001)}' }
`)
    const r = await cli(['validate', '--root', repo({ 'gate-matrix.yml': m, 'big.txt': 'a\n' })])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^gate-matrix\\.yml:${lineOf(m, 'contains')}:\\d+: contains: regex .* is 1001 characters long; at most 1000`, 'm'))
  })

  it('checks.wait over 60m is a load error at its line', async () => {
    const m = matrix(`  - id: ci
    family: f
    assert:
      - checks: { names: [ci], wait: 100000000m }
`)
    const r = await cli(['validate', '--root', repo({ 'gate-matrix.yml': m })])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(new RegExp(`^gate-matrix\\.yml:${lineOf(m, 'wait')}:\\d+: .*at most 60m`, 'm'))
  })

  it('a pattern under the size bound over a 4 MB line is LIMIT_EXCEEDED at its gate, at once; so is a too costly pattern that ${{ }} resolves to', async () => {
    const m = matrix(
      `  - id: costly
    family: f
    assert:
      - file: { path: big.txt, not_contains: '(a|aa|aaa|aaaa|b){50}Q' }
  - id: resolved
    family: f
    assert:
      - file: { path: small.txt, not_contains: '\${{ environment.vars.pattern }}' }
`,
      `  staging:\n    vars: { pattern: '(a|aa|aaa|aaaa|b){500}Q' }`,
    )
    const root = repo({ 'gate-matrix.yml': m, 'big.txt': `${'a'.repeat(4_000_000)}\n`, 'small.txt': 'aaaa\n' })
    const r = await cliProcess(['check', '--root', root, '--format', 'json', '--now', '2026-11-01'])
    expect(r.code).toBe(1)
    const e = JSON.parse(r.stdout) as Evidence
    const costly = e.blockers.find((b) => b.gate_id === 'costly')
    expect(costly).toMatchObject({ code: 'LIMIT_EXCEEDED', result: 'blocked', location: { path: 'gate-matrix.yml', line: lineOf(m, '{50}Q') } })
    expect(costly?.message).toMatch(/scan budget of 400,000,000 .*4,000,001 × 703/)
    const resolved = e.blockers.find((b) => b.gate_id === 'resolved')
    expect(resolved).toMatchObject({ code: 'EXPRESSION_FAILED', location: { path: 'gate-matrix.yml', line: lineOf(m, 'environment.vars.pattern') } })
    expect(resolved?.message).toMatch(/after expressions were resolved, not_contains: regex .* is too costly/)
  }, 30_000)

  it('a 500-byte nested format() is EXPRESSION_FAILED at its option, not an exhausted heap', async () => {
    let expr = `'a'`
    for (let i = 0; i < 7; i++) expr = `format('${'{0}'.repeat(16)}', ${expr})`
    expect(expr.length).toBeLessThan(520)
    const m = matrix(`  - id: nested
    family: f
    assert:
      - file: { path: small.txt, not_contains: "\${{ ${expr} }}" }
`)
    const r = await cliProcess(['check', '--root', repo({ 'gate-matrix.yml': m, 'small.txt': 'a\n' }), '--format', 'json', '--now', '2026-11-01'])
    expect(r.stderr).not.toMatch(/heap|bug in gate-matrix/)
    expect(r.code).toBe(1)
    const e = JSON.parse(r.stdout) as Evidence
    expect(e.blockers).toEqual([
      expect.objectContaining({ gate_id: 'nested', code: 'EXPRESSION_FAILED', location: { path: 'gate-matrix.yml', line: lineOf(m, 'format('), column: expect.any(Number) } }),
    ])
    expect(e.blockers[0].message).toMatch(/is too large: the result of format\(\) would be [\d,]+ characters long; at most 1,048,576 are allowed/)
  }, 30_000)

  it('format() and join() within the bounds still give their values', async () => {
    const m = matrix(
      `  - id: ok
    family: f
    assert:
      - file: { path: "\${{ format('{0}.{1}', join(environment.vars.parts, '-'), 'txt') }}" }
`,
      `  staging:\n    vars: { parts: [a, b, c] }`,
    )
    const r = await cli(['check', '--root', repo({ 'gate-matrix.yml': m, 'a-b-c.txt': 'x\n' }), '--format', 'json', '--now', '2026-11-01'])
    expect(r.code).toBe(0)
  })

  it('mentions of a 10,000-number range over a 4 MB line of digits finishes at once and is missing', async () => {
    const m = matrix(`  - id: mentions
    family: f
    assert:
      - docs: { files: DOC.md, references_exist: false, mentions: [{ range: [1, 10000] }] }
`)
    const root = repo({ 'gate-matrix.yml': m, 'DOC.md': `${'1234567890'.repeat(400_000)}\n` })
    const r = await cliProcess(['check', '--root', root, '--format', 'json', '--now', '2026-11-01'])
    expect(r.code).toBe(1)
    const e = JSON.parse(r.stdout) as Evidence
    expect(e.blockers).toEqual([expect.objectContaining({ gate_id: 'mentions', code: 'DOC_MENTION_MISSING', message: 'DOC.md does not mention 1 to 10000' })])
  }, 30_000)

  it('range mentions keep the whole-token rule: #305 counts, #3050, x#306 and 0307 do not; -5 counts for -5 and 5', async () => {
    const m = matrix(`  - id: mentions
    family: f
    assert:
      - docs: { files: DOC.md, references_exist: false, mentions: [{ range: [305, 308], format: '#{n}' }, { range: [-6, -4] }, { range: [5, 5] }] }
`)
    const root = repo({ 'gate-matrix.yml': m, 'DOC.md': 'See #305, #3050, x#306 (fine: # is not a word character), #0307 and a-5.\n' })
    const r = await cli(['check', '--root', root, '--format', 'json', '--now', '2026-11-01'])
    const e = JSON.parse(r.stdout) as Evidence
    expect(e.blockers.map((b) => b.message)).toEqual(['DOC.md does not mention #307, #308, -6, -4'])
  })
})

describe('scale without internal errors (item 10)', () => {
  it('a recursive alias in the matrix is a YAML error at the alias, exit 2', async () => {
    const m = `version: 1\nenvironments:\n  staging:\n    vars:\n      a: &x [*x]\ngates:\n  - id: g\n    family: f\n    assert:\n      - file: { path: README.md }\n`
    const r = await cli(['validate', '--root', repo({ 'gate-matrix.yml': m, 'README.md': 'hi\n' })])
    expect(r.code).toBe(2)
    expect(r.stderr).toMatch(/^gate-matrix\.yml:5:14: YAML syntax: the alias \*x is inside the node it refers to/m)
    expect(r.stderr).not.toContain('bug in gate-matrix')
  })

  it('a recursive alias in a data file is that file blocked or failing, never an internal error', async () => {
    const m = matrix(`  - id: g
    family: f
    assert:
      - data: { file: config.yml, path: a, exists: true }
`)
    const r = await cli(['check', '--root', repo({ 'gate-matrix.yml': m, 'config.yml': 'a: &x [*x]\n' }), '--format', 'json', '--now', '2026-11-01'])
    expect(r.code).toBe(1)
    const e = JSON.parse(r.stdout) as Evidence
    expect(e.blockers).toHaveLength(1)
    expect(e.blockers[0].code).not.toBe('INTERNAL_ERROR')
    expect(e.blockers[0].location).toMatchObject({ path: 'config.yml', line: 1 })
  })

  it('a 120,000-item list in vars: expressions still evaluate (no spread of the list into a call)', async () => {
    const m = matrix(
      `  - id: by-name
    family: f
    assert:
      - file: { path: '\${{ environment.vars.name }}' }
`,
      `  staging:\n    vars:\n      name: README.md\n      many: [${Array.from({ length: 120_000 }, () => '0').join(',')}]`,
    )
    const r = await cli(['check', '--root', repo({ 'gate-matrix.yml': m, 'README.md': 'hi\n' }), '--format', 'json', '--now', '2026-11-01'])
    expect(r.stderr).not.toContain('bug in gate-matrix')
    expect(r.code).toBe(0)
    const e = JSON.parse(r.stdout) as Evidence
    expect(e.environments[0].gates.find((g) => g.gate_id === 'by-name')?.result).toBe('pass')
  }, 30_000)

  it('60,000 keys in vars load in one pass (yaml compared every key with every other: minutes); a repeated key is still an error at its line', async () => {
    const keys = Array.from({ length: 60_000 }, (_, i) => `      k${i}: "v${i}"`).join('\n')
    const m = matrix(
      `  - id: by-name
    family: f
    assert:
      - file: { path: '\${{ environment.vars.name }}' }
`,
      `  staging:\n    vars:\n${keys}\n      name: README.md`,
    )
    const r = await cliProcess(['check', '--root', repo({ 'gate-matrix.yml': m, 'README.md': 'hi\n' }), '--format', 'json', '--now', '2026-11-01'])
    expect(r.code).toBe(0)
    const repeated = m.replace('      name: README.md', '      name: README.md\n      k59999: again')
    const v = await cli(['validate', '--root', repo({ 'gate-matrix.yml': repeated, 'README.md': 'hi\n' })])
    expect(v.code).toBe(2)
    expect(v.stderr).toMatch(new RegExp(`^gate-matrix\\.yml:${lineOf(repeated, 'k59999: again')}:7: YAML syntax: Map keys must be unique`, 'm'))
  }, 40_000)

  /** A dispatch run of a gate whose `if:` looks for 'needle' in `inputs.*`, with `count` inputs (`needle` as the last one, when asked). */
  async function starRun(count: number, needle: boolean) {
    const m = matrix(`  - id: star
    family: f
    if: \${{ contains(inputs.*, 'needle') }}
    assert:
      - file: { path: missing.txt }
`)
    const root = repo({ 'gate-matrix.yml': m })
    const inputs: Record<string, string> = {}
    for (let i = 0; i < count; i++) inputs[`k${i}`] = '0'
    if (needle) inputs.last = 'needle'
    const event = join(root, 'event.json')
    writeFileSync(event, JSON.stringify({ inputs, ref: 'refs/heads/main', repository: { full_name: 'o/r' } }))
    return { m, r: await cli(['check', '--root', root, '--format', 'json', '--now', '2026-11-01', '--event', event, '--event-name', 'workflow_dispatch']) }
  }

  it('90,000 dispatch inputs: `inputs.*` is a list of all of them, not a stack overflow', async () => {
    const { r } = await starRun(90_000, true)
    expect(r.stderr).not.toContain('bug in gate-matrix')
    const e = JSON.parse(r.stdout) as Evidence
    // The `if:` held, so the gate applies (and fails on its missing file): not EXPRESSION_FAILED.
    expect(e.blockers.map((b) => `${b.gate_id} ${b.code}`)).toEqual(['star FILE_MISSING'])
  }, 30_000)

  it('a list an expression builds over 100,000 items is EXPRESSION_FAILED at its line', async () => {
    const { m, r } = await starRun(100_001, false)
    const e = JSON.parse(r.stdout) as Evidence
    expect(e.blockers).toEqual([expect.objectContaining({ gate_id: 'star', code: 'EXPRESSION_FAILED', location: expect.objectContaining({ path: 'gate-matrix.yml', line: lineOf(m, 'if:') }) })])
    expect(e.blockers[0].message).toContain('is too large: a list of 100,001 items; at most 100,000 are allowed')
  }, 30_000)

  function forbidRunRepo(lines: number, envNames: string[]) {
    const m = matrix(
      `  - id: no-true
    family: f
    assert:
      - workflow: { file: .github/workflows/deploy.yml, forbid_run: '\\|\\|\\s*true' }
`,
      envNames.map((e) => `  ${e}: {}`).join('\n'),
    )
    const run = Array.from({ length: lines }, (_, i) => `          step${i} || true`).join('\n')
    const wf = `on: push\njobs:\n  deploy:\n    runs-on: ubuntu-latest\n    steps:\n      - run: |\n${run}\n`
    return { m, root: repo({ 'gate-matrix.yml': m, '.github/workflows/deploy.yml': wf }) }
  }

  it('130,000 findings in one cell: no stack overflow; the cell keeps 10,000 and counts the rest', async () => {
    const { root } = forbidRunRepo(130_000, ['staging'])
    const r = await cli(['check', '--root', root, '--format', 'json', '--now', '2026-11-01'])
    expect(r.stderr).toBe('')
    expect(r.code).toBe(1)
    const e = JSON.parse(r.stdout) as Evidence
    const cell = e.environments[0].gates.find((g) => g.gate_id === 'no-true')!
    expect([cell.result, cell.blocking, cell.findings.length, cell.findings_omitted]).toEqual(['fail', true, 10_000, 120_000])
    expect(cell.findings[0]).toMatchObject({ code: 'PATTERN_FORBIDDEN', location: { path: '.github/workflows/deploy.yml', line: 7 } })
    expect(cell.findings[9_999].location.line).toBe(7 + 9_999)
    expect(e.blockers).toHaveLength(10_000)
  }, 30_000)

  it('a run keeps at most 50,000 findings; a blocking cell left with none still blocks, at its declaration', async () => {
    const { m, root } = forbidRunRepo(12_000, ['e1', 'e2', 'e3', 'e4', 'e5', 'e6'])
    const r = await cli(['check', '--root', root, '--format', 'json', '--now', '2026-11-01'])
    expect(r.code).toBe(1)
    const e = JSON.parse(r.stdout) as Evidence
    const userCells = e.environments.map((env) => env.gates.find((g) => g.gate_id === 'no-true')!)
    expect(userCells.map((g) => [g.result, g.blocking, g.findings.length, g.findings_omitted])).toEqual([
      ['fail', true, 10_000, 2_000],
      ['fail', true, 10_000, 2_000],
      ['fail', true, 10_000, 2_000],
      ['fail', true, 10_000, 2_000],
      ['fail', true, 10_000, 2_000],
      ['fail', true, 0, 12_000],
    ])
    expect(e.blockers.filter((b) => b.environment === 'e6')).toEqual([
      expect.objectContaining({ code: 'GATE_FAIL', location: { path: 'gate-matrix.yml', line: lineOf(m, '- id: no-true'), column: 5 } }),
    ])
    expect(cells(e).reduce((n, g) => n + g.findings.length, 0)).toBe(50_000)
    // A cell with every finding kept has no findings_omitted at all: the evidence of small runs is unchanged.
    expect(e.repository.gates.every((g) => !('findings_omitted' in g))).toBe(true)
  }, 30_000)

  it('evidence written in chunks has the bytes and the digest of canonical JSON', () => {
    const value = {
      b: [1, 'two', null, undefined, { z: 1, a: [], y: {}, x: undefined }],
      a: { nested: { deeper: { deepest: ['x\ny', { q: [1, { r: 2 }] }] } } },
      c: [],
      d: {},
      e: 'é\u2028',
      // Long lists below the top levels are walked item by item: the same bytes.
      f: [{ g: Array.from({ length: 40 }, (_, i) => ({ b: i, a: [i, { d: 'x', c: Array.from({ length: 20 }, (_, j) => j) }] })) }],
    }
    for (const pretty of [true, false]) {
      let text = ''
      writeCanonicalJsonChunks(value, (chunk) => (text += chunk), { pretty })
      expect(text).toBe(reference(value, pretty))
      expect(canonicalJson(value, { pretty })).toBe(reference(value, pretty))
    }
    expect(canonicalDigest(value)).toBe(sha256(reference(value, false)))
  })

  it('evidence written in chunks keeps canonical JSON for integer-like keys, skipped values, numbers and toJSON at every depth', () => {
    // The walk writes every level itself: each of these is a place where a naive walk
    // differs from JSON.stringify with sorted keys (index keys first in numeric order,
    // "01" and "4294967295" are not indexes, functions and undefined are left out).
    const odd = {
      '10': 'ten',
      '9': 'nine',
      '01': 'zero-one',
      '4294967295': 'not an index',
      '-1': 'minus',
      a: undefined,
      f: () => 1,
      n: [NaN, -0, 1e21, 0.1, Infinity],
      t: new Date(0),
      u: [undefined, () => 1],
      s: '"\\\u0007',
      o: { a: undefined },
    }
    const value = { '2': odd, '1': [odd, { x: odd }], z: { y: { x: { w: odd } } } }
    for (const pretty of [true, false]) {
      let text = ''
      writeCanonicalJsonChunks(value, (chunk) => (text += chunk), { pretty })
      expect(text).toBe(reference(value, pretty))
      expect(canonicalJson(value, { pretty })).toBe(reference(value, pretty))
    }
    expect(canonicalDigest(value)).toBe(sha256(reference(value, false)))
  })

  it('canonical JSON keeps an own __proto__ key, sorts what toJSON returns, and copies only objects out of order', () => {
    const data = JSON.parse('{"z": 1, "__proto__": {"b": 2, "a": 1}, "m": [{"y": 1, "x": 2}]}') as unknown
    const value = { b: data, a: { toJSON: () => ({ q: 1, p: { s: 1, r: 2 } }) }, c: { d: { e: { f: { h: 1, g: 2 } } } } }
    for (const pretty of [true, false]) {
      let text = ''
      writeCanonicalJsonChunks(value, (chunk) => (text += chunk), { pretty })
      expect(text).toBe(reference(value, pretty))
      expect(canonicalJson(value, { pretty })).toBe(reference(value, pretty))
    }
    expect(canonicalJson(value)).toContain('"__proto__":{"a":1,"b":2}')
    // In order already: the very same objects (no copy of a large document); out of order: a copy, the input untouched.
    const sorted = { a: [{ b: 1, c: { d: 1 } }], e: '1' }
    expect(canonicalOrder(sorted)).toBe(sorted)
    const unsorted = { b: 1, a: sorted }
    const ordered = canonicalOrder(unsorted) as Record<string, unknown>
    expect(Object.keys(ordered)).toEqual(['a', 'b'])
    expect(ordered.a).toBe(sorted)
    expect(Object.keys(unsorted)).toEqual(['b', 'a'])
  })
})

describe('the action under a bound', () => {
  let api: GitHubApi | null = null
  afterAll(async () => api?.close())

  it('a costly scan on a pull request is a LIMIT_EXCEEDED annotation on the matrix line, evidence written', async () => {
    const m = `version: 1
environments:
  staging: { branch: main }
gates:
  - id: costly
    family: f
    assert:
      - file: { path: big.txt, not_contains: '(a|aa|aaa|aaaa|b){50}Q' }
`
    const BASE = 'f95f852bd8fca8fcc58a9a2d6c842781e32a215e'
    const annotations: unknown[] = []
    api = await startGitHubApi({
      handlers: {
        'GET /repos/{owner}/{repo}/contents/{path}': (q) => (q.query.ref === BASE && q.params.path === 'gate-matrix.yml' ? { body: m } : { status: 404, body: { message: 'Not Found' } }),
        'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': () => ({ body: [{ sha: 'a'.repeat(40), filename: 'big.txt', status: 'modified', additions: 1, deletions: 0, changes: 1 }] }),
        'POST /repos/{owner}/{repo}/check-runs': (q) => {
          annotations.push(...((q.body as { output?: { annotations?: unknown[] } }).output?.annotations ?? []))
          return { status: 201, body: { id: 77, html_url: 'https://github.com/Codertocat/Hello-World/runs/77' } }
        },
        'PATCH /repos/{owner}/{repo}/check-runs/{check_run_id}': (q) => {
          annotations.push(...((q.body as { output?: { annotations?: unknown[] } }).output?.annotations ?? []))
          return { body: { id: 77 } }
        },
      },
    })
    const ws = workspace({ 'gate-matrix.yml': m, 'big.txt': `${'a'.repeat(4_000_000)}\n` })
    const payload = examplePayload('pull_request', (p) => p.action === 'opened')
    const r = await runAction({ workspace: ws, eventName: 'pull_request', payload, repository: 'Codertocat/Hello-World', apiUrl: api.url, timeoutMs: KILL_AFTER_MS })
    expect(r.code).toBe(1)
    expect(r.outputs.verdict).toBe('blocked')
    expect(annotations).toEqual([expect.objectContaining({ path: 'gate-matrix.yml', start_line: 8, annotation_level: 'failure', title: expect.stringContaining('LIMIT_EXCEEDED') })])
    const evidence = JSON.parse(readFileSync(r.outputs['evidence-path'], 'utf8')) as Evidence
    expect(evidence.blockers.map((b) => b.code)).toEqual(['LIMIT_EXCEEDED'])
    expect(api.violations).toEqual([])
  }, 30_000)

})
