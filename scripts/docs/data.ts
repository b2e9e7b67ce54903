// What the docs generator needs that lives only in TypeScript: the assertion kinds, the
// built-in gates and the reason codes with their meanings. scripts/docs/generate.mjs
// bundles this entry with esbuild, runs it and reads the JSON it prints. The three
// imports below are the only places that know where these modules live.
import { ASSERTION_KINDS } from '../../src/gates/assertions/registry.js'
import { BUILTIN_GATES } from '../../src/gates/builtins/registry.js'
import { reasonCodes } from '../../src/engine/codes.js'

const data = {
  kinds: ASSERTION_KINDS.map((k) => ({ kind: k.kind, description: k.description, needs: k.needs, codes: Object.keys(k.codes) })),
  builtins: BUILTIN_GATES.map((b) => ({
    id: b.id,
    family: b.family,
    scope: b.scope,
    mode: b.mode ?? 'enforce',
    description: b.description,
    codes: Object.keys(b.codes),
  })),
  codes: reasonCodes(),
}

process.stdout.write(`${JSON.stringify(data, null, 2)}\n`)
