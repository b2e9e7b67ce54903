// Reading a JSON or YAML data file the way every data-reading gate must: strict JSON
// for .json files, positions for findings, and a missing, unreadable or unparsable file
// as a finding of its own (never a pass).
import type { Finding } from '../../core/outcome.js'
import type { RepoReader } from '../../repo/reader.js'
import type { PositionedDocument } from '../../repo/yaml.js'
import { unreadable } from '../kit.js'
import { parseErrorMessage } from '../../core/redact.js'
import { parseTomlPositioned } from '../../repo/toml.js'
import { parseJsoncPositioned } from '../../repo/jsonc.js'
import { type DotenvParse, parseDotenv } from '../../repo/dotenv.js'

export function fileMissing(file: string): { findings: Finding[] } {
  return { findings: [{ status: 'missing', code: 'FILE_MISSING', message: `data file ${file} does not exist`, location: { path: file } }] }
}

export function unparsable(file: string, what: string, problem: { message: string; line: number; column: number }): { findings: Finding[] } {
  return {
    findings: [{
      status: 'fail',
      code: 'DATA_UNPARSABLE',
      message: `${file} is not valid ${what}: ${problem.message}`,
      location: { path: file, line: problem.line, column: problem.column },
    }],
  }
}

/** A file read as strict JSON, once per run (the YAML parser alone would accept trailing
 * commas and YAML syntax); undefined when it cannot be read. */
export function strictJson(repo: RepoReader, file: string): { value: unknown } | { error: string } | undefined {
  return repo.memo('strict-json', file, () => {
    const read = repo.read(file)
    if (read.kind !== 'ok') return undefined
    try {
      return { value: JSON.parse(read.text) as unknown }
    } catch (e) {
      return { error: (e as Error).message }
    }
  })
}

const WHAT = { json: 'JSON', yaml: 'YAML', toml: 'TOML', jsonc: 'JSON with comments' } as const

/**
 * A JSON, YAML, TOML or JSON-with-comments file parsed with positions. JSON files must be
 * strict JSON (the YAML parser alone would accept trailing commas and YAML syntax).
 */
export function readDataDocument(repo: RepoReader, file: string, format: 'json' | 'yaml' | 'toml' | 'jsonc'): { doc: PositionedDocument } | { findings: Finding[] } {
  if (format === 'toml' || format === 'jsonc') return readOtherDocument(repo, file, format)
  const parsed = repo.parsed(file)
  if (parsed.kind === 'missing') return fileMissing(file)
  if (parsed.kind === 'error') return { findings: [unreadable(file, parsed.message)] }
  const { doc } = parsed
  const what = WHAT[format]
  void doc.value // converting can add a problem (alias bombs)
  if (doc.problems.length) return unparsable(file, what, doc.problems[0])
  const json = format === 'json' ? strictJson(repo, file) : undefined
  if (json && 'error' in json) {
    const message = json.error
    const lineCol = /line (\d+) column (\d+)/.exec(message)
    const offset = /position (\d+)/.exec(message)
    const at = lineCol
      ? { line: Number(lineCol[1]), column: Number(lineCol[2]) }
      : (({ line, column }) => ({ line: line ?? 1, column: column ?? 1 }))(doc.at(offset ? Number(offset[1]) : 0))
    return unparsable(file, what, { message: parseErrorMessage(file, message.replace(/\s*\(line \d+ column \d+\)$/, '').replace(/ in JSON at position \d+.*$/, '')), ...at })
  }
  return { doc }
}

/** TOML and JSON with comments: their own positioned parsers, once per run. */
function readOtherDocument(repo: RepoReader, file: string, format: 'toml' | 'jsonc'): { doc: PositionedDocument } | { findings: Finding[] } {
  const read = repo.read(file)
  if (read.kind === 'missing') return fileMissing(file)
  if (read.kind === 'error') return { findings: [unreadable(file, read.message)] }
  const doc = repo.memo(`data-${format}`, file, () => (format === 'toml' ? parseTomlPositioned : parseJsoncPositioned)(file, read.text))
  if (doc.problems.length) return unparsable(file, WHAT[format], doc.problems[0])
  return { doc }
}

/** A .env file parsed with positions, once per run; missing, unreadable or unparsable as its finding. */
export function readDotenvFile(repo: RepoReader, file: string): { parsed: DotenvParse } | { findings: Finding[] } {
  const read = repo.read(file)
  if (read.kind === 'missing') return fileMissing(file)
  if (read.kind === 'error') return { findings: [unreadable(file, read.message)] }
  const parsed = repo.memo('dotenv', file, () => parseDotenv(read.text))
  if (parsed.problem) return unparsable(file, '.env', parsed.problem)
  return { parsed }
}
