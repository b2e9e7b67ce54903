import { describe, expect, it } from '@jest/globals'
import { readFileSync } from 'node:fs'
import { VERSION } from '../src/core/version.js'

describe('VERSION', () => {
  it('equals package.json version (the bundle cannot read package.json)', () => {
    expect(VERSION).toBe(JSON.parse(readFileSync('package.json', 'utf8')).version)
  })
})
