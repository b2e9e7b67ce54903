// The values at a path of a data file, with their positions, for options that read their
// list from the repository instead of the matrix (`docs` mentions `from` a data path).
// The file is read as the `data` kind reads it: same formats, same findings for a file
// that is missing, unreadable or unparsable, same secrecy.
import type { Location } from '../../core/location.js'
import type { Finding } from '../../core/outcome.js'
import { isSecretValue } from '../../core/redact.js'
import { formatKeyPath, parseDataPath, resolveDataPath } from '../../repo/data-path.js'
import { dotenvLookup } from '../../repo/dotenv.js'
import type { RepoReader } from '../../repo/reader.js'
import { type DataFormat, formatOf } from './data-format.js'
import { readDataDocument, readDotenvFile } from './data-file.js'

export interface DataSource {
  file: string
  path: string
  format?: DataFormat
}

export interface DataValue {
  value: unknown
  location: Location
  /** The concrete path, e.g. `jobs.build.strategy.matrix.os[1]`. */
  label: string
  secret: boolean
}

export type DataValues =
  /** `miss`: with no value, where the branch that got furthest stopped (the place to fix). */
  | { values: DataValue[]; miss?: Location }
  | { findings: Finding[] }
  /** The path or format is not usable (only possible once `${{ }}` resolved): the matrix must change. */
  | { optionError: string }

export function dataValues(repo: RepoReader, source: DataSource): DataValues {
  const format = source.format ?? formatOf(source.file)
  if (format === undefined) return { optionError: `cannot tell the format of "${source.file}" from its name; add format` }
  if (format === 'env') {
    const read = readDotenvFile(repo, source.file)
    if ('findings' in read) return read
    const entry = dotenvLookup(read.parsed, source.path)
    return { values: entry ? [{ value: entry.value, location: { path: source.file, line: entry.line, column: entry.column }, label: source.path, secret: true }] : [] }
  }
  const path = parseDataPath(source.path)
  if (!path.ok) return { optionError: path.message }
  const read = readDataDocument(repo, source.file, format)
  if ('findings' in read) return read
  const { doc } = read
  const resolution = resolveDataPath(doc.value, path.segments)
  const furthest = resolution.misses.reduce<(typeof resolution.misses)[number] | undefined>((a, b) => (!a || b.keyPath.length > a.keyPath.length ? b : a), undefined)
  return {
    miss: furthest && doc.locate(furthest.keyPath).location,
    values: resolution.matches.map((m) => ({
      value: m.value,
      location: doc.locate(m.keyPath).location,
      label: formatKeyPath(m.keyPath),
      secret: isSecretValue(source.file, m.keyPath),
    })),
  }
}
