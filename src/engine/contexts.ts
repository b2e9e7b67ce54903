// The contexts a matrix expression sees (design §3): the current environment's facts,
// names declared in the matrix, the release profile, the run's GitHub facts and the
// dispatch inputs. Plain data; expressions/evaluate.ts converts it for the evaluator.
import type { EnvironmentFacts, LoadedMatrix } from '../spec/types.js'
import type { RunContext } from '../core/run.js'
import type { ExpressionContexts } from '../expressions/evaluate.js'

export function buildContexts(
  matrix: LoadedMatrix,
  environment: EnvironmentFacts | null,
  run: RunContext,
  profile: string | null,
): ExpressionContexts {
  const spec = matrix.spec
  return {
    environment: environmentContext(environment),
    matrix: {
      // The deployment targets (what a dispatch input's choices list): not `deployment: false` ones.
      environments: Object.entries(spec.environments).flatMap(([name, env]) => (env.deployment === false ? [] : [name])),
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

/** The `environment` context: the only one that differs between environments. */
export function environmentContext(environment: EnvironmentFacts | null): Record<string, unknown> | null {
  return environment ? { ...environment } : null
}
