// The example repositories under examples/ run through the CLI exactly as a user would
// run them, and give the verdict, blockers and exit code their READMEs promise. Every run
// fixes --now, so the results do not depend on today's date.
import { describe, expect, it } from '@jest/globals'
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import type { Evidence } from '../../src/evidence/types.js'
import { runCli as cli } from '../support/gates.js'

const EXAMPLES = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'examples')



/** `check --format json` of one example; input files are named relative to the example. */
function checkArgs(example: string, flags: string[]): string[] {
  const root = join(EXAMPLES, example)
  const resolved = flags.map((f, i) => (['--changed-files', '--event'].includes(flags[i - 1]) ? join(root, f) : f))
  return ['check', '--root', root, '--format', 'json', ...resolved]
}

function blockerKeys(e: Evidence): string[] {
  return e.blockers
    .map((b) => {
      const at = b.location.line === undefined ? b.location.path : `${b.location.path}:${b.location.line}:${b.location.column}`
      return `${b.environment} ${b.gate_id} ${b.code} ${at}`
    })
    .sort()
}

/** Every finding of every cell, blocking or not, as `environment gate_id code path:line:col`. */
function findingKeys(e: Evidence): string[] {
  const cells = [
    ...e.repository.gates.map((g) => ({ env: '*', g })),
    ...e.environments.flatMap((env) => env.gates.map((g) => ({ env: env.environment_profile, g }))),
  ]
  return cells
    .flatMap(({ env, g }) =>
      g.findings.map((f) => `${env} ${g.gate_id} ${f.code} ${f.location.line === undefined ? f.location.path : `${f.location.path}:${f.location.line}:${f.location.column}`}`),
    )
    .sort()
}

interface Case {
  name: string
  example: string
  flags: string[]
  exit: 0 | 1
  blockers: string[]
  /** Findings that do not block (warn mode, active waivers), when the case is about them. */
  nonBlocking?: string[]
  /** Cells whose result the case is about: `environment gate_id` → result. */
  results?: Record<string, string>
  /** The numbers a DOC_MENTION_MISSING message must name, and no others. */
  mentionsMissing?: string[]
}

function resultOf(e: Evidence, cell: string): string | undefined {
  const [env, gateId] = cell.split(' ')
  const gates = env === '*' ? e.repository.gates : e.environments.find((x) => x.environment_profile === env)?.gates
  return gates?.find((g) => g.gate_id === gateId)?.result
}

const CASES: Case[] = [
  {
    name: 'hosts-and-contracts: staging smoke hits the production portal',
    example: 'hosts-and-contracts',
    flags: ['--now', '2026-05-01'],
    exit: 1,
    blockers: ['staging smoke-targets-environment-host VALUE_MISMATCH .github/workflows/ci-smoke.yml:12:17'],
    results: {
      'production smoke-targets-environment-host': 'pass',
      // AASA has no extension (read as JSON); assetlinks' web statement has no package_name.
      'production ios-app-site-association': 'pass',
      'production android-asset-links': 'pass',
      '* gate-matrix/environments-declared': 'pass',
    },
  },
  {
    name: 'promotion-override: production dispatch asks to skip parity; a run step swallows failure; after: staging is unproven',
    example: 'promotion-override',
    flags: ['--event', 'event.json', '--now', '2026-05-01'],
    exit: 1,
    blockers: [
      // No API locally: nothing shows the SHA succeeded in staging, so the promotion blocks at `after:`.
      'production gate-matrix/promotion-order GITHUB_NOT_CONFIGURED gate-matrix.yml:15:13',
      'production parity-override-acknowledged OVERRIDE_NOT_ALLOWED gate-matrix.yml:13:3',
      'production promotion-has-no-bypass PATTERN_FORBIDDEN .github/workflows/promotion.yml:35:65',
      'staging promotion-has-no-bypass PATTERN_FORBIDDEN .github/workflows/promotion.yml:35:65',
    ],
    results: {
      // Staging declares skip_parity and the dispatch carries its exact acknowledgement.
      'staging parity-override-acknowledged': 'pass',
      'staging parity-within-threshold': 'pass',
      'production production-env-read-only': 'pass',
    },
  },
  {
    name: 'schema-change: prisma schema without golden fixtures; workflow edit without the matrix',
    example: 'schema-change',
    flags: ['--changed-files', 'changed-files.txt', '--now', '2026-05-01'],
    exit: 1,
    blockers: [
      '* gate-matrix/matrix-updated MATRIX_NOT_UPDATED gate-matrix.yml:7:1',
      'production schema-change-has-migration-and-fixtures CO_CHANGE_MISSING gate-matrix.yml:28:53',
      'staging schema-change-has-migration-and-fixtures CO_CHANGE_MISSING gate-matrix.yml:28:53',
    ],
  },
  {
    name: 'runbook-lockdown: renamed script, --admin, a missing incident number',
    example: 'runbook-lockdown',
    flags: ['--now', '2026-05-01'],
    exit: 1,
    blockers: [
      'production deployment-runbook-current DOC_BANNED_PHRASE docs/runbooks/DEPLOYMENT.md:11:54',
      'production deployment-runbook-current DOC_REFERENCE_BROKEN docs/runbooks/DEPLOYMENT.md:8:1',
      'production freeze-incidents-accounted DOC_MENTION_MISSING docs/runbooks/LOCKDOWN.md:1:1',
    ],
    // Whole tokens: "#3050" does not stand in for #305, "#307," counts for #307.
    mentionsMissing: ['#305'],
  },
  {
    name: 'profiles-and-graduation: before enforce_after, warn gate warns and the waiver holds',
    example: 'profiles-and-graduation',
    flags: ['--changed-files', 'changed-files.txt', '--now', '2026-05-01'],
    exit: 0,
    blockers: [],
    nonBlocking: [
      'production edge-tls-policy VALUE_MISMATCH edge/tls.json:2:18',
      'production web-bundle-budget THRESHOLD_EXCEEDED web/bundle-report.json:1:24',
      'staging edge-tls-policy VALUE_MISMATCH edge/tls.json:2:18',
      'staging web-bundle-budget THRESHOLD_EXCEEDED web/bundle-report.json:1:24',
    ],
  },
  {
    name: 'profiles-and-graduation: after enforce_after and the waiver expiry, both gates block',
    example: 'profiles-and-graduation',
    flags: ['--changed-files', 'changed-files.txt', '--now', '2026-07-01'],
    exit: 1,
    blockers: [
      'production edge-tls-policy VALUE_MISMATCH edge/tls.json:2:18',
      'production web-bundle-budget THRESHOLD_EXCEEDED web/bundle-report.json:1:24',
      'staging edge-tls-policy VALUE_MISMATCH edge/tls.json:2:18',
      'staging web-bundle-budget THRESHOLD_EXCEEDED web/bundle-report.json:1:24',
    ],
    nonBlocking: ['* gate-matrix/waivers-current WAIVER_EXPIRED gate-matrix.yml:48:14'],
  },
  {
    name: 'profiles-and-graduation: web-fast may not ship an api change',
    example: 'profiles-and-graduation',
    flags: ['--changed-files', 'changed-files.txt', '--profile', 'web-fast', '--now', '2026-05-01'],
    exit: 1,
    blockers: [
      'production gate-matrix/change-class CHANGE_CLASS_NOT_ALLOWED gate-matrix.yml:22:24',
      'staging gate-matrix/change-class CHANGE_CLASS_NOT_ALLOWED gate-matrix.yml:22:24',
    ],
  },
  {
    name: 'clean: every gate holds',
    example: 'clean',
    flags: ['--changed-files', 'changed-files.txt', '--now', '2026-05-01'],
    exit: 0,
    blockers: [],
    results: { '* gate-matrix/matrix-updated': 'pass' },
  },
]

describe('examples', () => {
  it.each(CASES)('$name', async (c) => {
    const argv = checkArgs(c.example, c.flags)
    const first = await cli(argv)
    expect(first.stderr).toBe('')
    const evidence = JSON.parse(first.stdout) as Evidence
    expect(blockerKeys(evidence)).toEqual([...c.blockers].sort())
    expect(evidence.verdict).toBe(c.blockers.length ? 'blocked' : 'clean')
    expect(first.code).toBe(c.exit)
    if (c.nonBlocking) {
      const blocking = new Set(blockerKeys(evidence))
      const others = findingKeys(evidence).filter((k) => !blocking.has(k))
      expect(others).toEqual(expect.arrayContaining(c.nonBlocking))
    }

    for (const [cell, result] of Object.entries(c.results ?? {})) expect(`${cell}: ${resultOf(evidence, cell)}`).toBe(`${cell}: ${result}`)
    if (c.mentionsMissing) {
      const messages = evidence.blockers.filter((b) => b.code === 'DOC_MENTION_MISSING').map((b) => b.message)
      expect(messages).toHaveLength(1)
      const named = messages[0].match(/#\d+/g)
      expect(named).toEqual(c.mentionsMissing)
    }

    // Same inputs, same bytes: the evidence carries no time and no machine path.
    const second = await cli(argv)
    expect(second.stdout).toBe(first.stdout)
    expect(second.code).toBe(first.code)

    // The README promises these blockers: keep it honest.
    const readme = readFileSync(join(EXAMPLES, c.example, 'README.md'), 'utf8')
    for (const b of c.blockers) {
      const [, , code, at] = b.split(' ')
      expect(readme).toContain(`${at} ${code}`)
    }
  })

  it('the evidence does not depend on how the root is spelt', async () => {
    const abs = checkArgs('schema-change', ['--changed-files', 'changed-files.txt', '--now', '2026-05-01'])
    const rel = abs.map((a) => (a.startsWith(EXAMPLES) ? relative(process.cwd(), a) || '.' : a))
    expect(rel).not.toEqual(abs)
    const [a, b] = [await cli(abs), await cli(rel)]
    expect(b.code).toBe(1)
    expect(b.stdout).toBe(a.stdout)
  })

  it('profiles-and-graduation: a protected-family warn gate without enforce_after is a matrix error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gm-'))
    try {
      cpSync(join(EXAMPLES, 'profiles-and-graduation'), dir, { recursive: true })
      const matrix = join(dir, 'gate-matrix.yml')
      writeFileSync(matrix, readFileSync(matrix, 'utf8').replace(/^ {4}enforce_after: .*\n/m, ''))
      const run = await cli(['check', '--root', dir, '--format', 'json', '--now', '2026-05-01'])
      expect(run.code).toBe(2)
      expect(run.stdout).toBe('')
      // Pointed at the gate's mode, with its line.
      expect(run.stderr).toMatch(/gate-matrix\.yml:31:\d+: .*dns-tls-edge/)
    } finally {
      rmSync(dir, { recursive: true, force: true })
    }
  })
})

/** `examples/<name>/expected.txt`: blocks of `$ gate-matrix <args>`, the exact text output, `exit N`. */
function expectedRuns(example: string): Array<{ command: string; argv: string[] }> {
  const text = readFileSync(join(EXAMPLES, example, 'expected.txt'), 'utf8')
  return [...text.matchAll(/^\$ gate-matrix (.+)$/gm)].map((m) => {
    const words = m[1].split(' ')
    const root = join(EXAMPLES, example)
    return { command: m[1], argv: [words[0], '--root', root, ...words.slice(1).map((w, i, a) => (['--changed-files', '--event'].includes(a[i - 1]) ? join(root, w) : w))] }
  })
}

describe('examples: exact output beside each example', () => {
  const examples = readdirSync(EXAMPLES).filter((e) => statSync(join(EXAMPLES, e)).isDirectory()).sort()

  it.each(examples)('%s', async (example) => {
    const blocks: string[] = []
    for (const { command, argv } of expectedRuns(example)) {
      const r = await cli(argv)
      blocks.push(`$ gate-matrix ${command}\n${r.stdout}${r.stderr}exit ${r.code}\n`)
    }
    expect(blocks.length).toBeGreaterThan(0)
    const actual = blocks.join('\n')
    const file = join(EXAMPLES, example, 'expected.txt')
    if (process.env.UPDATE === '1') writeFileSync(file, actual)
    expect(actual).toBe(readFileSync(file, 'utf8'))
  })
})
