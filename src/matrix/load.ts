// Loading the gate matrix: read (or take the trusted text), parse with positions, check
// the version, the schema, every assertion and the cross-references, and report every
// problem at once, each at its line and column. A matrix that loads is fully valid.
import { createHash } from 'node:crypto'
import { InputError, type Problem } from '../core/errors.js'
import { normalizeRepoPath } from '../repo/paths.js'
import type { RepoReader } from '../repo/reader.js'
import { parsePositioned } from '../repo/yaml.js'
import { assertionProblems } from './assertion-entries.js'
import { crossCheckProblems } from './cross-references.js'
import { factReferenceProblems } from './fact-references.js'
import { pushAll } from '../core/arrays.js'
import { describeValue, issueProblems } from './issues.js'
import { matrixSchema } from '../spec/schema.js'
import type { LoadedMatrix } from '../spec/types.js'

const SUPPORTED_VERSION = 1

/** An issue inside one `assert` entry: assertionProblems reports those, readably. */
function insideAssertion(path: ReadonlyArray<PropertyKey>): boolean {
  return path.length >= 4 && path[0] === 'gates' && path[2] === 'assert' && typeof path[3] === 'number'
}

function byPosition(a: Problem, b: Problem): number {
  return (a.location.line ?? 0) - (b.location.line ?? 0) || (a.location.column ?? 0) - (b.location.column ?? 0)
}

/**
 * Load and validate the matrix at `matrixPath` (relative to the repository root).
 * `options.text` is trusted content (the PR's base commit) used instead of the file.
 * Throws InputError listing every problem.
 */
export function loadMatrix(repo: RepoReader, matrixPath: string, options: { text?: string } = {}): LoadedMatrix {
  let text: string
  if (options.text !== undefined) {
    text = options.text.replace(/^\uFEFF/, '')
  } else {
    const read = repo.read(matrixPath)
    if (read.kind === 'missing') {
      throw new InputError([
        {
          location: { path: matrixPath },
          message: `no gate matrix at "${matrixPath}" (looked under ${repo.root}); create it, or pick another file with --matrix (CLI) or the "matrix" input (action)`,
        },
      ])
    }
    if (read.kind === 'error') throw new InputError([{ location: { path: matrixPath, line: read.line, column: read.column }, message: read.message }])
    text = read.text
  }
  const path = normalizeRepoPath(matrixPath)
  const start = { path, line: 1, column: 1 }
  const doc = parsePositioned(path, text)
  const value = doc.value
  if (doc.problems.length) {
    throw new InputError(doc.problems.map((p) => ({ location: { path, line: p.line, column: p.column }, message: `YAML syntax: ${p.message}` })))
  }
  if (value === null || value === undefined) {
    throw new InputError([{ location: start, message: 'the matrix is empty; start it with "version: 1", then environments and gates' }])
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new InputError([
      { location: doc.locate([]).location, message: `the matrix must be a mapping (version, environments, gates, …); found ${describeValue(value)}` },
    ])
  }
  const root = value as Record<string, unknown>

  const problems: Problem[] = []
  if (root.version === undefined) {
    problems.push({ location: start, message: `"version: ${SUPPORTED_VERSION}" is missing; add it as the first line of the matrix` })
  } else if (root.version !== SUPPORTED_VERSION) {
    // Another version has another shape: its other "problems" would only be noise.
    throw new InputError([
      {
        location: doc.locate(['version']).location,
        message: `unsupported version ${JSON.stringify(root.version)}: this gate-matrix reads version ${SUPPORTED_VERSION}`,
      },
    ])
  }

  const parsed = matrixSchema.safeParse(root)
  if (!parsed.success) {
    const issues = parsed.error.issues.filter((i) => i.path[0] !== 'version' && !insideAssertion(i.path))
    pushAll(problems, issueProblems(issues, doc, [], matrixSchema, root))
  }
  if (Array.isArray(root.gates)) {
    root.gates.forEach((gate, gi) => {
      const asserts = (gate as { assert?: unknown } | null)?.assert
      if (Array.isArray(asserts)) asserts.forEach((entry, ai) => pushAll(problems, assertionProblems(entry, doc, ['gates', gi, 'assert', ai])))
    })
  }
  pushAll(problems, crossCheckProblems(root, doc))
  pushAll(problems, factReferenceProblems(root, doc))

  if (!parsed.success && problems.length === 0) {
    // Cannot happen while assertionProblems mirrors the schema; never load an invalid matrix.
    pushAll(problems, issueProblems(parsed.error.issues, doc, [], matrixSchema, root))
  }
  if (problems.length || !parsed.success) {
    const seen = new Set<string>()
    const unique = problems.filter((p) => {
      const key = `${p.location.line}:${p.location.column}:${p.message}`
      return seen.has(key) ? false : (seen.add(key), true)
    })
    throw new InputError(unique.sort(byPosition))
  }
  return {
    path,
    digest: `sha256:${createHash('sha256').update(text, 'utf8').digest('hex')}`,
    spec: parsed.data,
    doc,
  }
}
