// A scan written as a starting matrix: YAML text with a comment on every entry saying where
// it was found. Sorted as the scan is, so the same repository gives the same bytes.
import type { Location } from '../core/location.js'
import type { FoundHost, Scan } from './scan.js'

/** A YAML scalar: plain when that reads back as the same string, else quoted. */
export function yamlString(s: string): string {
  const plain = /^[A-Za-z0-9_.][A-Za-z0-9_./@*-]*$/.test(s) && !/^(true|false|null|yes|no|on|off|y|n)$/i.test(s) && !/^[-+]?(\d[\d_]*)?(\.\d*)?([eE][-+]?\d+)?$/.test(s) && !/^0[xo]/i.test(s)
  if (plain) return s
  // eslint-disable-next-line no-control-regex
  if (!/['\u0000-\u001f\u007f]/.test(s)) return `'${s}'`
  return JSON.stringify(s)
}

/** `path:line` for a comment (control characters of a strange file name dropped). */
function where(l: Location): string {
  const path = oneLine(l.path)
  return l.line === undefined ? path : `${path}:${l.line}`
}

/** A comment stays one comment: a line break in a scanned name would start YAML of its own. */
function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f\u0085\u2028\u2029]/g, '?')
}

/** A gate id from free text: lower case, only the characters ids allow. */
function slug(s: string): string {
  return s.toLowerCase().replace(/\.(ya?ml|md|json)$/, '').replace(/[^a-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'x'
}

interface Gate {
  id: string
  comment: string[]
  family: string
  artifact: string
  environments?: string[]
  assert: string[]
}

/** The matrix's name rule (spec/schema.ts): GitHub also allows spaces and more. */
const MATRIX_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/

export function renderMatrix(found: Scan): { text: string; gates: number; environments: number } {
  // An environment the matrix cannot name is left out, said so, rather than written invalid.
  const unnamed = found.environments.filter((e) => !MATRIX_NAME.test(e.name))
  const scan: Scan = { ...found, environments: found.environments.filter((e) => MATRIX_NAME.test(e.name)) }
  const out: string[] = [
    '# A starting gate matrix written by `gate-matrix init`: every entry says where it was found.',
    '# Review it, name owners, add the facts only you know (branches, rollback), then tighten it.',
    'version: 1',
  ]
  for (const e of unnamed) {
    out.push(`# not declared: environment ${JSON.stringify(e.name)} (${e.origins.map(where).join(', ')}): a matrix name has only letters, digits, ".", "_" and "-"`)
  }
  for (const u of scan.unreadable) out.push(`# not read: ${where({ path: u.path, line: u.line })}: ${oneLine(u.message)}`)

  if (scan.tracked.length) {
    out.push('', '# The deployment surface: a change here needs a change to this matrix in the same PR.', 'tracked:')
    for (const t of scan.tracked) out.push(`  - ${yamlString(t.glob)} # ${where(t.origin)}`)
  }

  out.push('', 'environments:')
  // Gates without `environments:` skip non-targets: with no target they would judge nothing.
  const placeholder = scan.environments.every((e) => !e.deployment) && !scan.environments.some((e) => e.name.toLowerCase() === 'production')
  if (placeholder) {
    out.push('  # No workflow job deploys to a named environment: this one stands for your deployment target; rename it.', '  production: {}')
  }
  for (const env of scan.environments) {
    out.push(`  # ${env.origins.map(where).join(', ')}`)
    const facts: string[] = []
    if (!env.deployment) facts.push('    # Not a deployment target: no job that uses it deploys (approvals, secrets, signing).', '    deployment: false')
    if (env.hosts.length) {
      facts.push('    hosts:')
      for (const h of env.hosts) facts.push(`      ${yamlString(h.name)}: ${yamlString(h.value)} # ${where(h.origin)}`)
    }
    out.push(facts.length ? `  ${yamlString(env.name)}:` : `  ${yamlString(env.name)}: {}`, ...facts)
  }

  const gates: Gate[] = []
  for (const wf of scan.deployWorkflows) {
    gates.push({
      id: `no-bypass-${slug(wf.path.split('/').pop() ?? wf.path)}`,
      comment: [`A deploy or release workflow (${wf.why}): no step may swallow a failure.`, where(wf.origin)],
      family: 'source-promotion',
      artifact: wf.path,
      assert: [`workflow: { file: ${yamlString(wf.path)}, forbid_ignored_failures: true, forbid_continue_on_error: true }`],
    })
  }
  for (const env of scan.environments) {
    if (!env.hosts.length) continue
    gates.push({
      id: `hosts-${slug(env.name)}`,
      comment: [`The hosts and URLs ${env.name}'s jobs use are the environment's facts.`, ...env.hosts.map((h) => `${h.name}: ${where(h.origin)}`)],
      family: 'dns-tls-edge',
      artifact: env.hosts[0].file,
      environments: [env.name],
      assert: env.hosts.map((h) => hostAssertion(h, `\${{ environment.hosts.${h.name} }}`)),
    })
  }
  if (scan.hosts.length) {
    gates.push({
      id: 'workflow-hosts',
      comment: ['Hosts and URLs in workflow-level env: of workflows that use no single environment.', ...scan.hosts.map((h) => `${h.name}: ${where(h.origin)}`)],
      family: 'dns-tls-edge',
      artifact: scan.hosts[0].file,
      assert: scan.hosts.map((h) => hostAssertion(h, h.value)),
    })
  }
  for (const wk of scan.wellKnown) {
    gates.push({
      id: `well-known-${wk.platform}-${slug(wk.file.replace(/\/?\.well-known\/.*$/, '') || 'root')}`,
      comment: [`${wk.platform === 'ios' ? 'A universal-link (apple-app-site-association)' : 'An Android app-link (assetlinks.json)'} host contract: the app ids it holds.`, where(wk.origin)],
      family: 'dns-tls-edge',
      artifact: wk.file,
      assert: wk.appIds.map((id) => `data: { file: ${yamlString(wk.file)}, path: ${yamlString(wk.dataPath)}, includes: ${yamlString(id)} }`),
    })
  }
  for (const rb of scan.runbooks) {
    gates.push({
      id: `docs-${slug(rb.path.replace(/^docs\//, ''))}`,
      comment: ['A runbook: the files and pages it links to must exist (links only: code spans may show other paths).', where(rb)],
      family: 'docs',
      artifact: rb.path,
      assert: [`docs: { files: ${yamlString(rb.path)}, references_exist: links }`],
    })
  }

  const ids = new Set<string>()
  out.push('')
  if (gates.length === 0) out.push('# Nothing to gate was found (no deploy workflow, host, host contract or runbook): add gates here.', 'gates: []')
  else out.push('gates:')
  for (const g of gates) {
    let id = g.id
    for (let n = 2; ids.has(id); n++) id = `${g.id}-${n}`
    ids.add(id)
    out.push(...g.comment.map((c) => `  # ${oneLine(c)}`))
    out.push(`  - id: ${yamlString(id)}`, `    family: ${g.family}`, `    artifact: ${yamlString(g.artifact)}`)
    if (g.environments) out.push(`    environments: [${g.environments.map(yamlString).join(', ')}]`)
    out.push('    assert:', ...g.assert.map((a) => `      - ${a}`))
  }
  return { text: `${out.join('\n')}\n`, gates: gates.length, environments: scan.environments.length + (placeholder ? 1 : 0) }
}

function hostAssertion(h: FoundHost, equals: string): string {
  return `data: { file: ${yamlString(h.file)}, path: ${yamlString(h.dataPath)}, equals: ${yamlString(equals)} }`
}
