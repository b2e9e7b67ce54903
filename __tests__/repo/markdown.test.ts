import MarkdownIt from 'markdown-it'
import type Token from 'markdown-it/lib/token.mjs'
import { posix } from 'node:path'
import { codePathToken, parseMarkdown, referencesOnly, resolveFrom } from '../../src/repo/markdown.js'
import { lineStarts, positionAt } from '../../src/repo/lines.js'

describe('parseMarkdown headings', () => {
  it('collects every level with plain text and position', () => {
    const doc = parseMarkdown('docs/R.md', '# Deploy\n\ntext\n\n  ## When the `gate`  fails\n\nSetext\n---\n')
    expect(doc.headings).toEqual([
      { text: 'Deploy', depth: 1, line: 1, column: 1 },
      { text: 'When the gate fails', depth: 2, line: 5, column: 3 },
      { text: 'Setext', depth: 2, line: 7, column: 1 },
    ])
  })
})

describe('parseMarkdown references', () => {
  const refs = (text: string, docPath = 'docs/runbooks/R.md') =>
    parseMarkdown(docPath, text).references.map((r) => [r.origin, r.raw, r.path, r.weak, r.line, r.column])

  it('resolves links, images and definitions from the doc directory', () => {
    const text = [
      'See [the guide](GUIDE.md#setup) and [up](../../scripts/run.sh?x=1).', // 1
      '![diagram](img/flow%20chart.png "Flow")', // 2
      '', // 3
      '[root]: /README.md', // 4
      'Use [root] or [docs/x.md](./other.md).', // 5
    ].join('\n')
    expect(refs(text)).toEqual([
      ['link', 'GUIDE.md#setup', 'docs/runbooks/GUIDE.md', false, 1, 17],
      ['link', '../../scripts/run.sh?x=1', 'scripts/run.sh', false, 1, 42],
      ['link', 'img/flow%20chart.png', 'docs/runbooks/img/flow chart.png', false, 2, 12],
      ['link', '/README.md', 'README.md', false, 4, 9],
      ['link', './other.md', 'docs/runbooks/other.md', false, 5, 27],
    ])
  })

  it.each([
    '[x](https://example.com/a.md)',
    '[x](mailto:sre@example.com)',
    '[x](#when-the-gate-fails)',
    '[x](//cdn.example.com/a.js)',
    '<https://example.com/docs/x.md>',
  ])('skips %s', (text) => {
    expect(refs(text)).toEqual([])
  })

  it('marks a link that leaves the repository', () => {
    expect(parseMarkdown('R.md', '[x](../outside.md)').references[0]).toMatchObject({ path: null, line: 1, column: 5 })
  })

  it('takes path-like tokens of inline code from the repository root', () => {
    const text = 'Run `./scripts/rollback.sh --env production` then check `release/manifest.json`.\n' +
      'Not: `npm ci`, `--admin`, `$HOME/x`, `<path>/x`, `{env}/x.yml`, `apps/**`, `https://x.io/a.md`, `ghcr.io/org/img`, `/etc/hosts`.'
    expect(refs(text)).toEqual([
      ['code', './scripts/rollback.sh', 'scripts/rollback.sh', false, 1, 6],
      ['code', 'release/manifest.json', 'release/manifest.json', false, 1, 58],
    ])
  })

  it('splits shell lines of code blocks on whitespace and quotes, with positions', () => {
    const text = [
      '# Runbook', // 1
      '', // 2
      '```bash title="x/y.sh"', // 3
      'cd apps/web && npm test', // 4
      '  CONFIG=deploy/prod.yml node "scripts/check.mjs" --out=out/x.json', // 5
      "cat 'docs/a b.md' package.json", // 6
      '```', // 7
      '', // 8
      '> ```', // 9
      '> see docs/quoted.md', // 10
      '> ```', // 11
      '', // 12
      '    indented/code.sh', // 13
    ].join('\n')
    expect(refs(text)).toEqual([
      ['code', 'apps/web', 'apps/web', true, 4, 4],
      ['code', 'deploy/prod.yml', 'deploy/prod.yml', false, 5, 10],
      ['code', 'scripts/check.mjs', 'scripts/check.mjs', false, 5, 32],
      ['code', 'docs/a', 'docs/a', true, 6, 6],
      ['code', 'b.md', 'b.md', false, 6, 13],
      ['code', 'package.json', 'package.json', false, 6, 19],
      ['code', 'docs/quoted.md', 'docs/quoted.md', false, 10, 7],
      ['code', 'indented/code.sh', 'indented/code.sh', false, 13, 5],
    ])
  })

  it('finds a repeated path at each of its places', () => {
    const r = parseMarkdown('R.md', '`a/b.sh` and `a/b.sh`\n').references
    expect(r.map((x) => x.column)).toEqual([2, 15])
  })
})

describe('parseMarkdown links only', () => {
  const text = [
    '# Set-up',
    '',
    'Run `scripts/a.sh` then see [the guide](docs/guide.md), `docs/guide.md` again and [b](b.md).',
    '',
    '```sh',
    'cat config/app.yml',
    '```',
    '',
    '| file | link |',
    '|---|---|',
    '| `src/x.ts` | [x](src/x.ts) |',
    '',
    '[ref]: docs/ref.md',
    '',
  ].join('\n')

  test('gives the same links at the same places and the same headings, and no code references', () => {
    const full = parseMarkdown('README.md', text)
    const links = parseMarkdown('README.md', text, { code: false })
    expect(full.references.some((r) => r.origin === 'code')).toBe(true)
    expect(links.references).toEqual(full.references.filter((r) => r.origin === 'link'))
    expect(links.references.map((r) => `${r.path}@${r.line}:${r.column}`)).toEqual(['docs/guide.md@3:41', 'b.md@3:87', 'src/x.ts@11:20', 'docs/ref.md@13:8'])
    expect(links.headings).toEqual(full.headings)
  })
})

describe('codePathToken', () => {
  it.each([
    ['scripts/x.sh', 'scripts/x.sh', false],
    ['(scripts/x.sh);', 'scripts/x.sh', false],
    ['docs/x.md.', 'docs/x.md', false],
    ['.env', '.env', false],
    ['.github/workflows/', '.github/workflows', true],
    ['origin/main', 'origin/main', true],
    ['FOO=bar/baz.yml', 'bar/baz.yml', false],
  ])('%s → %s', (token, path, weak) => {
    expect(codePathToken(token)).toMatchObject({ path, weak })
  })

  it.each(['npm', 'git', '--admin', '-f', '$VAR/x', '<placeholder>', '{x}/y', 'a/*.md', 'http://a/b', 'v1.2.3', 'example.com',
    'example.com/x', '/abs/path.sh', '../up.sh', 'user@host:x', 'a=b'])('%s is not a path', (token) => {
    expect(codePathToken(token)).toBeUndefined()
  })

  it('is never a word without a / or a . (parseMarkdown does not clean those)', () => {
    const next = random(11)
    const PARTS = ['a', 'Z', '0', '-', '_', '(', ')', '[', ']', ',', ';', ':', '=', '$', 'x=', 'md', 'sh', '~', '@', '+']
    const paths = Array.from({ length: 5000 }, () => textOf(next, PARTS, 1 + Math.floor(next() * 8))).filter((t) => codePathToken(t) !== undefined)
    expect(paths).toEqual([])
  })
})

/** A seeded generator, so a failure names a text that can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed * 1103515245 + 12345) % 2 ** 31
    return seed / 2 ** 31
  }
}

function textOf(next: () => number, parts: readonly string[], length: number): string {
  return Array.from({ length }, () => parts[Math.floor(next() * parts.length)]).join('')
}

describe('referencesOnly', () => {
  // What parseMarkdown reads of a block that is not a heading, in order.
  const read = (children: Token[]) =>
    children.filter((t) => ['link_open', 'image', 'code_inline'].includes(t.type)).map((t) => [t.type, t.attrGet('href'), t.attrGet('src'), t.content])
  const full = new MarkdownIt('default', { html: false, linkify: false })
  const PARTS = ['[', ']', '(', ')', '`', '``', '*', '_', '**', '__', '~~', '~', '&amp;', '&#91;', '&#x60;', '&', ';', '\\', '\\[', '\\`', '\\]', '<',
    '>', '<http://a.io/x>', '<a@b.io>', '!', 'a/b.md', 'x', ' ', '\n', '"t"', '[ref]', '[x][ref]', '[ref][]', 'https://e.com', '#', ':']

  it('gives the links, images and code spans the full inline parser gives', () => {
    const next = random(7)
    const differ: unknown[] = []
    for (let n = 0; n < 2500; n++) {
      const text = textOf(next, PARTS, 1 + Math.floor(next() * 24))
      const env = () => ({ references: { REF: { href: '/r.md', title: '' } } })
      const mine: Token[] = []
      const theirs: Token[] = []
      referencesOnly.inline.parse(text, referencesOnly, env(), mine)
      full.inline.parse(text, full, env(), theirs)
      if (JSON.stringify(read(mine)) !== JSON.stringify(read(theirs))) differ.push([text, read(mine), read(theirs)])
    }
    expect(differ).toEqual([])
  })
})

describe('resolveFrom', () => {
  // The definition: posix.join's normal form, less its trailing slash and the root's `.`.
  const definition = (base: string, target: string) => {
    const joined = posix.normalize(posix.join(base, target))
    if (joined === '..' || joined.startsWith('../')) return null
    return joined.replace(/\/+$/, '').replace(/^\.$/, '')
  }
  const PARTS = ['', '.', '..', 'a', 'b.md', '/', '//', './', '../', '...', '.x', 'a\\b']

  it('resolves as posix.join does', () => {
    const differ: unknown[] = []
    for (const base of ['', 'docs', 'docs/runbooks', 'a/b/c']) {
      for (const a of PARTS) for (const b of PARTS) for (const c of PARTS) for (const d of ['', '/', 'x', '/..']) {
        const target = a + b + c + d
        if (resolveFrom(base, target) !== definition(base, target)) differ.push([base, target, resolveFrom(base, target), definition(base, target)])
      }
    }
    expect(differ).toEqual([])
  })
})

describe('positionAt', () => {
  it('maps offsets to 1-based line and column', () => {
    const starts = lineStarts('ab\ncd\n\nx')
    expect(positionAt(starts, 0)).toEqual({ line: 1, column: 1 })
    expect(positionAt(starts, 4)).toEqual({ line: 2, column: 2 })
    expect(positionAt(starts, 7)).toEqual({ line: 4, column: 1 })
  })
})
