import { createWords, docsKind, missingMentions, toBeCreated } from '../../src/gates/assertions/docs.js'
import { brief, kindContext, tempRepo as makeRepo, optionLocation, runKind as run, validateKind as validate } from '../support/gates.js'

const DEPLOYMENT = [
  '# Deployment', // 1
  '', // 2
  'See [the guide](GUIDE.md) and [old](OLD.md#x).', // 3
  'Also [site](https://example.com) and [top](#deployment) and [up](../../README.md).', // 4
  '', // 5
  '## Rollback', // 6
  '', // 7
  'Run `scripts/rollback.sh --env production` or `scripts/rolback.sh`.', // 8
  '', // 9
  '```bash', // 10
  'cd apps/web && npm test', // 11
  'node scripts/missing.mjs --admin', // 12
  'git push origin/main', // 13
  'cat apps/api/x', // 14
  '```', // 15
  '', // 16
  'We never skip the Smoke checks. Fixed in #331 and #3310 and #333.', // 17
  'Do not use force', // 18
  'push here. Never SKIP.', // 19
].join('\n')

const DOC = 'docs/runbooks/DEPLOYMENT.md'

const root = makeRepo({
  [DOC]: DEPLOYMENT,
  'docs/runbooks/GUIDE.md': '# Guide\n',
  'README.md': '# Project\n',
  'scripts/rollback.sh': '#!/bin/sh\n',
  'apps/web/package.json': '{}\n',
  'docs/empty.md': 'Only [a link](https://example.com).\n',
  'docs/outside.md': '[x](../../etc/passwd)\n',
  'docs/binary.md': Buffer.from([0x23, 0, 0x0a]),
})

describe('docs', () => {
  it.each<[string, Record<string, unknown>, string, unknown[][]]>([
    ['broken references, links from the doc, code from the root', { files: DOC }, 'fail', [
      ['DOC_REFERENCE_BROKEN', 'fail', DOC, 3, 37],
      ['DOC_REFERENCE_BROKEN', 'fail', DOC, 8, 48],
      ['DOC_REFERENCE_BROKEN', 'fail', DOC, 12, 6],
      ['DOC_REFERENCE_BROKEN', 'fail', DOC, 14, 5],
    ]],
    ['references_exist: false', { files: DOC, references_exist: false }, 'pass', []],
    ['references_exist: links judges markdown links only', { files: DOC, references_exist: 'links' }, 'fail', [
      ['DOC_REFERENCE_BROKEN', 'fail', DOC, 3, 37],
    ]],
    ['a glob of clean docs', { files: 'docs/{empty,runbooks/GUIDE}.md' }, 'pass', []],
    ['a link out of the repository', { files: 'docs/outside.md' }, 'fail', [['DOC_REFERENCE_BROKEN', 'fail', 'docs/outside.md', 1, 5]]],
    ['headings at any level, case-insensitive', { files: DOC, references_exist: false, headings: ['deployment', '## ROLLBACK', 'When the gate fails'] }, 'fail', [
      ['DOC_HEADING_MISSING', 'fail', DOC, 1, 1],
    ]],
    ['banned phrases, case-insensitive, across a line break', { files: DOC, references_exist: false, banned: ['force push', 'skip', 'bypass'] }, 'fail', [
      ['DOC_BANNED_PHRASE', 'fail', DOC, 18, 12],
      ['DOC_BANNED_PHRASE', 'fail', DOC, 17, 10],
      ['DOC_BANNED_PHRASE', 'fail', DOC, 19, 18],
    ]],
    ['mentions: one finding per doc', { files: DOC, references_exist: false, mentions: [{ range: [330, 334], format: '#{n}' }, 'Smoke', 'rollback', 'Smok'] }, 'fail', [
      ['DOC_MENTION_MISSING', 'fail', DOC, 1, 1],
    ]],
    ['mentions: all present', { files: DOC, references_exist: false, mentions: [{ range: [331, 331], format: '#{n}' }, 'Smoke'] }, 'pass', []],
    ['no doc matches', { files: 'docs/missing/*.md' }, 'missing', [['FILE_MISSING', 'missing', 'docs/missing/*.md', undefined, undefined]]],
    ['a binary doc', { files: 'docs/binary.md' }, 'blocked', [['FILE_UNREADABLE', 'blocked', 'docs/binary.md', undefined, undefined]]],
  ])('%s', async (_name, options, result, findings) => {
    const outcome = await run(docsKind, root, options)
    expect(brief(outcome)).toEqual(findings)
    expect(outcome.result).toBe(result)
  })

  it.each<[Record<string, unknown>, string]>([
    [{ files: DOC, headings: ['When the gate fails'], references_exist: false }, `${DOC} has no heading "When the gate fails"`],
    [{ files: DOC, references_exist: false, mentions: [{ range: [330, 334], format: '#{n}' }, 'Smok'] }, `${DOC} does not mention #330, #332, #334, "Smok"`],
    [{ files: 'docs/outside.md' }, '"../../etc/passwd" points outside the repository'],
  ])('message for %j', async (options, message) => {
    expect((await run(docsKind, root, options)).findings[0].message).toBe(message)
  })

  it('names the missing path of a broken reference', async () => {
    const outcome = await run(docsKind, root, { files: DOC })
    expect(outcome.findings.map((f) => f.message)).toEqual([
      '"OLD.md#x" (linked) does not exist: no docs/runbooks/OLD.md',
      '"scripts/rolback.sh" (cited in code, from the repository root) does not exist: no scripts/rolback.sh',
      '"scripts/missing.mjs" (cited in code, from the repository root) does not exist: no scripts/missing.mjs',
      '"apps/api/x" (cited in code, from the repository root) does not exist: no apps/api/x',
    ])
  })
})

describe('docs judged by many gates in one run', () => {
  it('gives each gate what it gives alone, whatever the others asked of the doc first', async () => {
    const gates: Array<Record<string, unknown>> = [
      { files: DOC, headings: ['Rollback', 'Missing'], banned: ['skip'] },
      { files: DOC, references_exist: 'links', headings: ['Rollback'] },
      { files: DOC, references_exist: false, banned: ['skip', 'force push'], mentions: ['Smok'] },
      { files: DOC, headings: ['Missing'], banned: ['skip'], mentions: ['Smoke'] },
      { files: DOC },
    ]
    const alone = await Promise.all(gates.map((g) => run(docsKind, root, g)))
    const shared = kindContext(root, 'docs', {}).repo
    for (const order of [gates.keys(), [...gates.keys()].reverse()]) {
      for (const i of order) {
        const ctx = { ...kindContext(root, 'docs', gates[i]), repo: shared }
        expect([i, docsKind.evaluate(docsKind.options.parse(gates[i]), ctx)]).toEqual([i, alone[i]])
      }
    }
  })
})

describe('missingMentions', () => {
  it.each<[string, Parameters<typeof missingMentions>[1], string[]]>([
    ['see #3310', ['#331'], ['"#331"']],
    ['see #331.', ['#331'], []],
    ['PR#331 and (#331)', ['#331'], []],
    ['foobar', ['foo'], ['"foo"']],
    ['foo-bar', ['foo'], []],
    ['issue 12 and 14', [{ range: [10, 16] }], ['10, 11', '13', '15, 16']],
    ['nothing', [{ range: [1, 5], format: 'GH-{n}' }], ['GH-1 to GH-5']],
  ])('%j lacks %j', (text, required, missing) => {
    expect(missingMentions(text, required)).toEqual(missing)
  })
})

describe('toBeCreated', () => {
  // The definition: the sentence cut out and read at every code path.
  const definition = (text: string, offset: number): boolean => {
    const before = text.slice(Math.max(0, offset - 400), offset)
    let cut = 0
    for (const m of before.matchAll(/[.!?]\s+|\n\s*\n|\n\s*(?:\d+[.)]|[-*+])\s+/g)) cut = m.index + m[0].length
    const sentence = before.slice(cut)
    const create = [...sentence.matchAll(/\b(?:create|creating|add a new|make a new)\b|\bin your (?:own )?(?:repository|repo|project)\b/gi)].pop()
    if (!create) return false
    const between = sentence.slice(create.index + create[0].length).replace(/`+$/, '')
    if (between.length > 60 || /[,;`]|\s[-–—]\s/.test(between)) return false
    return !/\b(?:run|runs|running|execute|call|invoke|use|using|see|read|open|edit|follow|with)\b/i.test(between)
  }
  const PARTS = ['Create ', 'CREATING ', 'recreate', 'creat', 'create', 'Add a new ', 'make a new', 'In your repository ', 'in your own repo ',
    'in your project', 'in your', 'the directory ', 'x', 'file at ', 'run ', ', ', '; ', ' - ', '. ', '\n\n', '\n1. ', '\n- ', '`', '`a/b.sh`', 'a'.repeat(90)]

  it('answers as the definition, with the create words found once per doc', () => {
    let seed = 3
    const next = () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31
    let created = 0
    for (let n = 0; n < 600; n++) {
      const text = Array.from({ length: 1 + Math.floor(next() * 30) }, () => PARTS[Math.floor(next() * PARTS.length)]).join('')
      const words = createWords(text)
      for (let offset = 0; offset <= text.length; offset++) {
        const expected = definition(text, offset)
        if (expected) created++
        if (toBeCreated(text, offset, words) !== expected) expect([text, offset, !expected]).toEqual([text, offset, expected])
      }
    }
    expect(created).toBeGreaterThan(1000)
  })
})

describe('docs validate', () => {
  it.each<[Record<string, unknown>, (string | number)[], string]>([
    [{ files: 'a.md', mentions: [{ range: [9, 3] }] }, ['mentions', 0, 'range'], 'reversed'],
    [{ files: 'a.md', mentions: ['x', { range: [1, 2], format: '#n' }] }, ['mentions', 1, 'format'], '{n}'],
    [{ files: 'a.md', mentions: [{ range: [1, 100_000] }] }, ['mentions', 0, 'range'], 'more than'],
  ])('%j', (options, at, message) => {
    expect(validate(docsKind, options)).toEqual([{ location: optionLocation('docs', options, at), message: expect.stringContaining(message) }])
  })
})
