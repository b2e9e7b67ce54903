// A loopback stand-in for the GitHub REST API (127.0.0.1, a free port). Tests register
// handlers by route template ('GET /repos/{owner}/{repo}/pulls/{pull_number}/files');
// every request is checked against GitHub's official OpenAPI description
// (__tests__/fixtures/openapi/subset.json, made by scripts/extract-openapi.mjs): path,
// method, path and query parameters, body fields and their types. Unknown query
// parameters and unknown body field names are rejected too, since no GitHub request
// body declares additionalProperties: false. A request that breaks the description gets
// a 422 and is recorded in `violations`; tests assert that list is empty. Faults: any
// status, a body that is not what GitHub sends (`contentType`), a hang (`hang`), and any
// header (a `link` to another origin).
import { afterEach, expect } from '@jest/globals'
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http'
import { readFileSync } from 'node:fs'
import type { AddressInfo } from 'node:net'
import { Ajv, type ValidateFunction } from 'ajv'
import addFormatsModule from 'ajv-formats'

type AddFormats = (ajv: Ajv) => Ajv
// ajv-formats is CommonJS: under ESM its default export may arrive wrapped.
const addFormats = ((addFormatsModule as unknown as { default?: AddFormats }).default ?? addFormatsModule) as unknown as AddFormats

export interface ApiRequest {
  /** 'POST /repos/{owner}/{repo}/check-runs' */
  route: string
  method: string
  /** The path as sent, without the query. */
  path: string
  params: Record<string, string>
  query: Record<string, string>
  headers: Record<string, string | string[] | undefined>
  body: unknown
}

export interface ApiReply {
  status?: number
  headers?: Record<string, string>
  /** Objects are sent as JSON; strings as they are. */
  body?: unknown
  /** Overrides the content type, e.g. 'application/json' for a string body that is not JSON. */
  contentType?: string
  /** A hung API: `no-answer` sends nothing; `mid-body` sends the headers and half the body.
   * The connection stays open until the client gives up or the server closes. */
  hang?: 'no-answer' | 'mid-body'
}

export type ApiHandler = (req: ApiRequest) => ApiReply | Promise<ApiReply>

export interface GitHubApi {
  url: string
  /** Every request received, in order (invalid ones included). */
  requests: ApiRequest[]
  /** Requests that broke GitHub's description, or hit no handler: 'METHOD path: problem'. */
  violations: string[]
  /** Register or replace a handler while running. */
  on(route: string, handler: ApiHandler): void
  /** Requests received for one route template. */
  count(route: string): number
  close(): Promise<void>
}

type Json = Record<string, unknown>

interface Operation {
  route: string
  method: string
  matcher: RegExp
  names: string[]
  pathParams: Map<string, Json>
  queryParams: Map<string, { schema: Json; required: boolean }>
  body: { schema: Json; required: boolean; validate: ValidateFunction } | null
}

const SUBSET = new URL('../fixtures/openapi/subset.json', import.meta.url)
let operationsCache: Operation[] | null = null

function resolve(spec: Json, node: unknown, seen: Set<string> = new Set()): unknown {
  if (Array.isArray(node)) return node.map((n) => resolve(spec, n, seen))
  if (!node || typeof node !== 'object') return node
  const ref = (node as Json).$ref
  if (typeof ref === 'string') {
    if (seen.has(ref)) return {}
    let target: unknown = spec
    for (const p of ref.replace(/^#\//, '').split('/')) target = (target as Json)?.[p.replace(/~1/g, '/').replace(/~0/g, '~')]
    if (target === undefined) throw new Error(`unresolved $ref ${ref} in the OpenAPI subset`)
    return resolve(spec, target, new Set([...seen, ref]))
  }
  return Object.fromEntries(Object.entries(node).map(([k, v]) => [k, resolve(spec, v, seen)]))
}

/** OpenAPI 3.0 `nullable: true` → JSON Schema's `null` type. */
function denull(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(denull)
  if (!node || typeof node !== 'object') return node
  const out: Json = {}
  for (const [k, v] of Object.entries(node)) {
    if (k === 'nullable') continue
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v as Json).map(([n, s]) => [n, denull(s)])) : denull(v)
  }
  if ((node as Json).nullable === true) {
    if (typeof out.type === 'string') out.type = [out.type, 'null']
    else if (Array.isArray(out.type)) out.type = [...out.type, 'null']
    else return { anyOf: [out, { type: 'null' }] }
    if (Array.isArray(out.enum)) out.enum = [...out.enum, null]
  }
  return out
}

function operations(ajv: Ajv): Operation[] {
  if (operationsCache) return operationsCache
  const spec = JSON.parse(readFileSync(SUBSET, 'utf8')) as Json
  const ops: Operation[] = []
  for (const [template, methods] of Object.entries(spec.paths as Json)) {
    for (const [method, rawOp] of Object.entries(methods as Json)) {
      const op = resolve(spec, rawOp) as Json
      const names: string[] = []
      const pathParams = new Map<string, Json>()
      const queryParams = new Map<string, { schema: Json; required: boolean }>()
      for (const p of (op.parameters ?? []) as Json[]) {
        if (p.in === 'path') pathParams.set(String(p.name), { ...(denull(p.schema) as Json), 'x-multi-segment': p['x-multi-segment'] === true })
        if (p.in === 'query') queryParams.set(String(p.name), { schema: denull(p.schema) as Json, required: p.required === true })
      }
      const source = template.replace(/[.*+?^$()|[\]\\]/g, '\\$&').replace(/\{([^}]+)\}/g, (_m, name: string) => {
        names.push(name)
        return pathParams.get(name)?.['x-multi-segment'] ? '(.+)' : '([^/]+)'
      })
      const rb = op.requestBody as Json | undefined
      const bodySchema = rb ? (denull(((rb.content as Json)['application/json'] as Json).schema) as Json) : null
      ops.push({
        route: `${method.toUpperCase()} ${template}`,
        method: method.toUpperCase(),
        matcher: new RegExp(`^${source}$`),
        names,
        pathParams,
        queryParams,
        body: bodySchema ? { schema: bodySchema, required: rb?.required === true, validate: ajv.compile(bodySchema) } : null,
      })
    }
  }
  // Literal segments win over parameters: /pulls/{n}/files before /contents/{path}.
  ops.sort((a, b) => b.route.replace(/\{[^}]+\}/g, '').length - a.route.replace(/\{[^}]+\}/g, '').length)
  operationsCache = ops
  return ops
}

/** Field names the schema does not declare, at any depth ('output.annotations[3].lvl'). */
function unknownFields(schema: Json, value: unknown, at: string): string[] {
  if (Array.isArray(value)) {
    const items = schema.items as Json | undefined
    return items ? value.flatMap((v, i) => unknownFields(items, v, `${at}[${i}]`)) : []
  }
  if (!value || typeof value !== 'object') return []
  const branches = [schema, ...(['allOf', 'anyOf', 'oneOf'] as const).flatMap((k) => (schema[k] as Json[] | undefined) ?? [])]
  const props: Record<string, Json> = {}
  let open = false
  for (const b of branches) {
    Object.assign(props, (b.properties as Record<string, Json> | undefined) ?? {})
    if (b.additionalProperties !== undefined && b.additionalProperties !== false) open = true
  }
  if (!Object.keys(props).length) return []
  const out: string[] = []
  for (const [k, v] of Object.entries(value)) {
    const path = at ? `${at}.${k}` : k
    if (props[k]) out.push(...unknownFields(props[k], v, path))
    else if (!open) out.push(path)
  }
  return out
}

function coerce(schema: Json, raw: string): unknown {
  const type = Array.isArray(schema.type) ? schema.type[0] : schema.type
  if (type === 'integer' || type === 'number') return /^-?\d+(\.\d+)?$/.test(raw) ? Number(raw) : raw
  if (type === 'boolean') return raw === 'true' ? true : raw === 'false' ? false : raw
  return raw
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')))
    req.on('error', reject)
  })
}

export async function startGitHubApi(o: { handlers?: Record<string, ApiHandler> } = {}): Promise<GitHubApi> {
  const ajv = new Ajv({ strict: false, allErrors: true })
  addFormats(ajv)
  const ops = operations(ajv)
  const handlers = new Map(Object.entries(o.handlers ?? {}))
  for (const route of handlers.keys()) {
    if (!ops.some((op) => op.route === route)) throw new Error(`handler for ${route}: no such operation in the OpenAPI subset`)
  }
  const requests: ApiRequest[] = []
  const violations: string[] = []

  const send = (res: ServerResponse, reply: ApiReply) => {
    if (reply.hang === 'no-answer') return
    const body = reply.body === undefined ? '' : typeof reply.body === 'string' ? reply.body : JSON.stringify(reply.body)
    res.writeHead(reply.status ?? 200, {
      'content-type': reply.contentType ?? (typeof reply.body === 'string' ? 'text/plain; charset=utf-8' : 'application/json; charset=utf-8'),
      'x-ratelimit-remaining': '4999',
      ...reply.headers,
    })
    if (reply.hang === 'mid-body') res.write(body.slice(0, Math.floor(body.length / 2)))
    else res.end(body)
  }

  const server = createServer(async (req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1')
    const method = (req.method ?? 'GET').toUpperCase()
    const text = await readBody(req)
    let body: unknown = undefined
    if (text) {
      try {
        body = JSON.parse(text)
      } catch {
        body = text
      }
    }
    const query = Object.fromEntries(url.searchParams.entries())
    const path = url.pathname
    const op = ops.find((c) => c.method === method && c.matcher.test(path))
    const record: ApiRequest = { route: op?.route ?? `${method} ${path}`, method, path, params: {}, query, headers: req.headers, body }
    requests.push(record)
    const problems: string[] = []
    if (!op) {
      problems.push('no such operation in GitHub REST API description (subset)')
    } else {
      const m = op.matcher.exec(path)!
      op.names.forEach((name, i) => {
        const value = decodeURIComponent(m[i + 1])
        record.params[name] = value
        const schema = op.pathParams.get(name) ?? {}
        if (schema.type === 'integer' && !/^\d+$/.test(value)) problems.push(`path parameter ${name}=${value} is not an integer`)
      })
      for (const [name, value] of Object.entries(query)) {
        const p = op.queryParams.get(name)
        if (!p) {
          problems.push(`unknown query parameter ${name}`)
          continue
        }
        const v = ajv.validate(p.schema, coerce(p.schema, value))
        if (!v) problems.push(`query parameter ${name}=${value}: ${ajv.errorsText(ajv.errors)}`)
      }
      for (const [name, p] of op.queryParams) if (p.required && !(name in query)) problems.push(`missing required query parameter ${name}`)
      if (op.body) {
        if (body === undefined) {
          if (op.body.required) problems.push('missing request body')
        } else if (!op.body.validate(body)) {
          problems.push(`body: ${ajv.errorsText(op.body.validate.errors, { dataVar: 'body' })}`)
        } else {
          for (const f of unknownFields(op.body.schema, body, '')) problems.push(`body: unknown field ${f}`)
        }
      } else if (body !== undefined && method !== 'GET') {
        problems.push('a body where the operation takes none')
      }
    }
    if (problems.length) {
      violations.push(...problems.map((p) => `${method} ${path}: ${p}`))
      return send(res, { status: 422, body: { message: `Validation Failed: ${problems.join('; ')}` } })
    }
    const handler = handlers.get(record.route)
    if (!handler) {
      violations.push(`${method} ${path}: no handler registered for ${record.route}`)
      return send(res, { status: 404, body: { message: 'Not Found' } })
    }
    try {
      send(res, await handler(record))
    } catch (e) {
      violations.push(`${method} ${path}: handler threw ${(e as Error).message}`)
      send(res, { status: 500, body: { message: 'handler error' } })
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    violations,
    on(route, handler) {
      if (!ops.some((op) => op.route === route)) throw new Error(`handler for ${route}: no such operation in the OpenAPI subset`)
      handlers.set(route, handler)
    },
    count(route) {
      return requests.filter((r) => r.route === route).length
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}

/** A loopback API per test: `start` it in the test; after the test it is closed, and the test
 * fails on any request the OpenAPI subset refused. Call once at the top of a test file. */
export function apiPerTest(): (o?: { handlers?: Record<string, ApiHandler> }) => Promise<GitHubApi> {
  let current: GitHubApi | null = null
  afterEach(async () => {
    const api = current
    current = null
    if (!api) return
    try {
      expect(api.violations).toEqual([])
    } finally {
      await api.close()
    }
  })
  return async (o) => (current = await startGitHubApi(o))
}
