// What each REST answer gate-matrix reads must look like, checked once in the client for
// every request (pages included) before any caller touches it: a proxy's HTML page, a
// truncated body or an object where a list belongs is "unexpected response from GET …"
// (GitHub unavailable, so the gates that needed it are blocked), never a TypeError deep
// in an assertion reported as gate-matrix's or the matrix's fault. Only the fields the
// callers read unguarded are checked.
import { isRecord } from '../repo/data-path.js'

type Check = (data: unknown) => boolean

const str = (v: unknown) => typeof v === 'string'
const num = (v: unknown) => typeof v === 'number'
const listOf = (item: Check): Check => (d) => Array.isArray(d) && d.every(item)
const fields =
  (spec: Record<string, Check>): Check =>
  (d) =>
    isRecord(d) && Object.entries(spec).every(([k, c]) => c(d[k]))
const optional = (c: Check): Check => (v) => v === undefined || v === null || c(v)

const file = fields({ filename: str, previous_filename: optional(str) })

interface Shape {
  /** What was expected, for the message. */
  what: string
  check: Check
}

const SHAPES: Record<string, Shape> = {
  'GET /repos/{owner}/{repo}/contents/{path}': { what: 'the raw file', check: (d) => str(d) || d instanceof ArrayBuffer },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/files': { what: 'a list of files', check: listOf(fields({ filename: str, status: str, previous_filename: optional(str) })) },
  'GET /repos/{owner}/{repo}/compare/{basehead}': { what: 'a comparison', check: fields({ files: optional(listOf(file)) }) },
  'GET /repos/{owner}/{repo}/deployments': { what: 'a list of deployments', check: listOf(fields({ id: num, sha: str, ref: str, task: str, environment: str, created_at: str })) },
  'GET /repos/{owner}/{repo}/environments/{environment_name}': { what: 'an environment', check: fields({ name: str, protection_rules: optional(listOf(fields({ type: str }))) }) },
  'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies': { what: 'a list of branch policies', check: fields({ branch_policies: listOf(fields({ name: str })) }) },
  'GET /repos/{owner}/{repo}/environments/{environment_name}/deployment_protection_rules': {
    what: 'a list of protection rules',
    check: fields({ custom_deployment_protection_rules: optional(listOf(fields({ enabled: (v) => typeof v === 'boolean', app: fields({ slug: str }) }))) }),
  },
  'GET /repos/{owner}/{repo}/code-scanning/analyses': { what: 'a list of code scanning analyses', check: listOf(fields({ id: num })) },
  'GET /repos/{owner}/{repo}/code-scanning/alerts': { what: 'a list of code scanning alerts', check: listOf(fields({ number: num, rule: optional(fields({ security_severity_level: optional(str) })) })) },
  'GET /repos/{owner}/{repo}/deployments/{deployment_id}/statuses': { what: 'a list of deployment statuses', check: listOf(fields({ id: num, state: str, created_at: str })) },
  'GET /repos/{owner}/{repo}/commits/{ref}/check-runs': { what: 'a list of check runs', check: fields({ check_runs: listOf(fields({ id: num, name: str, status: str })) }) },
  'GET /repos/{owner}/{repo}/commits/{ref}/statuses': { what: 'a list of statuses', check: listOf(fields({ context: str, state: str, updated_at: str })) },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}': {
    what: 'a pull request',
    // Callers that read only the number ask for the pull request too: the rest is checked by who reads it.
    check: fields({ number: num, user: optional(fields({ login: str })), head: optional(fields({ sha: str })), base: optional(fields({ sha: str, ref: str })) }),
  },
  'GET /repos/{owner}/{repo}/pulls/{pull_number}/reviews': { what: 'a list of reviews', check: listOf(fields({ id: num, state: str, user: optional(fields({ login: str })) })) },
  'GET /orgs/{org}/teams/{team_slug}/members': { what: 'a list of users', check: listOf(fields({ login: str })) },
  'POST /repos/{owner}/{repo}/check-runs': { what: 'a check run', check: fields({ id: num }) },
}

const MATCHERS = Object.entries(SHAPES).map(([route, shape]) => {
  const [method, template] = route.split(' ')
  const source = template.replace(/\{([^}]+)\}/g, (_m, name: string) => (name === 'path' ? '.+' : '[^/]+'))
  return { method, template, matcher: new RegExp(`^${source}$`), shape }
})

/**
 * The route template of a request (`url` is a template, or an absolute URL of a next page
 * under `basePath`), and the problem with its answer; null when it is as expected or the
 * route is not one gate-matrix reads fields of.
 */
export function responseProblem(method: string, url: string, basePath: string, data: unknown): string | null {
  let path = url
  if (/^https?:\/\//i.test(url)) {
    path = new URL(url).pathname
    if (basePath && path.startsWith(basePath)) path = path.slice(basePath.length)
  } else {
    path = url.split('?')[0]
  }
  for (const m of MATCHERS) {
    if (m.method !== method.toUpperCase() || !(m.template === path || m.matcher.test(path))) continue
    return m.shape.check(data) ? null : `expected ${m.shape.what}, got ${describe(data)}`
  }
  return null
}

function describe(d: unknown): string {
  // Never the body itself: it is not ours to print.
  if (typeof d === 'string') return d.trim() ? 'text that is not JSON' : 'an empty body'
  if (Array.isArray(d)) return 'a list whose items lack expected fields'
  if (isRecord(d)) return 'an object without the expected fields'
  if (d instanceof ArrayBuffer) return 'binary data'
  return String(d)
}
