import { describe, expect, test } from '@jest/globals'
import { DEFAULT_MAX_BYTES, escapeMarkdown, renderMarkdown } from '../../src/report/markdown.js'
import { sealEvidence } from '../../src/evidence/seal.js'
import { cleanEvidence, draft, gate, sampleEvidence, stagingDraft } from '../fixtures/reports/evidence.js'

const SHA = 'abc123def4567890abc123def4567890abc12345'
const opts = { serverUrl: 'https://github.example.com/', repository: 'acme/web', sha: SHA }

describe('renderMarkdown', () => {
  const e = sampleEvidence()
  const md = renderMarkdown(e, opts)

  test('starts with the verdict headline', () => {
    expect(md.split('\n')[0]).toBe('## ❌ gate-matrix: blocked')
    expect(md).toContain('**4 blockers** (repository-wide 1, `production` 3)')
    expect(md).toContain('`staging` clean, `production` blocked')
    expect(renderMarkdown(cleanEvidence(), {}).split('\n')[0]).toBe('## ✅ gate-matrix: clean')
  })

  test('shows the matrix at a glance, a symbol per cell', () => {
    expect(md).toContain('| gate | repository | `staging` | `production` |')
    expect(md).toContain('| `smoke-targets-environment-host` |   | ✅ | ❌ |')
    expect(md).toContain('| `promotion-has-no-bypass` |   | ❌ *waived* | ❌ |')
    expect(md).toContain('| `parity-threshold` |   | ➖ | ❓ *report* |')
    expect(md).toContain('| `gate-matrix/matrix-updated` | ❌ |   |   |')
  })

  test('links each blocker to the owning file at the SHA with #L, and to its recovery doc', () => {
    const blob = `https://github.example.com/acme/web/blob/${SHA}`
    const line = md.split('\n').find((l) => l.includes('VALUE_MISMATCH'))!
    expect(line).toContain(`[\`.github/workflows/ci-smoke.yml:12:7\`](${blob}/.github/workflows/ci-smoke.yml#L12)`)
    expect(line).toContain(`[recovery](${blob}/docs/runbooks/PORTAL_PLAYWRIGHT_SMOKE.md#when-the-gate-fails)`)
    expect(line).toContain('in `production` · gate `smoke-targets-environment-host` (owner `sre`)')
    expect(md).toContain(`commit [\`0123456\`](https://github.example.com/acme/web/commit/${SHA})`)
  })

  test('uses plain paths without repository and sha, and never links a missing file', () => {
    const plain = renderMarkdown(e, {})
    expect(plain).not.toContain('](')
    expect(plain).toContain('`.github/workflows/ci-smoke.yml:12:7`')
    expect(plain).toContain('recovery: `docs/runbooks/PORTAL_PLAYWRIGHT_SMOKE.md#when-the-gate-fails`')
    const missing = md.split('\n').find((l) => l.includes('REPORT_MISSING'))!
    expect(missing).toContain(' `parity/reports/latest.json` ')
    expect(missing).not.toContain('latest.json#L')
  })

  test('links an absolute recovery URL as it is', () => {
    const env = stagingDraft()
    env.gates = [gate({ gate_id: 'g', result: 'fail', recovery: 'https://wiki.example.com/runbook (v2)', findings: [{ code: 'X', status: 'fail', message: 'm', location: { path: 'a', line: 1, column: 1 } }] })]
    expect(renderMarkdown(sealEvidence(draft([env])), opts)).toContain('[recovery](https://wiki.example.com/runbook%20%28v2%29)')
  })

  test('escapes Markdown and HTML in messages and ids', () => {
    const line = md.split('\n').find((l) => l.includes('PATTERN_FORBIDDEN'))!
    expect(line).toContain('&lt;npm publish \\|\\| true&gt; \\| \\*bold\\*')
    expect(line).not.toContain('<npm')
    expect(escapeMarkdown('[x](javascript:alert(1)) <img src=x> @team #12\nnext')).toBe(
      '\\[x\\]\\(javascript:alert\\(1\\)\\) &lt;img src=x&gt; \\@team \\#12 next',
    )
    const env = stagingDraft()
    env.gates = [gate({ gate_id: 'a|b`c', result: 'pass' })]
    // A backtick in an id widens the fence; a pipe cannot break the table row.
    expect(renderMarkdown(sealEvidence(draft([env])), {})).toContain('| ``a\\|b`c`` |')
  })

  test('appends extra sections', () => {
    const out = renderMarkdown(e, { extraSections: ['### Evidence\n\nDigest `x`.\n'] })
    expect(out.endsWith('### Evidence\n\nDigest `x`.\n')).toBe(true)
  })

  test('stays under maxBytes, says it was cut and points at the evidence artifact', () => {
    const env = stagingDraft()
    env.gates = Array.from({ length: 400 }, (_, i) =>
      gate({
        gate_id: `gate-${i}`,
        result: 'fail',
        findings: [{ code: 'VALUE_MISMATCH', status: 'fail', message: 'x'.repeat(300), location: { path: `f${i}.yml`, line: i + 1, column: 1 } }],
      }),
    )
    const big = sealEvidence(draft([env]))
    const note = 'Download the `gate-matrix-evidence` artifact for every finding.'
    const out = renderMarkdown(big, { ...opts, maxBytes: 20_000, artifactNote: note })
    expect(Buffer.byteLength(out)).toBeLessThanOrEqual(20_000)
    expect(out).toMatch(/This summary was cut to stay under 20000 bytes: \d+ of 401 blockers shown\./)
    expect(out).toContain(note)
    expect(out.startsWith('## ❌ gate-matrix: blocked')).toBe(true)
    const full = renderMarkdown(big, opts)
    expect(Buffer.byteLength(full)).toBeLessThanOrEqual(DEFAULT_MAX_BYTES)
    expect(full).not.toContain('was cut')
  })
})
