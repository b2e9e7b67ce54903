// The contexts a matrix expression sees (design §3): the current environment's facts,
// names declared in the matrix, the release profile, the run's GitHub facts and the
// dispatch inputs. Plain data; evaluate.ts converts it for the evaluator.
import type { EnvironmentFacts, RunContext } from '../evaluate/types.js'
import type { LoadedMatrix } from '../matrix/types.js'

export interface ExpressionContexts {
  environment: Record<string, unknown> | null
  matrix: Record<string, unknown>
  profile: Record<string, unknown> | null
  github: Record<string, unknown>
  inputs: Record<string, unknown>
}

/** The `matrix` context's keys (as buildContexts fills them), for the loader's reference check. */
export const MATRIX_CONTEXT_KEYS = ['environments', 'owner', 'profiles', 'change_classes', 'gates'] as const

export function buildContexts(
  matrix: LoadedMatrix,
  environment: EnvironmentFacts | null,
  run: RunContext,
  profile: string | null,
): ExpressionContexts {
  const spec = matrix.spec
  return {
    environment: environment ? { ...environment } : null,
    matrix: {
      environments: Object.keys(spec.environments),
      owner: spec.owner ?? null,
      profiles: Object.keys(spec.profiles ?? {}),
      change_classes: Object.keys(spec.change_classes ?? {}),
      gates: spec.gates.map((g) => g.id),
    },
    profile: profile === null ? null : { ...spec.profiles?.[profile], name: profile },
    github: { ...run.github },
    inputs: { ...run.inputs },
  }
}
