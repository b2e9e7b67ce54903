import { describe, expect, it } from '@jest/globals'
import { effectiveMode } from '../../src/engine/mode.js'

describe('effectiveMode', () => {
  it.each([
    [{}, '2026-01-01', 'enforce'],
    [{ mode: 'warn' as const }, '2026-01-01', 'warn'],
    [{ mode: 'warn' as const, enforce_after: '2026-06-01' }, '2026-05-31', 'warn'],
    [{ mode: 'warn' as const, enforce_after: '2026-06-01' }, '2026-06-01', 'enforce'],
    [{ mode: 'report' as const, enforce_after: '2026-06-01' }, '2027-01-01', 'enforce'],
    [{ mode: 'enforce' as const, enforce_after: '2030-01-01' }, '2026-01-01', 'enforce'],
  ])('%j on %s is %s', (gate, today, expected) => {
    expect(effectiveMode(gate, today)).toBe(expected)
  })
})
