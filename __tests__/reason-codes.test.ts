// Each reason code has one status and one meaning wherever it is emitted: every
// `{ status, code }` literal in the gates, the engine, the evidence and the action agrees with the code's table.
import { describe, expect, it } from '@jest/globals'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { reasonCodes } from '../src/engine/codes.js'

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((e) => {
    const p = join(dir, e)
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : []
  })
}

/** [file, status, code] of each finding literal (status and code in one object, either order). */
function emitted(): Array<[string, string, string]> {
  const out: Array<[string, string, string]> = []
  const inner = String.raw`(?:[^{}]|\{[^{}]*\})*?`
  const statusFirst = new RegExp(String.raw`status: '(fail|missing|blocked)'(?: as const)?,${inner}code: '([A-Z][A-Z_]+)'`, 'g')
  const codeFirst = new RegExp(String.raw`code: '([A-Z][A-Z_]+)',${inner}status: '(fail|missing|blocked)'`, 'g')
  for (const file of [...sources('src/gates'), ...sources('src/engine'), ...sources('src/evidence'), ...sources('src/action')]) {
    const text = readFileSync(file, 'utf8')
    for (const m of text.matchAll(statusFirst)) out.push([file, m[1], m[2]])
    for (const m of text.matchAll(codeFirst)) out.push([file, m[2], m[1]])
  }
  return out
}

describe('reason codes', () => {
  const codes = reasonCodes()

  it('finds the finding literals it checks', () => {
    expect(emitted().length).toBeGreaterThan(40)
  })

  it('every emitted code is declared, with the status it is emitted with', () => {
    const wrong = emitted()
      .filter(([, status, code]) => codes[code]?.status !== status)
      .map(([file, status, code]) => `${file}: ${code} emitted as ${status}, declared ${codes[code]?.status ?? 'nowhere'}`)
    expect(wrong).toEqual([])
  })

  it('gathers every code once (reasonCodes throws on two different declarations of one code)', () => {
    expect(Object.keys(codes).length).toBeGreaterThan(40)
  })
})
