// Each `assert:` entry, validated one by one against its kind's own schema, so a problem
// points inside the options and names what is wrong (zod's error for the union of all
// kinds says only that none matched).
import { assertionKind, KIND_NAMES } from '../gates/assertions/registry.js'
import type { Problem } from '../core/errors.js'
import type { KeyPath, PositionedDocument } from '../repo/yaml.js'
import { describeValue, issueProblems } from './issues.js'
import { parseOptions } from './assertion-options.js'
import { suggestion } from '../core/text.js'

function isMapping(v: unknown): v is Record<string, unknown> {
  return v !== null && typeof v === 'object' && !Array.isArray(v)
}

const SHAPE = 'an assert entry is a one-key map { <kind>: options }, e.g. "- file: { path: README.md }"'

/** Problems of the assertion at `at` (e.g. ['gates', 0, 'assert', 2]). */
export function assertionProblems(entry: unknown, doc: PositionedDocument, at: KeyPath): Problem[] {
  if (!isMapping(entry)) {
    return [{ location: doc.locate(at).location, message: `${SHAPE}; found ${describeValue(entry)}` }]
  }
  const kinds = Object.keys(entry)
  if (kinds.length === 0) return [{ location: doc.locate(at).location, message: `${SHAPE}; this one is empty` }]
  if (kinds.length > 1) {
    return [
      {
        location: doc.locateKey([...at, kinds[1]]),
        message: `${SHAPE}; this one names ${kinds.join(' and ')}: write one entry per kind`,
      },
    ]
  }
  const [name] = kinds
  const kind = assertionKind(name)
  if (!kind) {
    return [
      {
        location: doc.locateKey([...at, name]),
        message: `unknown assertion kind "${name}"${suggestion(name, KIND_NAMES)}; known kinds: ${KIND_NAMES.join(', ')}`,
      },
    ]
  }
  const optionsPath = [...at, name]
  const options = entry[name]
  if (options === null) {
    return [{ location: doc.locateKey(optionsPath), message: `"${name}" needs its options as a mapping (write ${name}: {} for none)` }]
  }
  const result = parseOptions(kind, options)
  if (!result.success) return issueProblems(result.error.issues, doc, optionsPath, kind.options, options)
  return kind.validate?.(result.data, (p) => doc.locate([...optionsPath, ...p]).location) ?? []
}
