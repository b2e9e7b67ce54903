import { expect, it, jest } from '@jest/globals'

// A resolver that never answers (the name is never looked up for real: nothing leaves the process).
jest.unstable_mockModule('node:dns', () => ({ lookup: () => undefined }))
const { tlsHandshake } = await import('../../src/live/tls.js')

it('bounds the name lookup by the handshake\'s timeout', async () => {
  const started = performance.now()
  await expect(tlsHandshake({ host: 'portal.example.com', port: 443, timeoutMs: 200, allowPrivate: false }, {})).rejects.toMatchObject({ failure: 'timeout' })
  expect(performance.now() - started).toBeLessThan(2000)
}, 5000)
