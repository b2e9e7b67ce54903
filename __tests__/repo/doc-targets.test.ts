import { posix } from 'node:path'
import { codeTargets, linkCandidates, linkResolves } from '../../src/repo/doc-targets.js'
import { RepoReader } from '../../src/repo/reader.js'
import { tempRepo } from '../support/gates.js'

describe('linkResolves', () => {
  const DOCS = ['README.md', 'docs/guide/setup.md', 'www/content/posts/a.md']
  const LINKS: Array<[string, string]> = [
    ['docs/guide/basics', '../basics/'],
    ['docs/x.html', 'x.html#top'],
    ['docs/index', '/docs/index/'],
    ['guide/setup.md', '/guide/setup.md?x=1'],
    ['docs/feed.xml', 'feed.xml'],
    ['a/b', 'https://e.com/a/b'],
  ]

  it('is whether any candidate exists, null for a generated file', () => {
    for (const doc of DOCS) {
      for (const [path, raw] of LINKS) {
        const candidates = linkCandidates(path, raw, doc)
        // Each single candidate existing, and none.
        for (const present of [...candidates.map((c) => new Set([c])), new Set<string>()]) {
          const exists = (p: string) => present.has(p)
          const expected = /(^|\/)(feed|rss|atom|sitemap|index)\.xml$/.test(path) ? null : candidates.some(exists)
          expect([doc, path, [...present], linkResolves(path, raw, doc, exists)]).toEqual([doc, path, [...present], expected])
        }
      }
    }
  })
})

describe('codeTargets', () => {
  const root = tempRepo({
    '.gitignore': '# build\n/dist/\nweb/ui/static\n*.log\n!keep\ncoverage\n',
    '.husky/.gitignore': '_\n',
    '.husky/pre-commit': '',
    'web/ui/static/x.js': '',
    'web/ui/src/x.ts': '',
    'dist/a.js': '',
    'coverage/x': '',
    'scripts/a.sh': '',
    'docs/scripts/b.sh': '',
    'docs/.gitignore': 'out\n',
    'docs/out/x': '',
  })

  // The definition: every folder on the way asked for its .gitignore, each time.
  const definition = (path: string, docFile: string, repo: RepoReader) => {
    const segments = path.split('/')
    if (segments.length < 2 || /(^|[^A-Za-z])(N{3,}|X{3,}|x{3,}|Y{4}|…|\.\.\.)([^A-Za-z]|$)/.test(path)) return { judge: false }
    const docDir = posix.dirname(docFile)
    const beside = docDir === '.' ? path : `${docDir}/${path}`
    if (!repo.isDirectory(segments[0]) && !(docDir !== '.' && repo.isDirectory(`${docDir}/${segments[0]}`))) return { judge: false }
    for (let depth = 0; depth < segments.length; depth++) {
      const dir = segments.slice(0, depth).join('/')
      const rest = segments.slice(depth).join('/')
      const read = repo.read(dir ? `${dir}/.gitignore` : '.gitignore')
      const entries = read.kind !== 'ok' ? [] : read.text.split(/\r?\n/).map((l) => l.trim())
        .filter((l) => l && !l.startsWith('#') && !l.startsWith('!') && !/[*?[\]]/.test(l))
        .map((l) => l.replace(/^\/+/, '').replace(/\/+$/, ''))
        .filter((l) => l.includes('/') || !l.includes('.'))
      if (entries.some((e) => rest === e || rest.startsWith(`${e}/`))) return { judge: false }
    }
    return { judge: true, candidates: [...new Set([path, beside])] }
  }

  it('judges every path as the definition, asked again and again', () => {
    const reader = new RepoReader(root)
    const PATHS = ['scripts/a.sh', 'scripts/zz.sh', 'dist/a.js', 'dist', 'web/ui/static/x.js', 'web/ui/src/x.ts', 'web/ui/static', 'coverage/x',
      '.husky/_/husky.sh', '.husky/pre-commit', 'docs/out/x', 'out/x', 'scripts/NNNN-x.sh', 'nope/x.sh', 'a.sh', 'scripts/b.sh']
    for (const doc of ['README.md', 'docs/run.md', 'docs/deep/run.md']) {
      const codeTarget = codeTargets(doc, reader)
      for (let round = 0; round < 2; round++) {
        for (const path of PATHS) expect([doc, path, codeTarget(path)]).toEqual([doc, path, definition(path, doc, new RepoReader(root))])
      }
    }
  })
})
