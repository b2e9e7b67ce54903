// `well_known`: a declared host serves its app-link file as Apple and Google read it: 200, no
// redirect (they never follow one), application/json, within Apple's 128 KB, valid JSON, and
// the same JSON as the repository's file (a hosting rewrite or a stale deploy differs).
// Only with --live.
import * as z from 'zod'
import { canonicalJson, sha256 } from '../../core/canonical-json.js'
import { sharedCodes } from '../../core/codes.js'
import { type Finding, outcomeOf } from '../../core/outcome.js'
import { type AssertionKind, unreadable, withLive } from '../kit.js'
import type { ReadResult } from '../../repo/reader.js'
import { mediaType } from '../support/http-facts.js'
import { hostOption, hostTarget } from '../support/live-target.js'

/** Apple refuses an apple-app-site-association over 128 KB uncompressed; the same bound serves assetlinks.json. */
export const WELL_KNOWN_MAX_BYTES = 128 * 1024
const FILES = ['apple-app-site-association', 'assetlinks.json'] as const

export const wellKnownOptions = z
  .strictObject({
    host: hostOption('www.example.com').describe('A host declared under the environment\'s hosts, e.g. ${{ environment.hosts.website }}'),
    file: z.enum(FILES).describe('The file under /.well-known/'),
    same_as: z.string().min(1).optional().describe('Repository file the served JSON must equal (keys in any order), e.g. website/.well-known/assetlinks.json'),
  })
  .describe('A declared host serves /.well-known/<file> as Apple and Google read it (live: only with --live)')

export type WellKnownOptions = z.infer<typeof wellKnownOptions>

export const wellKnownKind: AssertionKind<WellKnownOptions> = {
  kind: 'well_known',
  description: 'A declared host serves apple-app-site-association / assetlinks.json with 200, no redirect, application/json, ≤128 KB, equal to the repository file.',
  options: wellKnownOptions,
  needs: 'live',
  pathOptions: ['same_as'],
  codes: {
    WELL_KNOWN_STATUS: { status: 'fail', meaning: 'The file is not served with status 200 (Apple and Google treat anything else as no file).' },
    WELL_KNOWN_REDIRECTED: { status: 'fail', meaning: 'The file is served through a redirect, which Apple and Google never follow.' },
    WELL_KNOWN_CONTENT_TYPE: { status: 'fail', meaning: 'The file is not served as application/json.' },
    WELL_KNOWN_TOO_LARGE: { status: 'fail', meaning: 'The file is larger than 128 KB (Apple refuses larger files).' },
    WELL_KNOWN_INVALID: { status: 'fail', meaning: 'The served file is empty or not JSON.' },
    WELL_KNOWN_DRIFT: { status: 'fail', meaning: 'The served JSON differs from the repository file named by same_as.' },
    ...sharedCodes('FILE_MISSING', 'FILE_UNREADABLE', 'DATA_UNPARSABLE', 'LIVE_NOT_ENABLED', 'PROBE_HOST_UNDECLARED', 'PROBE_URL_REFUSED', 'PROBE_ADDRESS_REFUSED', 'PROBE_UNREACHABLE', 'PROBE_TIMEOUT'),
  },
  evaluate(o, ctx) {
    const at = (name: string) => ctx.matrix.doc.locate([...ctx.declaredPath, name]).location
    return withLive(ctx, ctx.declaredAt, async (live) => {
      const target = hostTarget(ctx, o.host, 'host', `/.well-known/${o.file}`)
      if ('finding' in target) return outcomeOf([target.finding])
      const url = target.url
      const a = await live.http({ url: url.href, maxBodyBytes: WELL_KNOWN_MAX_BYTES, timeoutMs: 10_000, allowPrivate: target.allowPrivate })
      const where = `${url.host}${url.pathname}`
      const findings: Finding[] = []
      const fail = (code: string, message: string, name = 'host') => findings.push({ status: 'fail', code, message, location: at(name) })
      const type = mediaType(a.headers['content-type'])
      const facts: Record<string, string | number | boolean | null> = { status: a.status, content_type: type, bytes: a.truncated ? null : a.body.length }
      if (a.status >= 300 && a.status < 400) fail('WELL_KNOWN_REDIRECTED', `${where} redirects (${a.status}): Apple and Google never follow a redirect; serve the file at this URL`)
      else if (a.status !== 200) fail('WELL_KNOWN_STATUS', `${where} answered ${a.status}, not 200`)
      if (a.status === 200) {
        if (type !== 'application/json') fail('WELL_KNOWN_CONTENT_TYPE', `${where} is served as ${type ?? 'no content type'}, not application/json`)
        if (a.truncated) fail('WELL_KNOWN_TOO_LARGE', `${where} is larger than ${WELL_KNOWN_MAX_BYTES} bytes (Apple's limit)`)
        else {
          let served: unknown
          try {
            served = JSON.parse(a.body.toString('utf8'))
          } catch {
            fail('WELL_KNOWN_INVALID', `${where} is ${a.body.length ? 'not JSON' : 'empty'}`)
          }
          if (served !== undefined) {
            const canonical = canonicalJson(served)
            facts.sha256 = sha256(canonical)
            if (o.same_as) {
              const expected = repositoryJson(ctx.repo.read(o.same_as), o.same_as)
              if ('finding' in expected) findings.push(expected.finding)
              else {
                facts.same_as_repository = expected.canonical === canonical
                if (expected.canonical !== canonical) fail('WELL_KNOWN_DRIFT', `${where} differs from ${o.same_as}: deploy the repository's file (or fix the host's rewrite)`, 'same_as')
              }
            }
          }
        }
      }
      return { ...outcomeOf(findings), observations: [{ source: 'http', subject: `${url.origin}${url.pathname}`, facts }] }
    })
  },
}

function repositoryJson(read: ReadResult, path: string): { canonical: string } | { finding: Finding } {
  if (read.kind === 'missing') return { finding: { status: 'missing', code: 'FILE_MISSING', message: `${path} does not exist: same_as needs the repository's copy`, location: { path } } }
  if (read.kind === 'error') return { finding: unreadable(path, read.message) }
  try {
    return { canonical: canonicalJson(JSON.parse(read.text)) }
  } catch {
    return { finding: { status: 'fail', code: 'DATA_UNPARSABLE', message: `${path} is not valid JSON`, location: { path } } }
  }
}
