import type { PositionedDocument } from '../repo/yaml.js'
import type { EnvironmentSpec, MatrixSpec } from './schema.js'

export type { EnvironmentSpec, GateSpec, MatrixSpec, ProfileSpec, WaiverSpec } from './schema.js'

/** A matrix that passed the schema and every cross-check. */
export interface LoadedMatrix {
  /** Relative to the repository root, posix. */
  path: string
  /** sha256:<hex> of the file's bytes. */
  digest: string
  spec: MatrixSpec
  /** The parsed document, for positions: `doc.locate(['gates', 3, 'assert', 0])`. */
  doc: PositionedDocument
}

/** The environment as seen by assertions and expressions (`environment` context). */
export type EnvironmentFacts = EnvironmentSpec & { name: string }
