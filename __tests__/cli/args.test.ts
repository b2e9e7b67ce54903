import { describe, expect, it } from '@jest/globals'
import { parseCommand } from '../../src/cli/args.js'
import { UsageError } from '../../src/core/errors.js'

describe('parseCommand', () => {
  it('defaults: root is the working directory, matrix is gate-matrix.yml, text output', () => {
    const c = parseCommand(['check'])
    expect(c).toMatchObject({ command: 'check', root: process.cwd(), matrix: 'gate-matrix.yml', format: 'text', envs: [], out: null })
  })

  it('reads every check option', () => {
    const c = parseCommand([
      'check', '--root', 'r', '--matrix', 'm.yml', '--env', 'staging', '--env', 'production', '--profile', 'web-fast',
      '--format', 'sarif', '--out', 'o.sarif', '--base', 'main', '--head', 'feature', '--event', 'e.json',
      '--event-name', 'push', '--now', '2026-01-02', '--repo', 'o/r', '--pr', '12',
    ])
    expect(c).toMatchObject({
      root: 'r', matrix: 'm.yml', envs: ['staging', 'production'], profile: 'web-fast', format: 'sarif', out: 'o.sarif',
      base: 'main', head: 'feature', event: 'e.json', eventName: 'push', now: '2026-01-02', repo: 'o/r', pr: 12,
    })
  })

  it.each([
    [['check', '--format', 'xml'], /--format must be one of text, json, markdown, sarif/],
    [['check', '--changed-files', 'a', '--base', 'b'], /not both/],
    [['check', '--head', 'x'], /--head goes with --base/],
    [['check', '--event-name', 'push'], /--event-name goes with --event/],
    [['check', '--now', 'tomorrow'], /YYYY-MM-DD/],
    [['check', '--pr', '3'], /go with --repo/],
    [['check', '--repo', 'o/r'], /needs --pr N or --sha/],
    [['check', '--repo', 'nope', '--pr', '1'], /OWNER\/NAME/],
    [['check', '--pr', 'x', '--repo', 'o/r'], /pull request number/],
    [['check', '--bogus'], /Unknown option '--bogus'/],
    [['validate', '--env', 'x'], /--env does not go with "validate"/],
    [['deploy'], /unknown command "deploy"/],
    [['merge'], /at least one evidence file/],
    [['check', 'extra'], /unexpected argument "extra"/],
  ])('%j is a usage error', (argv, message) => {
    expect(() => parseCommand(argv)).toThrow(UsageError)
    expect(() => parseCommand(argv)).toThrow(message)
  })

  it('merge takes files; schema takes --evidence; no command is help', () => {
    expect(parseCommand(['merge', 'a.json', 'b.json', '--format', 'json'])).toEqual({ command: 'merge', files: ['a.json', 'b.json'], format: 'json', out: null })
    expect(parseCommand(['schema', '--evidence'])).toEqual({ command: 'schema', evidence: true })
    expect(parseCommand([])).toEqual({ command: 'help' })
    expect(parseCommand(['--version'])).toEqual({ command: 'version' })
  })
})
