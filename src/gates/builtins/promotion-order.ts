// Built-in: `after:` is enforced. Promoting SHA S to an environment needs S to have
// succeeded in every environment its `after` lists, as GitHub's Deployments API records it.
// Judged on the runs that promote (workflow_dispatch, push); the proof (deployment ids,
// their states, the success judged) goes into the cell's observations.
import { sharedCodes } from '../../core/codes.js'
import type { DeploymentInfo, DeploymentQuery, DeploymentStatusInfo, GitHubState } from '../../core/github-port.js'
import type { Location } from '../../core/location.js'
import { type AssertionOutcome, type Finding, notApplicable, type Observation, outcomeOf } from '../../core/outcome.js'
import { type AssertionContext, type BuiltinGate, withGitHub } from '../kit.js'
import { parseDuration, short } from '../support/check-state.js'
import { promotedSha } from '../support/promoted-sha.js'

/** The events that deploy; a pull request or a schedule promotes nothing. */
const PROMOTING_EVENTS = ['workflow_dispatch', 'push']
/** `require: current` walks an environment's deployments newest first this far at most. */
const MAX_CANDIDATES = 50
const IN_FLIGHT = new Set(['pending', 'queued', 'in_progress'])

/** Oldest first, ties by id: neither list endpoint promises an order. */
function byTime<T extends { created_at: string; id: number }>(list: T[]): T[] {
  return [...list].sort((a, b) => a.created_at.localeCompare(b.created_at, 'en') || a.id - b.id)
}

/** What one deployment's statuses say: its first success, its latest state. */
interface Judged {
  deployment: DeploymentInfo
  firstSuccess: DeploymentStatusInfo | null
  latest: DeploymentStatusInfo | null
}

async function judge(api: GitHubState, d: DeploymentInfo): Promise<Judged> {
  const statuses = byTime(await api.deploymentStatuses(d.id))
  return { deployment: d, firstSuccess: statuses.find((s) => s.state === 'success') ?? null, latest: statuses.at(-1) ?? null }
}

/** Every deployment of S to the environment (all pages: a commit has few). */
async function deploymentsOf(api: GitHubState, q: DeploymentQuery): Promise<DeploymentInfo[]> {
  const all: DeploymentInfo[] = []
  for (let page = 1; ; page++) {
    const p = await api.deployments(q, page)
    all.push(...p.deployments)
    if (!p.more) return all
  }
}

/** The environment's current deployment: the newest whose latest status is success. Pages
 * only as far as needed; null after MAX_CANDIDATES without one. */
async function currentDeployment(api: GitHubState, q: DeploymentQuery): Promise<{ current: Judged | null; read: Judged[] }> {
  const read: Judged[] = []
  for (let page = 1; read.length < MAX_CANDIDATES; page++) {
    const p = await api.deployments(q, page)
    for (const d of byTime(p.deployments).reverse()) {
      const j = await judge(api, d)
      read.push(j)
      if (j.latest?.state === 'success') return { current: j, read }
      if (read.length >= MAX_CANDIDATES) break
    }
    if (!p.more) break
  }
  return { current: null, read }
}

/** The SHA being promoted: the dispatch input `sha_input` names, else the run's commit. */
function promotedTarget(ctx: AssertionContext, envName: string): { sha: string } | { finding: Finding } | { none: string } {
  const p = promotedSha(ctx)
  if (p.from === 'input') {
    if (p.sha) return { sha: p.sha }
    const said = p.value === undefined || p.value === '' ? 'is not given' : `is "${String(p.value).slice(0, 60)}"`
    return { finding: { status: 'fail', code: 'PROMOTION_SHA_INVALID', message: `workflow_dispatch input "${p.input}" ${said}: it must hold the full 40-character SHA being promoted to ${envName}`, location: ctx.matrix.doc.locate(p.path).location } }
  }
  return p.sha ? { sha: p.sha } : { none: 'this run names no commit (no github.sha)' }
}

export const promotionOrderGate: BuiltinGate = {
  id: 'gate-matrix/promotion-order',
  family: 'source-promotion',
  description: 'On a promoting run (workflow_dispatch, push), the SHA succeeded in every environment the target lists in `after:` (Deployments API).',
  scope: 'environment',
  evidenceTypes: ['deployments'],
  codes: {
    PROMOTION_PREREQUISITE_MISSING: { status: 'missing', meaning: 'The SHA has no successful deployment on record in an `after` environment (never deployed there, or only an `inactive` status is left).' },
    PROMOTION_PREREQUISITE_PENDING: { status: 'missing', meaning: "The SHA's deployment to an `after` environment is still queued, pending or in progress." },
    PROMOTION_PREREQUISITE_FAILED: { status: 'fail', meaning: "The SHA's deployments to an `after` environment ended in failure or error, none in success." },
    PROMOTION_NOT_CURRENT: { status: 'fail', meaning: 'With `promotion.require: current`, the newest successful deployment of an `after` environment is another SHA.' },
    PROMOTION_SOAKING: { status: 'missing', meaning: "The SHA's first success in an `after` environment is younger than `promotion.soak` at the run's time." },
    PROMOTION_SHA_INVALID: { status: 'fail', meaning: 'The workflow_dispatch input `promotion.sha_input` names is absent or not a full 40-character SHA.' },
    ...sharedCodes('GITHUB_UNAVAILABLE', 'GITHUB_NOT_CONFIGURED'),
  },
  async evaluate(ctx): Promise<AssertionOutcome> {
    const env = ctx.environment
    if (!env?.after?.length) return notApplicable('the environment lists no `after:` environments')
    const event = ctx.run.github.event_name
    if (!event || !PROMOTING_EVENTS.includes(event)) {
      return notApplicable(`promotion order is judged on workflow_dispatch and push runs; this run's event is ${event ?? 'none (a local check without --event)'}`)
    }
    const target = promotedTarget(ctx, env.name)
    if ('finding' in target) return outcomeOf([target.finding])
    if ('none' in target) {
      // Fail closed: a promoting run whose commit is unknown cannot show it reached `after`.
      return outcomeOf([{ status: 'missing', code: 'PROMOTION_PREREQUISITE_MISSING', message: `${target.none}, so it cannot be shown to have succeeded in ${env.after.join(', ')}: pass --sha, or name the dispatch input that holds it (promotion.sha_input)`, location: ctx.matrix.doc.locate(['environments', env.name, 'after', 0]).location }])
    }
    const sha = target.sha
    const p = env.promotion ?? {}
    const require = p.require ?? 'ever'
    const declared = Object.keys(ctx.matrix.spec.environments)
    const afterAt = (i: number): Location => ctx.matrix.doc.locate(['environments', env.name, 'after', i]).location
    // The run's clock, not the wall clock: the same --now gives the same verdict.
    const now = Date.parse(ctx.run.now ?? `${ctx.run.today}T00:00:00Z`)

    return withGitHub(ctx, afterAt(0), async (api) => {
      const findings: Finding[] = []
      const observations: Observation[] = []
      for (const [i, written] of env.after!.entries()) {
        // `after` names an environment as GitHub does, case-insensitively.
        const upstream = declared.find((n) => n.toLowerCase() === written.toLowerCase()) ?? written
        const at = afterAt(i)
        const q: DeploymentQuery = { environment: upstream, ...(p.task ? { task: p.task } : {}) }
        const facts: Observation['facts'] = { sha, require, task: p.task ?? null }
        let success: DeploymentStatusInfo | null = null
        let successOf: DeploymentInfo | null = null

        if (require === 'current') {
          const { current, read } = await currentDeployment(api, q)
          facts.deployment_ids = read.map((j) => String(j.deployment.id))
          facts.states = read.map((j) => j.latest?.state ?? 'none')
          facts.current_deployment = current ? String(current.deployment.id) : null
          facts.current_sha = current?.deployment.sha ?? null
          if (!current) {
            findings.push({ status: 'missing', code: 'PROMOTION_PREREQUISITE_MISSING', message: `${upstream} has no successful deployment on record${read.length >= MAX_CANDIDATES ? ` among its newest ${MAX_CANDIDATES}` : ''}, so ${short(sha)} cannot be shown current there before promoting to ${env.name}`, location: at })
          } else if (current.deployment.sha !== sha) {
            findings.push({ status: 'fail', code: 'PROMOTION_NOT_CURRENT', message: `${upstream} now runs ${short(current.deployment.sha)} (deployment ${current.deployment.id}), not ${short(sha)}: promote to ${env.name} only what ${upstream} runs (require: current)`, location: at })
          } else {
            success = current.firstSuccess
            successOf = current.deployment
          }
        } else {
          const judged = await Promise.all((await deploymentsOf(api, { ...q, sha })).map((d) => judge(api, d)))
          const ordered = byTime(judged.map((j) => ({ ...j, id: j.deployment.id, created_at: j.deployment.created_at })))
          facts.deployment_ids = ordered.map((j) => String(j.deployment.id))
          facts.states = ordered.map((j) => j.latest?.state ?? 'none')
          const succeeded = ordered.filter((j) => j.firstSuccess).sort((a, b) => a.firstSuccess!.created_at.localeCompare(b.firstSuccess!.created_at, 'en'))
          const newest = ordered.at(-1)
          if (succeeded.length) {
            success = succeeded[0].firstSuccess
            successOf = succeeded[0].deployment
          } else if (!newest) {
            findings.push({ status: 'missing', code: 'PROMOTION_PREREQUISITE_MISSING', message: `${short(sha)} was never deployed to ${upstream}${p.task ? ` (task ${p.task})` : ''}: deploy it there and let it succeed before promoting it to ${env.name}`, location: at })
          } else if (IN_FLIGHT.has(newest.latest?.state ?? 'pending')) {
            findings.push({ status: 'missing', code: 'PROMOTION_PREREQUISITE_PENDING', message: `${short(sha)}'s deployment ${newest.deployment.id} to ${upstream} is ${newest.latest?.state ?? 'without a status'}: wait for it to succeed before promoting to ${env.name}`, location: at })
          } else if (ordered.some((j) => j.latest && ['failure', 'error'].includes(j.latest.state))) {
            findings.push({ status: 'fail', code: 'PROMOTION_PREREQUISITE_FAILED', message: `${short(sha)}'s deployments to ${upstream} (${facts.deployment_ids.join(', ')}) failed, none succeeded: fix and redeploy it there before promoting to ${env.name}`, location: at })
          } else {
            findings.push({ status: 'missing', code: 'PROMOTION_PREREQUISITE_MISSING', message: `${short(sha)}'s deployments to ${upstream} (${facts.deployment_ids.join(', ')}) have no success status on record (GitHub keeps older statuses 90 days): redeploy it there before promoting to ${env.name}`, location: at })
          }
        }

        if (success && successOf) {
          facts.success_deployment = String(successOf.id)
          facts.success_at = success.created_at
          if (p.soak) {
            const ready = Date.parse(success.created_at) + parseDuration(p.soak)
            facts.soak = p.soak
            if (!(ready <= now)) {
              findings.push({
                status: 'missing',
                code: 'PROMOTION_SOAKING',
                // Only the API's facts: the run's clock would make each run's evidence differ.
                message: `${short(sha)} succeeded in ${upstream} at ${success.created_at} (deployment ${successOf.id}); the soak of ${p.soak} ends at ${new Date(ready).toISOString()}: promote it to ${env.name} after that`,
                location: ctx.matrix.doc.locate(['environments', env.name, 'promotion', 'soak']).location,
              })
            }
          }
        }
        observations.push({ source: 'deployments', subject: upstream, facts })
      }
      return { ...outcomeOf(findings), observations }
    })
  },
}
