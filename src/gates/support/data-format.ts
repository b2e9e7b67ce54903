// Which parser a data file takes, from its name or an explicit `format:`. Shared by the
// `data` kind and every option that reads a value from a data file (`data.same_as`,
// `docs.mentions[].values_from`), so one file is read one way everywhere.
import { posix } from 'node:path'

export const DATA_FORMATS = ['json', 'jsonc', 'yaml', 'toml', 'env'] as const
export type DataFormat = (typeof DATA_FORMATS)[number]

/** JSON files their tools read with comments and trailing commas (TypeScript, VS Code, dev containers). */
function isJsoncName(file: string): boolean {
  const name = posix.basename(file).toLowerCase()
  const dir = posix.basename(posix.dirname(file)).toLowerCase()
  return (
    name.endsWith('.jsonc') ||
    /^tsconfig(\..+)?\.json$/.test(name) ||
    /^jsconfig(\..+)?\.json$/.test(name) ||
    name === 'devcontainer.json' ||
    name === '.devcontainer.json' ||
    (dir === '.vscode' && name.endsWith('.json'))
  )
}

/** The format a file name implies; undefined when it implies none. */
export function formatOf(file: string): DataFormat | undefined {
  const name = posix.basename(file)
  if (name === '.env' || name.startsWith('.env.') || name.endsWith('.env')) return 'env'
  if (isJsoncName(file)) return 'jsonc'
  const ext = posix.extname(name).toLowerCase()
  if (ext === '') return 'json'
  if (ext === '.json') return 'json'
  if (ext === '.yml' || ext === '.yaml') return 'yaml'
  if (ext === '.toml') return 'toml'
  return undefined
}
