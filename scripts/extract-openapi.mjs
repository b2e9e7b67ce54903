#!/usr/bin/env node
// Extracts, from GitHub's official REST description (@octokit/openapi), the endpoints
// gate-matrix calls and every schema/parameter they reference, into a small committed
// file that the loopback API server in the tests validates requests against.
//
//   npm install --prefix /tmp/openapi @octokit/openapi
//   node scripts/extract-openapi.mjs [/tmp/openapi/node_modules/@octokit/openapi/generated/api.github.com.json]
//
// Only request-side parts are kept (parameters, requestBody): responses are what the
// tests write, requests are what the code under test writes.
import { readFileSync, writeFileSync } from 'node:fs'
import { createRequire } from 'node:module'

export const ENDPOINTS = [
  // action (src/github)
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}/files'],
  ['get', '/repos/{owner}/{repo}/compare/{basehead}'],
  ['get', '/repos/{owner}/{repo}/contents/{path}'],
  ['post', '/repos/{owner}/{repo}/check-runs'],
  ['patch', '/repos/{owner}/{repo}/check-runs/{check_run_id}'],
  // engine state (src/github/state.ts)
  ['get', '/repos/{owner}/{repo}/commits/{ref}/check-runs'],
  ['get', '/repos/{owner}/{repo}/commits/{ref}/statuses'],
  ['get', '/repos/{owner}/{repo}/commits/{ref}/status'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}'],
  ['get', '/repos/{owner}/{repo}/pulls/{pull_number}/reviews'],
  ['get', '/orgs/{org}/teams/{team_slug}/members'],
  // live gates on GitHub's deployment state (promotion order, on_branch uses compare above,
  // github_environment, code_scanning)
  ['get', '/repos/{owner}/{repo}/deployments'],
  ['get', '/repos/{owner}/{repo}/deployments/{deployment_id}/statuses'],
  ['get', '/repos/{owner}/{repo}/environments/{environment_name}'],
  ['get', '/repos/{owner}/{repo}/environments/{environment_name}/deployment-branch-policies'],
  ['get', '/repos/{owner}/{repo}/environments/{environment_name}/deployment_protection_rules'],
  ['get', '/repos/{owner}/{repo}/code-scanning/analyses'],
  ['get', '/repos/{owner}/{repo}/code-scanning/alerts'],
]

function defaultSource() {
  const require = createRequire('/tmp/openapi/')
  return require.resolve('@octokit/openapi/generated/api.github.com.json')
}

const source = process.argv[2] ?? defaultSource()
const api = JSON.parse(readFileSync(source, 'utf8'))

const components = {}
function resolveRef(ref) {
  const parts = ref.replace(/^#\//, '').split('/')
  let node = api
  for (const p of parts) node = node?.[p]
  if (node === undefined) throw new Error(`unresolved $ref ${ref}`)
  return [parts, node]
}

// Copies every $ref'd component (transitively) into `components`.
function collect(node) {
  if (Array.isArray(node)) return node.forEach(collect)
  if (!node || typeof node !== 'object') return
  if (typeof node.$ref === 'string') {
    const [parts, target] = resolveRef(node.$ref)
    const [, kind, name] = parts
    components[kind] ??= {}
    if (!(name in components[kind])) {
      components[kind][name] = target
      collect(target)
    }
  }
  for (const [k, v] of Object.entries(node)) if (k !== '$ref') collect(v)
}

// Descriptions and examples are most of the bytes and none of the rules.
function strip(node) {
  if (Array.isArray(node)) return node.map(strip)
  if (!node || typeof node !== 'object') return node
  const out = {}
  for (const [k, v] of Object.entries(node)) {
    if (k === 'description' || k === 'example' || k === 'examples' || k === 'summary') continue
    out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v).map(([n, s]) => [n, strip(s)])) : strip(v)
  }
  return out
}

const paths = {}
for (const [method, path] of ENDPOINTS) {
  const op = api.paths[path]?.[method]
  if (!op) throw new Error(`${method.toUpperCase()} ${path} is not in ${source}`)
  const kept = { operationId: op.operationId, parameters: op.parameters ?? [], ...(op.requestBody ? { requestBody: op.requestBody } : {}) }
  collect(kept)
  paths[path] ??= {}
  paths[path][method] = kept
}

const subset = strip({
  openapi: api.openapi,
  info: { title: 'GitHub REST API subset for gate-matrix tests', version: api.info.version },
  paths,
  components,
})
const out = new URL('../__tests__/fixtures/openapi/subset.json', import.meta.url)
writeFileSync(out, `${JSON.stringify(subset, null, 1)}\n`)
console.log(`wrote ${out.pathname}: ${Object.keys(paths).length} paths, ${Object.values(components).reduce((n, c) => n + Object.keys(c).length, 0)} components`)
