// Build: bundle the action (src/index.ts → dist/index.js) and the CLI (src/cli/index.ts →
// dist/cli/gate-matrix.cjs, started by src/cli/start.ts → dist/cli/index.js) with esbuild,
// then regenerate the JSON Schemas in schema/ from the zod schemas through the built CLI, then
// the generated regions of README.md and docs/ (scripts/docs/generate.mjs).
// CommonJS, minified: Node starts a CommonJS file faster than a module (about 18 ms of the
// action's cold start on a tiny repository: no ES module loader), and esbuild bundles the
// ESM-only @actions/* into it. What a run rarely needs is required on first use, from
// dist/vendor/*.cjs (VENDOR) or from inside the bundle. Deterministic (esbuild has no cache):
// CI rebuilds and diffs dist/, schema/, docs/ and README.md.
import { execFileSync } from 'node:child_process'
import { createHash } from 'node:crypto'
import { builtinModules } from 'node:module'
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import { generateDocs } from './docs/generate.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// Inside the checkout, so the move below stays on one filesystem.
const work = join(root, '.build-dist')

// @actions/core imports at load time its OIDC client (and with it @actions/http-client and
// undici) for getIDToken, its platform details (and with them @actions/exec and @actions/io)
// and its job summary writer (and with it fs/promises), none of which gate-matrix calls
// (src/action/step-summary.ts writes the summary): stubs that throw keep them off every start.
const CORE_STUBS = {
  './oidc-utils.js': "export class OidcClient { static async getIDToken() { throw new Error('getIDToken is not bundled in gate-matrix') } }\n",
  './platform.js': "export function getDetails() { throw new Error('platform details are not bundled in gate-matrix') }\n",
  './summary.js':
    "const unbundled = new Proxy({}, { get() { throw new Error('core.summary is not bundled in gate-matrix: use src/action/step-summary.ts') } })\nexport const summary = unbundled\nexport const markdownSummary = unbundled\n",
}
const dropOidc = {
  name: 'drop-actions-core-unused',
  setup(build) {
    build.onResolve({ filter: /^\.\/(oidc-utils|platform|summary)\.js$/ }, (args) =>
      /[\\/]@actions[\\/]core[\\/]lib$/.test(args.resolveDir) ? { path: args.path, namespace: 'gm-core-stub' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'gm-core-stub' }, (args) => ({ contents: CORE_STUBS[args.path], loader: 'js' }))
  },
}

// markdown-it builds a linkify-it (compiling its URL patterns, about 5 ms a start) in every
// constructor; src/repo/markdown.ts turns linkify off, so the bundle's linkify-it is a stub
// that fails loudly if a parser is ever made with it on.
const dropLinkify = {
  name: 'drop-linkify',
  setup(build) {
    build.onResolve({ filter: /^linkify-it$/ }, (args) => (/[\\/]markdown-it[\\/]/.test(args.importer) ? { path: 'linkify-it', namespace: 'gm-linkify' } : undefined))
    build.onLoad({ filter: /.*/, namespace: 'gm-linkify' }, () => ({
      contents: "export default class LinkifyIt {\n  pretest() { throw new Error('linkify is not bundled in gate-matrix') }\n  test() { return this.pretest() }\n  match() { return this.pretest() }\n  matchAtStart() { return this.pretest() }\n}\n",
      loader: 'js',
    }))
  },
}

// In CommonJS output esbuild keeps an import() of what it does not bundle (a Node built-in, a
// vendor file): code compiled through vm, as the CLI's start compiles its bundle, has no loader
// for it, and elsewhere it would start the ES module loader. `requireInstead` makes it a module
// that requires the same thing, which esbuild's import() of a bundled module requires on first use.
const REQUIRE_INSTEAD = 'gm-require'
const requireInstead = (path) => ({ path, namespace: REQUIRE_INSTEAD })
const dynamicBuiltins = {
  name: 'dynamic-builtins',
  setup(build) {
    build.onResolve({ filter: /.*/ }, (args) =>
      args.kind === 'dynamic-import' && builtinModules.includes(args.path.replace(/^node:/, '')) ? requireInstead(args.path) : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: REQUIRE_INSTEAD }, (args) => ({ contents: `module.exports = require(${JSON.stringify(args.path)})\n`, loader: 'js' }))
  },
}

// Packages a start rarely needs, required the first time the bundle uses them: `yaml` (files
// js-yaml refuses), TOML data files and the HTML entity table markdown-it decodes `&name;`
// with (about 23 ms of the action's cold start on a tiny repository), and what only some
// action runs load: the artifact client, Octokit, undici. The action's are built apart, to
// dist/vendor/NAME.cjs; the CLI's file bundles them as modules that run on that first use,
// so it stays one self-contained file.
// A list: the functions the bundled code imports from the package, each forwarded on first
// call (esbuild fails the build if the code asks for another); `import`: the package is
// imported by a module that is itself loaded on first use, so its require can stay there.
const VENDOR = {
  yaml: null, // src/repo/yaml-package.ts
  'toml-eslint-parser': ['parseTOML'],
  entities: ['decodeHTML', 'decodeHTMLStrict'],
  '@actions/artifact': 'import', // src/action/evidence-store.ts
  '@octokit/core': 'import', // src/github/client.ts
  '@octokit/plugin-paginate-rest': 'import',
  undici: 'import', // src/live/http.ts
}
const vendorFile = (name) => `${name.replace(/^@/, '').replace(/\//g, '-')}.cjs`

/** `from`: the vendor folder relative to the output file, or null to bundle the packages. */
function vendorPlugin(from) {
  const load = (name) => `require(${JSON.stringify(from ? `${from}/${vendorFile(name)}` : name)})`
  const names = Object.keys(VENDOR).filter((n) => Array.isArray(VENDOR[n]))
  const imported = Object.keys(VENDOR).filter((n) => VENDOR[n] === 'import')
  return {
    name: 'vendor',
    setup(build) {
      // src/repo/yaml-package.ts loads `yaml` through Node's require from node_modules (tests, tsc).
      build.onLoad({ filter: /[\\/]src[\\/]repo[\\/]yaml-package\.ts$/ }, () => ({
        contents: `let loaded\nexport function yamlPackage() {\n  return (loaded ??= ${load('yaml')})\n}\n`,
        loader: 'js',
      }))
      build.onResolve({ filter: new RegExp(`^(${names.join('|')})$`) }, (args) =>
        args.namespace === 'gm-vendor' || args.kind === 'require-call' ? undefined : { path: args.path, namespace: 'gm-vendor', pluginData: args.resolveDir },
      )
      build.onLoad({ filter: /.*/, namespace: 'gm-vendor' }, (args) => ({
        contents: `let loaded\n${VENDOR[args.path].map((f) => `export function ${f}(...a) {\n  return (loaded ??= ${load(args.path)}).${f}(...a)\n}\n`).join('')}`,
        loader: 'js',
        resolveDir: args.pluginData,
      }))
      if (!from) return
      build.onResolve({ filter: /[\\/]vendor[\\/][^\\/]+\.cjs$/ }, (args) => ({ path: args.path, external: true }))
      // Only our own imports: a vendor package bundled into another (undici in the artifact
      // client) stays inside it.
      build.onResolve({ filter: new RegExp(`^(${imported.join('|')})$`) }, (args) => {
        if (!/[\\/]src[\\/]/.test(args.importer)) return undefined
        const path = `${from}/${vendorFile(args.path)}`
        return args.kind === 'dynamic-import' ? requireInstead(path) : { path, external: true }
      })
    },
  }
}


/** The package (name, directory) a bundled input file belongs to, or null for our own source. */
function packageOf(input) {
  const parts = input.split('/')
  const at = parts.lastIndexOf('node_modules')
  if (at < 0) return null
  const n = parts[at + 1]?.startsWith('@') ? 2 : 1
  return { name: parts.slice(at + 1, at + 1 + n).join('/'), dir: join(root, ...parts.slice(0, at + 1 + n)) }
}

/** licenses.txt: each bundled package once, sorted by name, with its license text. */
function licenses(metafile) {
  const packages = new Map()
  for (const input of Object.keys(metafile.inputs)) {
    const p = packageOf(input)
    if (p && !packages.has(p.name)) packages.set(p.name, p.dir)
  }
  const entries = []
  for (const name of [...packages.keys()].sort()) {
    const dir = packages.get(name)
    const pkg = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'))
    const file = readdirSync(dir).sort().find((f) => /^(licen[cs]e|copying)/i.test(f))
    const text = file ? readFileSync(join(dir, file), 'utf8').trim() : ''
    entries.push(`${name}\n${typeof pkg.license === 'string' ? pkg.license : ''}\n${text}`)
  }
  return `${entries.join('\n\n')}\n`
}

rmSync(work, { recursive: true, force: true })
try {
  const common = {
    absWorkingDir: root,
    bundle: true,
    platform: 'node',
    target: 'node20',
    // ESM builds first: smaller after tree shaking, and UMD builds (jsonc-parser) hide their requires.
    mainFields: ['module', 'main'],
    minify: true,
    legalComments: 'none',
    metafile: true,
    logLevel: 'warning',
    // In CommonJS output esbuild leaves `import.meta` empty; packages that build a require or a
    // path from import.meta.url (the artifact client's dependencies) get the bundle's URL.
    define: { 'import.meta.url': 'importMetaUrl' },
    inject: [join(root, 'scripts', 'build', 'import-meta-url.js')],
  }
  const inputs = {}
  const build = async (options) => Object.assign(inputs, (await esbuild.build({ ...common, ...options })).metafile.inputs)
  for (const name of Object.keys(VENDOR)) {
    await build({ entryPoints: [name], outfile: join(work, 'vendor', vendorFile(name)), format: 'cjs', plugins: [dropOidc] })
  }
  // The action: what a run reaches only through a dynamic import() (merge mode, the GitHub
  // client, live probes) is bundled behind esbuild's wrappers that run on first use.
  await build({ entryPoints: { index: 'src/index.ts' }, outdir: work, format: 'cjs', plugins: [dropOidc, dropLinkify, dynamicBuiltins, vendorPlugin('./vendor')] })
  // The CLI: one self-contained CommonJS file, dist/cli/gate-matrix.cjs, which its start
  // (src/cli/start.ts, dist/cli/index.js) compiles from V8's code cache: the cache makes the
  // size of the file nearly free, splitting would not.
  await build({ entryPoints: { 'gate-matrix': 'src/cli/index.ts' }, outdir: join(work, 'cli'), outExtension: { '.js': '.cjs' }, format: 'cjs', plugins: [dropLinkify, dynamicBuiltins, vendorPlugin(null)] })
  const hash = createHash('sha256').update(readFileSync(join(work, 'cli', 'gate-matrix.cjs'))).digest('hex').slice(0, 16)
  await build({ entryPoints: { index: 'src/cli/start.ts' }, outdir: join(work, 'cli'), format: 'cjs', define: { GM_CLI_BUNDLE_HASH: JSON.stringify(hash) }, inject: [] })
  writeFileSync(join(work, 'licenses.txt'), licenses({ inputs }))
  writeFileSync(join(work, 'package.json'), '{\n  "type": "commonjs"\n}\n')
  rmSync(join(root, 'dist'), { recursive: true, force: true })
  renameSync(work, join(root, 'dist'))
} finally {
  rmSync(work, { recursive: true, force: true })
}

mkdirSync(join(root, 'schema'), { recursive: true })
for (const [file, args] of [['gate-matrix.schema.json', []], ['evidence.schema.json', ['--evidence']]]) {
  const out = execFileSync(process.execPath, [join(root, 'dist/cli/index.js'), 'schema', ...args], { cwd: root, encoding: 'utf8' })
  writeFileSync(join(root, 'schema', file), out)
}

await generateDocs()
