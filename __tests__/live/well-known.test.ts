import { afterAll, beforeAll, describe, expect, it } from '@jest/globals'
import type { ServerResponse } from 'node:http'
import { wellKnownKind } from '../../src/gates/assertions/well-known.js'
import type { AssertionContext } from '../../src/gates/kit.js'
import { createLivePort } from '../../src/live/port.js'
import { RepoReader } from '../../src/repo/reader.js'
import { makeRepo, parseMatrix, runContext } from '../support/gates.js'
import { httpsServer, makeCert, type TestCert, type TestHttps } from '../helpers/live-servers.js'

const SITE = 'www.example.com'
const AASA = { applinks: { details: [{ appIDs: ['ABCDE12345.com.example.app'], components: [{ '/': '/open/*' }] }] } }
const repo = makeRepo({ 'website/.well-known/apple-app-site-association': JSON.stringify(AASA, null, 2), 'website/broken.json': '{' })
let cert: TestCert
let server: TestHttps
// What the host serves at /.well-known/apple-app-site-association, per test.
let serve: (res: ServerResponse) => void = () => undefined

beforeAll(async () => {
  cert = await makeCert([SITE])
  server = await httpsServer(cert, (_req, res) => serve(res))
})
afterAll(async () => {
  await server.close()
  repo.cleanup()
})

const json = (body: string, type = 'application/json') => (res: ServerResponse) => {
  res.writeHead(200, { 'content-type': type })
  res.end(body)
}

async function check(options: Record<string, unknown> = {}) {
  // The port is not in the URL the kind builds (443): the seam maps the name and the port is rewritten here.
  const opts = { host: SITE, file: 'apple-app-site-association', same_as: 'website/.well-known/apple-app-site-association', ...options }
  const matrix = parseMatrix(`gates:\n  - id: g\n    assert:\n      - well_known: ${JSON.stringify(opts)}\n`)
  const declaredPath = ['gates', 0, 'assert', 0, 'well_known']
  const port = createLivePort({ hosts: { [SITE]: '127.0.0.1' }, ca: [cert.cert] })
  const live = { ...port, http: (r: Parameters<typeof port.http>[0]) => port.http({ ...r, url: r.url.replace(`https://${SITE}/`, `https://${SITE}:${server.port}/`) }) }
  const ctx: AssertionContext = {
    repo: new RepoReader(repo.root),
    matrix,
    run: runContext({ live }),
    environment: { name: 'production', hosts: { website: SITE }, internal: true },
    gateId: 'g',
    declaredAt: matrix.doc.locate(declaredPath).location,
    declaredPath,
  }
  const outcome = await wellKnownKind.evaluate(wellKnownKind.options.parse(opts), ctx)
  return { outcome, codes: outcome.findings.map((f) => f.code) }
}

describe('well_known', () => {
  it('passes the repository\'s JSON served with 200 as application/json (keys in another order, charset allowed)', async () => {
    const reordered = { applinks: { details: [{ components: [{ '/': '/open/*' }], appIDs: ['ABCDE12345.com.example.app'] }] } }
    serve = json(JSON.stringify(reordered), 'application/json; charset=utf-8')
    const { outcome } = await check()
    expect(outcome.result).toBe('pass')
    expect(outcome.observations?.[0].facts).toMatchObject({ status: 200, content_type: 'application/json', same_as_repository: true })
  })

  it('fails a served file that drifted from the repository', async () => {
    serve = json('{"applinks":{"apps":[],"details":[]}}')
    expect((await check()).codes).toEqual(['WELL_KNOWN_DRIFT'])
  })

  it('fails a redirect without following it, and another status', async () => {
    serve = (res) => {
      res.writeHead(302, { location: '/login' })
      res.end()
    }
    expect((await check()).codes).toEqual(['WELL_KNOWN_REDIRECTED'])
    serve = (res) => {
      res.writeHead(404)
      res.end()
    }
    expect((await check()).codes).toEqual(['WELL_KNOWN_STATUS'])
  })

  it('fails text/plain, a file over 128 KB, and a body that is not JSON', async () => {
    serve = json(JSON.stringify(AASA), 'text/plain')
    expect((await check()).codes).toEqual(['WELL_KNOWN_CONTENT_TYPE'])
    serve = json(JSON.stringify({ pad: 'x'.repeat(129 * 1024) }))
    expect((await check()).codes).toEqual(['WELL_KNOWN_TOO_LARGE'])
    serve = json('')
    expect((await check()).codes).toEqual(['WELL_KNOWN_INVALID'])
  })

  it('reports the repository copy missing or unparsable, never pass', async () => {
    serve = json(JSON.stringify(AASA))
    expect((await check({ same_as: 'website/none.json' })).outcome.result).toBe('missing')
    expect((await check({ same_as: 'website/broken.json' })).codes).toEqual(['DATA_UNPARSABLE'])
  })
})
