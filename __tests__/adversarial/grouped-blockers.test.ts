// One problem that blocks several environments is one line in text and Markdown, with the
// environments it applies to; the evidence still holds one blocker per environment.
import { describe, expect, test } from '@jest/globals'
import { renderText } from '../../src/report/text.js'
import { renderMarkdown } from '../../src/report/markdown.js'
import { sealEvidence } from '../../src/evidence/seal.js'
import { draft, gate, productionDraft, stagingDraft } from '../fixtures/reports/evidence.js'

/** `n` distinct failing files, the same in staging and production. */
function evidence(n: number) {
  const findings = Array.from({ length: n }, (_, i) => ({
    code: 'VALUE_MISMATCH',
    status: 'fail' as const,
    message: `host ${i} is wrong`,
    location: { path: `deploy/h${i}.yml`, line: i + 1, column: 3 },
  }))
  const envs = [stagingDraft(), productionDraft()].map((env) => ({ ...env, gates: [gate({ gate_id: 'hosts', result: 'fail', findings })] }))
  return sealEvidence(draft(envs))
}

describe('blockers shared by environments', () => {
  const e = evidence(3)

  test('the evidence keeps one blocker per environment (its contract)', () => {
    expect(e.blockers.filter((b) => b.gate_id === 'hosts')).toHaveLength(6)
  })

  test('text: one line per finding, naming every environment it blocks', () => {
    const lines = renderText(e, { color: false }).split('\n')
    const hosts = lines.filter((l) => l.includes('VALUE_MISMATCH host'))
    expect(hosts.map((l) => l.trim())).toEqual([
      'deploy/h0.yml:1:3 VALUE_MISMATCH host 0 is wrong [staging, production hosts]',
      'deploy/h1.yml:2:3 VALUE_MISMATCH host 1 is wrong [staging, production hosts]',
      'deploy/h2.yml:3:3 VALUE_MISMATCH host 2 is wrong [staging, production hosts]',
    ])
    const header = lines.find((l) => l.startsWith('Blockers ('))
    const listed = lines.slice(lines.indexOf(header!) + 1, lines.indexOf('', lines.indexOf(header!)))
    expect(header).toBe(`Blockers (${listed.length}):`)
    // The verdict still counts what each environment must fix.
    expect(lines.find((l) => l.startsWith('Verdict:'))).toMatch(/staging 3, production 3/)
  })

  test('markdown: one item per finding, naming every environment it blocks', () => {
    const md = renderMarkdown(e, {})
    const items = md.split('\n').filter((l) => l.includes('host 0 is wrong'))
    expect(items).toHaveLength(1)
    expect(items[0]).toContain('- **`VALUE_MISMATCH`** in `staging`, `production` · gate `hosts`')
    expect(md.split('\n').filter((l) => l.startsWith('- **`VALUE_MISMATCH`**') && l.includes('is wrong'))).toHaveLength(3)
  })

  test('a cut markdown summary counts the blockers its grouped lines show', () => {
    const big = evidence(200)
    const out = renderMarkdown(big, { maxBytes: 8_000 })
    const m = /: (\d+) of (\d+) blockers shown\./.exec(out)
    expect(m).not.toBeNull()
    const shownLines = out.split('\n').filter((l) => /host \d+ is wrong/.test(l)).length
    expect(Number(m![2])).toBe(big.blockers.length)
    // Each hosts line shown stands for its two environments; the sample's repository-wide
    // blockers (one line each, listed first) are shown too.
    const repositoryWide = big.blockers.filter((b) => b.environment === '*').length
    expect(repositoryWide).toBeGreaterThan(0)
    expect(shownLines).toBeGreaterThan(10)
    expect(Number(m![1])).toBe(repositoryWide + 2 * shownLines)
  })
})
