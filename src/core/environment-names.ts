// GitHub compares environment names case-insensitively ("Environment names are not case
// sensitive"): `Production` in a workflow is the matrix's `production`. Every comparison of
// environment names goes through here, so the matrix, workflows, --env and waivers agree.

export function sameEnvironment(a: string, b: string): boolean {
  return a.toLowerCase() === b.toLowerCase()
}

/** Whether `names` holds `name`, compared as GitHub compares environment names. */
export function includesEnvironment(names: readonly unknown[], name: string): boolean {
  return names.some((n) => typeof n === 'string' && sameEnvironment(n, name))
}

/** includesEnvironment for many lookups in one list: each name is lower-cased once. */
export function environmentMatcher(names: readonly unknown[]): (name: string) => boolean {
  const keys = new Set(names.filter((n): n is string => typeof n === 'string').map((n) => n.toLowerCase()))
  return (name) => keys.has(name.toLowerCase())
}

/**
 * Whether a gate applies to an environment: the gate's `environments:` list when it has one;
 * otherwise every environment that is a deployment target (`deployment: false` marks one
 * that is not, e.g. an approval-only or secret-holding GitHub environment).
 */
export function gateAppliesTo(gateEnvironments: readonly unknown[] | undefined, name: string, deployment: unknown): boolean {
  return gateEnvironments ? includesEnvironment(gateEnvironments, name) : deployment !== false
}
