// Build: bundle the action (src/index.ts → dist/index.js) and the CLI
// (src/cli/index.ts → dist/cli/index.js) with esbuild, one build per entry, then regenerate the JSON
// Schemas in schema/ from the zod schemas through the built CLI, then the generated regions
// of README.md and docs/ (scripts/docs/generate.mjs).
// ESM, minified, split: what a run reaches only through a dynamic import() (artifact
// upload, SARIF, the GitHub client, ...) is a chunk dist/NAME-HASH.js, so a start loads only
// what its path needs. Deterministic (esbuild has no
// cache and names chunks by their content's hash): CI rebuilds and diffs dist/, schema/,
// docs/ and README.md.
import { execFileSync } from 'node:child_process'
import { mkdirSync, readFileSync, readdirSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'
import * as esbuild from 'esbuild'
import { generateDocs } from './docs/generate.mjs'

const root = join(dirname(fileURLToPath(import.meta.url)), '..')
// Inside the checkout, so the move below stays on one filesystem.
const work = join(root, '.build-dist')

// @actions/core imports its OIDC client (and with it @actions/http-client and undici) at load
// time for getIDToken, which gate-matrix never calls: the stub keeps them off every start.
const dropOidc = {
  name: 'drop-actions-core-oidc',
  setup(build) {
    build.onResolve({ filter: /^\.\/oidc-utils\.js$/ }, (args) =>
      /[\\/]@actions[\\/]core[\\/]lib$/.test(args.resolveDir) ? { path: 'oidc-utils', namespace: 'gm-stub' } : undefined,
    )
    build.onLoad({ filter: /.*/, namespace: 'gm-stub' }, () => ({
      contents: "export class OidcClient { static async getIDToken() { throw new Error('getIDToken is not bundled in gate-matrix') } }\n",
      loader: 'js',
    }))
  },
}

// src/repo/yaml-package.ts loads `yaml` through Node's require, from node_modules; in the
// bundle the same function's require('yaml') is bundled by esbuild as a CommonJS module that
// runs on the first call, so a start that needs no `yaml` does not pay for it.
const lazyYaml = {
  name: 'lazy-yaml',
  setup(build) {
    build.onLoad({ filter: /[\\/]src[\\/]repo[\\/]yaml-package\.ts$/ }, () => ({
      contents: "let loaded\nexport function yamlPackage() {\n  return (loaded ??= require('yaml'))\n}\n",
      loader: 'js',
    }))
  },
}

// Bundled CommonJS packages call require() for Node's built-ins; ESM output has none of its own.
const banner = "import { createRequire as __gmCreateRequire } from 'node:module'; const require = __gmCreateRequire(import.meta.url);"

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
  // One build per entry: chunks shared between the action and the CLI would split each
  // start into more files to load (about 14 ms of the action's cold start on a tiny repository).
  // A chunk name is the hash of its content, so a chunk both builds write is the same file.
  const inputs = {}
  for (const entryPoints of [{ index: 'src/index.ts' }, { 'cli/index': 'src/cli/index.ts' }]) {
    const result = await esbuild.build({
      absWorkingDir: root,
      entryPoints,
      outdir: work,
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node20',
      // ESM builds first: smaller after tree shaking, and UMD builds (jsonc-parser) hide their requires.
      mainFields: ['module', 'main'],
      minify: true,
      legalComments: 'none',
      chunkNames: '[name]-[hash]',
      banner: { js: banner },
      plugins: [dropOidc, lazyYaml],
      metafile: true,
      logLevel: 'warning',
    })
    Object.assign(inputs, result.metafile.inputs)
  }
  writeFileSync(join(work, 'licenses.txt'), licenses({ inputs }))
  writeFileSync(join(work, 'package.json'), '{\n  "type": "module"\n}\n')
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
