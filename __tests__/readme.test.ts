// The README is the reference: it must keep up with the code.
import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { parse } from 'yaml'
import { KIND_NAMES } from '../src/gates/assertions/registry.js'
import { BUILTIN_GATES } from '../src/gates/builtins/registry.js'
import { reasonCodes } from '../src/engine/codes.js'

const readme = readFileSync('README.md', 'utf8')
const section = (title: string) => readme.split(`\n## ${title}\n`)[1]?.split('\n## ')[0] ?? ''

describe('README', () => {
  it('gives the two set-up commands', () => {
    expect(readme).toContain('npm ci && npm start')
    expect(readme).toContain('npm ci && npm test')
  })

  it('lists every reason code in the reason-code table', () => {
    const table = section('Reason codes')
    const missing = Object.keys(reasonCodes()).filter((code) => !table.includes(`| \`${code}\` |`))
    expect(missing).toEqual([])
  })

  it('documents every assertion kind and every built-in gate', () => {
    for (const kind of KIND_NAMES) expect(readme).toMatch(new RegExp(`^### \`${kind}\``, 'm'))
    for (const gate of BUILTIN_GATES) expect(section('Built-in gates')).toContain(`\`${gate.id}\``)
  })

  it('documents every action input and output', () => {
    const action = parse(readFileSync('action.yml', 'utf8')) as { inputs: object; outputs: object }
    const text = section('The GitHub Action')
    for (const name of [...Object.keys(action.inputs), ...Object.keys(action.outputs)]) expect(text).toContain(`\`${name}\``)
  })
})
