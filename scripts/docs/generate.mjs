// Docs generator, run by `npm run build` after the schema step. It rewrites the regions
//   <!-- generated:NAME ARGS -->
//   …
//   <!-- /generated:NAME -->
// in README.md and docs/*.md from the code, so no table that mirrors code and no sample
// output is typed by hand. Sources: schema/gate-matrix.schema.json (kind options and
// their zod descriptions), action.yml (inputs and outputs), the built CLI (usage and
// sample outputs), and scripts/docs/data.ts bundled with esbuild (kinds, built-ins,
// reason codes). Deterministic and idempotent: CI rebuilds and diffs docs/ and README.md.
//
// Regions:
//   kinds                  the kinds at a glance
//   kind-options KIND      one kind's options table
//   builtins               the built-in gates
//   evidence-fields        every field of the evidence document (schema/evidence.schema.json)
//   reason-codes           every reason code, who emits it and what it means
//   action-inputs          the action's inputs (action.yml)
//   action-outputs         the action's outputs (action.yml)
//   cli-usage              `gate-matrix --help`
//   file PATH              a file of this repository, as a code block
//   run ARGS…              `gate-matrix ARGS…` run from the repository root, output and exit code
import { execFileSync, spawnSync } from 'node:child_process'
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, extname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { parse } from 'yaml'

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..')
const cli = join(root, 'dist', 'cli', 'index.js')

/** Kinds, built-ins and reason codes, from the TypeScript registries. */
async function tsData() {
  const { build } = await import('esbuild').catch((e) => {
    throw new Error(`docs: esbuild could not be loaded (${e.code ?? e.message}): run \`npm ci\` to install the devDependencies`)
  })
  // Inside the checkout, so the bundle's imports of packages resolve from node_modules.
  const dir = mkdtempSync(join(root, '.build-docs-'))
  try {
    const out = join(dir, 'data.mjs')
    await build({ entryPoints: [join(root, 'scripts', 'docs', 'data.ts')], bundle: true, packages: 'external', platform: 'node', format: 'esm', target: 'node20', outfile: out, logLevel: 'error' })
    return JSON.parse(execFileSync(process.execPath, [out], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'inherit'] }))
  } finally {
    rmSync(dir, { recursive: true, force: true })
  }
}

/** A table cell: one line, pipes escaped. */
const cell = (text) => String(text).replace(/\s*\n\s*/g, ' ').replace(/\|/g, '\\|')
const code = (text) => `\`${text}\``
const table = (head, rows) => [`| ${head.join(' | ')} |`, `|${head.map(() => '---').join('|')}|`, ...rows.map((r) => `| ${r.map(cell).join(' | ')} |`)].join('\n')

const isExpression = (s) => s.type === 'string' && typeof s.pattern === 'string' && s.pattern.startsWith('^\\s*\\$\\{\\{')

/** A JSON Schema node as a short type: `string`, list of `string`, `json` \| `yaml`… */
function typeOf(s) {
  if (!s || Object.keys(s).filter((k) => k !== 'description').length === 0) return 'any value'
  if ('const' in s) return code(JSON.stringify(s.const))
  if (s.enum) return s.enum.map((v) => code(v)).join(' or ')
  if (s.anyOf) {
    const plain = s.anyOf.filter((b) => !isExpression(b))
    const expr = plain.length < s.anyOf.length ? ', or a `${{ }}` expression' : ''
    return `${plain.map(typeOf).join(' or ')}${expr}`
  }
  if (Array.isArray(s.type)) return s.type.map((type) => typeOf({ ...s, type })).join(' or ')
  if (s.type === 'array') return s.prefixItems ? `[${s.prefixItems.map(typeOf).join(', ')}]` : s.items?.properties ? 'list of mappings' : `list of ${typeOf(s.items)}`
  if (s.type === 'object') {
    // Its keys get rows of their own below it.
    if (s.properties) return 'mapping'
    if (s.additionalProperties && typeof s.additionalProperties === 'object') return `map of ${typeOf(s.additionalProperties)}`
    return 'mapping'
  }
  return s.type
}

/** Rows for an object's options: required first, then in the schema's order. */
function optionRows(obj, prefix = '') {
  const required = new Set(obj.required ?? [])
  const names = Object.keys(obj.properties ?? {}).sort((a, b) => Number(required.has(b)) - Number(required.has(a)))
  return names.flatMap((name) => {
    const s = obj.properties[name]
    const row = [code(prefix + name), typeOf(s), required.has(name) ? 'yes' : '', s.description ?? '']
    // A nested options object (dispatch_input) gets its own rows.
    const nested = s.type === 'object' && s.properties ? optionRows(s, `${prefix}${name}.`) : []
    return [row, ...nested]
  })
}

/** Rows for every field of the evidence document, by path (`environments[].gates[].result`). */
function fieldRows(s, path = '') {
  if (s.anyOf) {
    // A nullable object (waiver, residual_risk): its fields are listed under the object.
    const object = s.anyOf.find((b) => b.type === 'object' && b.properties)
    return object ? fieldRows(object, path) : []
  }
  if (s.type === 'array' && s.items) return fieldRows(s.items, `${path}[]`)
  if (s.type !== 'object' || !s.properties) return []
  const required = new Set(s.required ?? [])
  return Object.entries(s.properties).flatMap(([name, child]) => {
    const at = path ? `${path}.${name}` : name
    return [[code(at), typeOf(child), required.has(name) ? 'yes' : '', child.description ?? ''], ...fieldRows(child, at)]
  })
}

function kindSchema(schema, kind) {
  const entries = schema.properties.gates.items.properties.assert.items.anyOf
  const entry = entries.find((e) => e.properties && kind in e.properties)
  if (!entry) throw new Error(`docs: the schema has no assertion kind "${kind}"`)
  return entry.properties[kind]
}

function usage() {
  return ['```text', execFileSync(process.execPath, [cli, '--help'], { cwd: root, encoding: 'utf8' }).trimEnd(), '```'].join('\n')
}

const LANGUAGES = { '.yml': 'yaml', '.yaml': 'yaml', '.json': 'json', '.md': 'markdown', '.sh': 'sh' }

function fileBlock(path) {
  const text = readFileSync(join(root, path), 'utf8').trimEnd()
  const fence = text.includes('```') ? '````' : '```'
  return [`${fence}${LANGUAGES[extname(path)] ?? 'text'}`, text, fence].join('\n')
}

/** `gate-matrix ARGS` from the repository root, with no token and no colour. */
function run(args) {
  const argv = args.split(/\s+/).filter(Boolean)
  const r = spawnSync(process.execPath, [cli, ...argv], { cwd: root, encoding: 'utf8', timeout: 120_000, env: { PATH: process.env.PATH ?? '', NO_COLOR: '1' } })
  if (r.error || r.status === null || r.status > 2) throw new Error(`docs: gate-matrix ${args} did not run: ${r.error?.message ?? r.stderr}`)
  const format = argv[argv.indexOf('--format') + 1]
  const language = argv.includes('--format') ? { markdown: 'markdown', json: 'json', sarif: 'json' }[format] ?? 'text' : 'text'
  const output = `${r.stdout}${r.stderr}`.trimEnd()
  const fence = output.includes('```') ? '````' : '```'
  const shown = language === 'text' ? [`$ gate-matrix ${argv.join(' ')}`, output] : [output]
  const lead = language === 'text' ? [] : [`\`gate-matrix ${argv.join(' ')}\`:`, '']
  return [...lead, `${fence}${language}`, ...shown, fence, '', `Exit code ${r.status}.`].join('\n')
}

const NEEDS = { repository: 'the repository', changes: 'the change set', run: 'the event', github: 'the GitHub API', live: 'the live hosts (--live)' }

function generators(data, schema, evidence, action) {
  const kind = (name) => {
    const k = data.kinds.find((x) => x.kind === name)
    if (!k) throw new Error(`docs: no assertion kind "${name}"`)
    return k
  }
  return {
    kinds: () => table(['kind', 'checks', 'needs'], data.kinds.map((k) => [`[${code(k.kind)}](kinds.md#${k.kind})`, k.description, NEEDS[k.needs]])),
    'kind-options': (name) => table(['option', 'type', 'required', 'meaning'], optionRows(kindSchema(schema, kind(name).kind))),
    builtins: () =>
      table(['id', 'family', 'scope', 'mode', 'checks', 'codes'], data.builtins.map((b) => [code(b.id), b.family, b.scope, b.mode, b.description, b.codes.map(code).join(', ') || '—'])),
    // Each code row carries its own anchor: SARIF rules link to reason-codes.md#<code>.
    'reason-codes': () =>
      table(
        ['code', 'status', 'emitted by', 'meaning'],
        Object.entries(data.codes).map(([c, r]) => [`<a id="${c.toLowerCase()}"></a>${code(c)}`, r.status, r.emittedBy.map((by) => (by === 'engine' ? 'the engine' : code(by))).join(', '), r.meaning]),
      ),
    'evidence-fields': () => table(['field', 'type', 'always', 'meaning'], fieldRows(evidence)),
    'action-inputs': () =>
      table(['input', 'default', 'meaning'], Object.entries(action.inputs).map(([name, i]) => [code(name), i.default === '' || i.default === undefined ? '' : code(i.default), i.description])),
    'action-outputs': () => table(['output', 'meaning'], Object.entries(action.outputs).map(([name, o]) => [code(name), o.description])),
    'cli-usage': () => usage(),
    file: (path) => fileBlock(path),
    run: (args) => run(args),
  }
}

// Markers stand on lines of their own, so a marker quoted in prose or code is left alone.
const REGION = /^<!-- generated:([a-z-]+)((?: [^\n]*?)?) -->\n[\s\S]*?^<!-- \/generated:\1 -->$/gm

export async function generateDocs() {
  const data = await tsData()
  const schema = JSON.parse(readFileSync(join(root, 'schema', 'gate-matrix.schema.json'), 'utf8'))
  const evidence = JSON.parse(readFileSync(join(root, 'schema', 'evidence.schema.json'), 'utf8'))
  const action = parse(readFileSync(join(root, 'action.yml'), 'utf8'))
  const gen = generators(data, schema, evidence, action)
  const files = ['README.md', ...readdirSync(join(root, 'docs')).filter((f) => f.endsWith('.md')).sort().map((f) => join('docs', f))]
  for (const file of files) {
    const path = join(root, file)
    const before = readFileSync(path, 'utf8')
    let regions = 0
    const after = before.replace(REGION, (_, name, args) => {
      if (!Object.hasOwn(gen, name)) throw new Error(`${file}: unknown generated region "${name}"`)
      regions++
      return `<!-- generated:${name}${args} -->\n${gen[name](args.trim())}\n<!-- /generated:${name} -->`
    })
    // An opening marker without its closing one would silently stay stale.
    const openings = before.match(/^<!-- generated:/gm)?.length ?? 0
    if (openings !== regions) throw new Error(`${file}: ${openings - regions} <!-- generated:NAME --> marker(s) without a matching <!-- /generated:NAME --> on a line of its own`)
    if (after !== before) writeFileSync(path, after)
  }
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  await generateDocs().catch((e) => {
    process.stderr.write(`${e.message}\n`)
    process.exit(1)
  })
}
