// The JSON Schema of the matrix, generated from the zod schema so the two never drift.
// Editors use it through `# yaml-language-server: $schema=…`; refinements zod cannot
// express (dates that exist, cross-references) are left to `gate-matrix validate`.
import { z } from 'zod'
import { matrixSchema } from './schema.js'

export const MATRIX_SCHEMA_ID = 'urn:gate-matrix:schema:matrix:1'

export function matrixJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(matrixSchema, { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>
  const { $schema, ...rest } = generated
  return { $schema, $id: MATRIX_SCHEMA_ID, title: 'gate-matrix', ...rest }
}
