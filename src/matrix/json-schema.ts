// The JSON Schema of the matrix, generated from the zod schema so the two never drift.
// Editors use it through `# yaml-language-server: $schema=…`; refinements zod cannot
// express (dates that exist, cross-references) are left to `gate-matrix validate`.
import * as z from 'zod'
import { ASSERTION_KINDS } from '../gates/assertions/registry.js'
import { matrixSchemaOf } from '../spec/schema.js'

export const MATRIX_SCHEMA_ID = 'urn:gate-matrix:schema:matrix:1'

/** An assertion is a one-key map `{ <kind>: options }`: the union of every kind's. */
function assertionUnion(): z.ZodType {
  return z.union(
    ASSERTION_KINDS.map((k) => z.strictObject({ [k.kind]: k.options }).describe(k.description)) as unknown as [z.ZodType, z.ZodType, ...z.ZodType[]],
  )
}

export function matrixJsonSchema(): Record<string, unknown> {
  const generated = z.toJSONSchema(matrixSchemaOf(assertionUnion()), { target: 'draft-2020-12', unrepresentable: 'any', io: 'input' }) as Record<string, unknown>
  const { $schema, ...rest } = generated
  return { $schema, $id: MATRIX_SCHEMA_ID, title: 'gate-matrix', ...rest }
}
