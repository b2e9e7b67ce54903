import { describe, expect, it } from '@jest/globals'
import { type CapturePattern, fillTemplate, matchCaptures, parseCapturePattern, templateProblem } from '../../src/gates/support/paired-paths.js'

function pattern(source: string): CapturePattern {
  const parsed = parseCapturePattern(source)
  if ('problem' in parsed) throw new Error(parsed.problem)
  return parsed.pattern
}

describe('paired paths', () => {
  it.each<[string, string, Record<string, string> | null]>([
    ['migrations/<id>.up.sql', 'migrations/003_users.up.sql', { id: '003_users' }],
    ['migrations/<id>.up.sql', 'migrations/.up.sql', null], // a capture is never empty
    ['migrations/<id>.up.sql', 'migrations/a/003.up.sql', null], // nor crosses a /
    ['migrations/<id>.up.sql', 'migrations/003.down.sql', null],
    ['services/<svc>/**/schema.prisma', 'services/auth/schema.prisma', { svc: 'auth' }],
    ['services/<svc>/**/schema.prisma', 'services/auth/a/b/schema.prisma', { svc: 'auth' }],
    ['**/<name>.proto', 'api/v1/.hidden.proto', { name: '.hidden' }],
    ['db/*/<id>.sql', 'db/eu/42.sql', { id: '42' }],
    ['db/*/<id>.sql', 'db/42.sql', null],
  ])('%s on %s', (source, path, captures) => {
    expect(matchCaptures(pattern(source), path)).toEqual(captures)
  })

  it('fills a template with the captures', () => {
    expect(fillTemplate('clients/<svc>/<id>.ts', { svc: 'auth', id: 'x' })).toBe('clients/auth/x.ts')
  })

  it('stays fast on a path built to make backtracking slow', () => {
    const p = pattern('**/**/**/**/a/<id>.sql')
    const path = `${'a/'.repeat(2000)}b.txt`
    const started = Date.now()
    expect(matchCaptures(p, path)).toBeNull()
    expect(Date.now() - started).toBeLessThan(2000)
  })

  it.each([
    ['migrations/*.up.sql', 'captures nothing'],
    ['migrations/{id}.up.sql', 'a capture is written <name>'],
    ['migrations/<id.up.sql', 'unclosed'],
    ['migrations/<1d>.up.sql', 'not a capture name'],
    ['<id>/<id>.sql', 'twice'],
    ['a/b**/<id>.sql', 'whole segments'],
    ['a/<x>-*.sql', 'more than one'],
    ['../migrations/<id>.up.sql', 'not a repository path'],
    ['/migrations/<id>.up.sql', 'not a repository path'],
    ['migrations//<id>.up.sql', 'not a repository path'],
  ])('refuses %s', (source, message) => {
    expect(parseCapturePattern(source)).toEqual({ problem: expect.stringContaining(message) })
  })

  it('refuses a template using a capture the pattern lacks, or a glob', () => {
    const p = pattern('migrations/<id>.up.sql')
    expect(templateProblem('migrations/<id>.down.sql', p)).toBeNull()
    expect(templateProblem('migrations/<ID>.down.sql', p)).toContain('does not capture')
    expect(templateProblem('migrations/<id>.down.*', p)).toContain('named exactly')
    expect(templateProblem('migrations/<id.down.sql', p)).toContain('unclosed')
    expect(templateProblem('./migrations/<id>.down.sql', p)).toContain('not a repository path')
  })
})
