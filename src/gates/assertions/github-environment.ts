// `github_environment`: GitHub's own configuration of the environment (branch policy,
// required reviewers, wait timer, admin bypass, custom protection rules) is what the matrix
// declares. Only declared settings are compared; a field GitHub's answer lacks is unknown
// (`missing`), never read as "off". One request for the environment, one more for its branch
// patterns or its custom rules only when those are declared.
import * as z from 'zod'
import { sharedCodes } from '../../core/codes.js'
import type { EnvironmentSettings } from '../../core/github-port.js'
import { type AssertionOutcome, type Finding, type Observation, notApplicable, outcomeOf } from '../../core/outcome.js'
import { type AssertionContext, type AssertionKind, withGitHub } from '../kit.js'

export const githubEnvironmentOptions = z
  .strictObject({
    name: z.string().min(1).optional().describe('The GitHub environment; default the matrix environment'),
    branch_policy: z
      .union([z.enum(['all', 'protected']), z.array(z.string().min(1)).min(1)])
      .optional()
      .describe('all: any branch may deploy; protected: protected branches only; a list: exactly these name patterns (tag:PATTERN for tags)'),
    required_reviewers: z
      .strictObject({
        min: z.number().int().min(0).max(6).optional().describe('At least this many reviewers listed (0: none required)'),
        include: z.array(z.string().min(1)).optional().describe('Logins (or team:slug) that must be among them'),
        prevent_self_review: z.boolean().optional().describe('The deployer cannot approve their own deployment'),
      })
      .optional()
      .describe('The required reviewers rule'),
    wait_timer: z.number().int().min(0).max(43_200).optional().describe('Wait timer in minutes (0: none)'),
    admins_can_bypass: z.boolean().optional().describe("Administrators may bypass the protections (GitHub's can_admins_bypass)"),
    custom_rules: z.array(z.string().min(1)).optional().describe('App slugs of custom deployment protection rules that must be enabled'),
  })
  .describe("GitHub's environment settings equal what the matrix declares (actions: read)")

export type GithubEnvironmentOptions = z.infer<typeof githubEnvironmentOptions>

const sorted = (a: readonly string[]) => [...a].sort((x, y) => x.localeCompare(y, 'en'))
const listed = (a: readonly string[]) => (a.length ? a.join(', ') : 'none')

export const githubEnvironmentKind: AssertionKind<GithubEnvironmentOptions> = {
  kind: 'github_environment',
  description: "GitHub's environment settings (branch policy, reviewers, wait timer, admin bypass, custom rules) equal the matrix's; actions: read.",
  options: githubEnvironmentOptions,
  needs: 'github',
  perEnvironment: true,
  codes: {
    ENVIRONMENT_SETTING_MISMATCH: { status: 'fail', meaning: "A setting of GitHub's environment differs from what the matrix declares." },
    ENVIRONMENT_SETTING_UNKNOWN: { status: 'missing', meaning: "GitHub's answer lacks the setting the matrix declares (it is unknown, not off)." },
    ENVIRONMENT_MISSING: { status: 'fail', meaning: 'The repository has no GitHub environment of that name (404): the protections the matrix declares do not exist.' },
    ...sharedCodes('GITHUB_UNAVAILABLE', 'GITHUB_NOT_CONFIGURED'),
  },
  validate(o, at) {
    const declared = ['branch_policy', 'required_reviewers', 'wait_timer', 'admins_can_bypass', 'custom_rules'] as const
    return declared.some((k) => o[k] !== undefined) ? [] : [{ location: at([]), message: 'this github_environment assertion declares no setting: name at least one of branch_policy, required_reviewers, wait_timer, admins_can_bypass, custom_rules' }]
  },
  async evaluate(o, ctx): Promise<AssertionOutcome> {
    const name = o.name ?? ctx.environment?.name
    if (!name) return notApplicable('no environment: github_environment judges one environment at a time')
    const at = (...path: Array<string | number>) => ctx.matrix.doc.locate([...ctx.declaredPath, ...path]).location
    return withGitHub(ctx, ctx.declaredAt, async (api) => {
      const settings = await api.environment(name)
      if (!settings) {
        return {
          ...outcomeOf([{ status: 'fail', code: 'ENVIRONMENT_MISSING', message: `the repository has no GitHub environment "${name}" (404): create it in Settings → Environments with the protections the matrix declares`, location: ctx.declaredAt }]),
          observations: [{ source: 'environment', subject: name, facts: { exists: false } }],
        }
      }
      const findings: Finding[] = []
      const facts: Observation['facts'] = { exists: true }
      const mismatch = (option: string, message: string, path: Array<string | number> = [option]) =>
        findings.push({ status: 'fail', code: 'ENVIRONMENT_SETTING_MISMATCH', message: `GitHub environment "${name}": ${message}`, location: at(...path) })
      const unknown = (option: string, field: string) =>
        findings.push({ status: 'missing', code: 'ENVIRONMENT_SETTING_UNKNOWN', message: `GitHub environment "${name}": the API's answer has no ${field}, so ${option} cannot be checked (an absent field is unknown, not off)`, location: at(option) })

      if (o.branch_policy !== undefined) await judgeBranchPolicy(o.branch_policy, settings, facts, { name, api, mismatch, unknown })

      if (o.required_reviewers !== undefined && settings.required_reviewers === undefined) unknown('required_reviewers', 'protection_rules')
      else if (o.required_reviewers !== undefined) {
        const want = o.required_reviewers
        const rule = settings.required_reviewers
        facts.reviewers = rule ? sorted(rule.reviewers) : []
        const count = rule?.reviewers.length ?? 0
        if (want.min !== undefined && count < want.min) mismatch('required_reviewers', `${count} required reviewer${count === 1 ? '' : 's'} (${listed(rule?.reviewers ?? [])}), the matrix asks at least ${want.min}`, ['required_reviewers', 'min'])
        const absent = (want.include ?? []).filter((r) => !rule?.reviewers.some((x) => x.toLowerCase() === r.toLowerCase()))
        if (absent.length) mismatch('required_reviewers', `required reviewers lack ${absent.join(', ')} (has ${listed(rule?.reviewers ?? [])})`, ['required_reviewers', 'include'])
        if (want.prevent_self_review !== undefined) {
          const got = rule ? rule.prevent_self_review : false
          facts.prevent_self_review = got ?? null
          if (got === undefined) unknown('required_reviewers', 'prevent_self_review')
          else if (got !== want.prevent_self_review) mismatch('required_reviewers', `prevent_self_review is ${got}, the matrix declares ${want.prevent_self_review}`, ['required_reviewers', 'prevent_self_review'])
        }
      }

      if (o.wait_timer !== undefined) {
        facts.wait_timer = settings.wait_timer ?? null
        if (settings.wait_timer === undefined) unknown('wait_timer', 'protection_rules')
        else if (settings.wait_timer !== o.wait_timer) mismatch('wait_timer', `wait timer is ${settings.wait_timer} minutes, the matrix declares ${o.wait_timer}`)
      }

      if (o.admins_can_bypass !== undefined) {
        facts.can_admins_bypass = settings.can_admins_bypass ?? null
        if (settings.can_admins_bypass === undefined) unknown('admins_can_bypass', 'can_admins_bypass')
        else if (settings.can_admins_bypass !== o.admins_can_bypass) mismatch('admins_can_bypass', `administrators ${settings.can_admins_bypass ? 'can' : 'cannot'} bypass its protections, the matrix declares admins_can_bypass: ${o.admins_can_bypass}`)
      }

      if (o.custom_rules !== undefined) {
        const enabled = sorted(await api.customProtectionRules(name))
        facts.custom_rules = enabled
        const absent = o.custom_rules.filter((slug) => !enabled.includes(slug))
        if (absent.length) mismatch('custom_rules', `custom protection rules ${absent.join(', ')} are not enabled (enabled: ${listed(enabled)})`)
      }
      return { ...outcomeOf(findings), observations: [{ source: 'environment', subject: name, facts }] }
    })
  },
}

interface Judge {
  name: string
  api: NonNullable<AssertionContext['run']['api']>
  mismatch: (option: string, message: string) => void
  unknown: (option: string, field: string) => void
}

async function judgeBranchPolicy(want: NonNullable<GithubEnvironmentOptions['branch_policy']>, settings: EnvironmentSettings, facts: Observation['facts'], j: Judge): Promise<void> {
  const policy = settings.deployment_branch_policy
  if (policy === undefined) return j.unknown('branch_policy', 'deployment_branch_policy')
  const got = policy === null ? 'all' : policy.protected_branches ? 'protected' : policy.custom_branch_policies ? 'custom' : 'all'
  facts.branch_policy = got
  if (typeof want === 'string') {
    if (got !== want) j.mismatch('branch_policy', `deployment branch policy is ${got === 'custom' ? 'custom name patterns' : got}, the matrix declares ${want}`)
    return
  }
  if (got !== 'custom') return j.mismatch('branch_policy', `deployment branch policy is ${got}, the matrix declares the patterns ${want.join(', ')}`)
  const patterns = sorted(await j.api.deploymentBranchPolicies(j.name))
  facts.branch_patterns = patterns
  const expected = sorted(want)
  if (patterns.join('\n') !== expected.join('\n')) j.mismatch('branch_policy', `deployment branch patterns are ${listed(patterns)}, the matrix declares ${expected.join(', ')}`)
}
