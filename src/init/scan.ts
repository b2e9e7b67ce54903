// What `gate-matrix init` finds in a repository, each with where it was found: the
// environments workflow jobs deploy to (and those they only use for approvals or secrets),
// hosts and URLs written in workflows, `.well-known` host contracts, runbooks, the deploy and
// release workflows, and the deployment surface. Everything is read through the repository
// reader and the workflow model, so confinement, size limits and secret files are the
// engine's own rules; nothing is read from a secret-holding file.
import type { Location } from '../core/location.js'
import { isSecretFile, isSecretKey, redactText, urlCarriesCredential } from '../core/redact.js'
import { hasExpression } from '../core/template.js'
import { sameEnvironment } from '../core/environment-names.js'
import type { RepoReader } from '../repo/reader.js'
import { loadWorkflow, type Workflow, type WorkflowJob } from '../repo/workflows.js'
import { formatKeyPath, isRecord } from '../repo/data-path.js'
import type { KeyPath } from '../repo/yaml.js'
import { jobEnvironmentCandidates } from '../gates/support/job-environments.js'

/** Where something was found: `path:line`. */
export type Origin = Location

export interface FoundHost {
  /** The fact's name under `hosts:` (the env variable, or `url` for `environment.url`). */
  name: string
  value: string
  file: string
  /** The data path of the value in `file`. */
  dataPath: string
  origin: Origin
}

export interface FoundEnvironment {
  name: string
  /** False when no job that uses it deploys (approvals, secrets, signing). */
  deployment: boolean
  origins: Origin[]
  hosts: FoundHost[]
}

export interface FoundWellKnown {
  file: string
  /** `ios` (apple-app-site-association) or `android` (assetlinks.json). */
  platform: 'ios' | 'android'
  dataPath: string
  appIds: string[]
  origin: Origin
}

export interface Scan {
  environments: FoundEnvironment[]
  /** Hosts in workflows that no single environment owns (workflow-level `env:` of a workflow
   * whose jobs use several environments or none). */
  hosts: FoundHost[]
  wellKnown: FoundWellKnown[]
  runbooks: Origin[]
  deployWorkflows: Array<{ path: string; origin: Origin; why: string }>
  tracked: Array<{ glob: string; origin: Origin }>
  /** Files that could not be used (a workflow that is not YAML, a host file that is not JSON). */
  unreadable: Array<{ path: string; line?: number; message: string }>
}

const WORKFLOW_GLOBS = ['.github/workflows/*.yml', '.github/workflows/*.yaml']

/** A step or job that ships something somewhere (its name, `run:` or `uses:`). */
const DEPLOYS = /deploy|releas|publish|rollout|promot|push|kubectl|helm|terraform|wrangler|vercel|netlify|firebase|flyctl|gh-pages|goreleaser|apply/i
/** An environment named for a purpose other than being a target. */
const NOT_A_TARGET = /approv|secret|credential|sign|review|manual|gate|protect/i
/** Workflows that deploy or release, by name. */
const DEPLOY_WORKFLOW = /deploy|releas|publish|promot|rollout|ship/i
/** ...unless the name says it only checks. */
const NOT_DEPLOY_WORKFLOW = /check|lint|test|label|notes/i
/** Runbooks: the top of docs/, docs/runbooks/ at any depth, RUNBOOK* at the root. */
const RUNBOOKS = [/^docs\/[^/]+\.md$/i, /^docs\/runbooks\/.+\.md$/i, /^RUNBOOK[^/]*\.md$/i]
const URL = /^https?:\/\/[^\s/$.?#][^\s]*$/i
const HOST = /^(?=.{4,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,63}$/i
/** Deploy configurations, by name: what a change to the deployment surface looks like. */
const DEPLOY_CONFIGS = [
  '.goreleaser.yml', '.goreleaser.yaml', 'goreleaser.yml', 'goreleaser.yaml',
  'Dockerfile', 'docker-compose.yml', 'docker-compose.yaml', 'compose.yml', 'compose.yaml',
  'netlify.toml', 'vercel.json', 'wrangler.toml', 'wrangler.json', 'fly.toml', 'app.yaml', 'render.yaml',
  'Procfile', 'firebase.json', 'serverless.yml', 'Chart.yaml',
]
const DEPLOY_DIRS = ['deploy', 'deployment', 'deployments', 'k8s', 'kubernetes', 'helm', 'charts', 'terraform', 'infra']

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/

function loc(path: string, line?: number): Origin {
  return line === undefined ? { path } : { path, line }
}

/** A value that is a host or a URL, worth a `hosts:` fact, and safe to copy. */
function hostValue(key: string, value: unknown): string | null {
  if (typeof value !== 'string' || hasExpression(value) || isSecretKey(key)) return null
  if (!URL.test(value) && !HOST.test(value)) return null
  // A credential in a URL (userinfo, a secret-named query key), a token-shaped part: never copied.
  // A query string is never a host's fact, and may sign a request (`?signature=…`): not copied.
  if (URL.test(value) && /[?#]/.test(value)) return null
  return redactText(value) === value && !urlCarriesCredential(value) ? value : null
}

function jobDeploys(job: WorkflowJob): boolean {
  if (job.uses) return true
  if (DEPLOYS.test(job.id)) return true
  return job.steps.some((s) => DEPLOYS.test(s.name ?? '') || DEPLOYS.test(s.uses?.value ?? '') || s.run?.lines.some((l) => DEPLOYS.test(l.text)))
}

export function scanRepository(repo: RepoReader): Scan {
  const unreadable: Scan['unreadable'] = []
  const envs = new Map<string, FoundEnvironment & { deploys: boolean }>()
  const workflowHosts: FoundHost[] = []
  const deployWorkflows: Scan['deployWorkflows'] = []
  const files = repo.files().filter((f) => !isSecretFile(f))

  const environment = (name: string, origin: Origin, deploys: boolean): FoundEnvironment & { deploys: boolean } => {
    const key = [...envs.keys()].find((k) => sameEnvironment(k, name)) ?? name
    const env = envs.get(key) ?? { name: key, deployment: true, origins: [], hosts: [], deploys: false }
    env.origins.push(origin)
    env.deploys ||= deploys
    envs.set(key, env)
    return env
  }

  const workflows = [...new Set(WORKFLOW_GLOBS.flatMap((g) => repo.glob(g)))].sort()
  for (const path of workflows) {
    const load = loadWorkflow(repo, path)
    if (load.kind !== 'ok') {
      if (load.kind === 'unparsable') unreadable.push({ path, line: load.location.line, message: load.message })
      continue
    }
    const wf = load.workflow
    const parsed = repo.parsed(path)
    const doc = parsed.kind === 'ok' ? parsed.doc : null
    const value = (keyPath: KeyPath): unknown => {
      let v: unknown = doc?.value
      for (const k of keyPath) v = Array.isArray(v) && typeof k === 'number' ? v[k] : isRecord(v) ? v[k as string] : undefined
      return v
    }
    const lineOf = (keyPath: KeyPath): number | undefined => doc?.locate(keyPath).location.line
    const hostsAt = (prefix: KeyPath): FoundHost[] => {
      // A workflow named like a secret store (`secrets.yml`): its environments count, its values are not copied.
      if (isSecretFile(path)) return []
      const env = value([...prefix, 'env'])
      if (!isRecord(env)) return []
      // Only names a shell variable can have: the name becomes a `hosts:` key and a `${{ }}` path.
      return Object.keys(env).sort().flatMap((name) => {
        if (!ENV_NAME.test(name)) return []
        const v = hostValue(name, env[name])
        if (v === null) return []
        const keyPath = [...prefix, 'env', name]
        return [{ name: name.toLowerCase(), value: v, file: path, dataPath: formatKeyPath(keyPath), origin: loc(path, lineOf(keyPath)) }]
      })
    }

    const used = new Set<FoundEnvironment>()
    for (const job of wf.jobs) {
      const names = jobEnvironments(wf, job, value)
      const deploys = jobDeploys(job)
      for (const name of names) {
        const env = environment(name, job.environment?.location ?? job.location, deploys)
        used.add(env)
        env.hosts.push(...hostsAt(['jobs', job.id]))
        for (const step of job.steps) env.hosts.push(...hostsAt(['jobs', job.id, 'steps', step.index]))
        const url = hostValue('url', value(['jobs', job.id, 'environment', 'url']))
        if (url !== null) {
          const keyPath = ['jobs', job.id, 'environment', 'url']
          env.hosts.push({ name: 'url', value: url, file: path, dataPath: formatKeyPath(keyPath), origin: loc(path, lineOf(keyPath)) })
        }
      }
    }
    for (const input of wf.dispatch?.inputs ?? []) {
      // A choice input that names where to deploy, even when no `environment:` reads it.
      if (input.type?.value === 'choice' && input.options && /env|target|stage/i.test(input.name)) {
        for (const option of input.options.value) used.add(environment(option, input.options.location, true))
      }
    }
    const top = hostsAt([])
    if (used.size === 1) [...used][0].hosts.push(...top)
    else workflowHosts.push(...top)

    const name = path.split('/').pop() ?? path
    const onRelease = wf.triggers.some((t) => t.value === 'release') || wf.filters.some((f) => f.filter === 'tags')
    const why = used.size > 0
      ? 'its jobs use environments'
      : DEPLOY_WORKFLOW.test(name) && !NOT_DEPLOY_WORKFLOW.test(name)
        ? 'its name says it deploys or releases'
        : onRelease && wf.jobs.some((j) => DEPLOYS.test(j.id) || j.steps.some((st) => DEPLOYS.test(st.name ?? '') || DEPLOYS.test(st.uses?.value ?? '')))
          ? 'it runs on releases or tags and publishes'
          : null
    if (why && !wf.action) deployWorkflows.push({ path, origin: wf.on ?? loc(path, 1), why })
  }

  const environments = [...envs.values()]
    .map(({ deploys, ...env }) => ({ ...env, origins: uniqueOrigins(env.origins), deployment: deploys && !NOT_A_TARGET.test(env.name), hosts: uniqueHosts(env.hosts) }))
    .sort((a, b) => a.name.localeCompare(b.name, 'en'))

  const wellKnown = files.flatMap((file) => readWellKnown(repo, file, unreadable))
  const runbooks = files.filter((f) => RUNBOOKS.some((re) => re.test(f))).map((f) => loc(f))

  const tracked: Scan['tracked'] = []
  if (workflows.length) tracked.push({ glob: '.github/workflows/**', origin: loc(workflows[0]) })
  for (const f of files) {
    const name = f.split('/').pop() ?? f
    if (DEPLOY_CONFIGS.includes(name) && !f.includes('/testdata/') && f.split('/').length <= 2) tracked.push({ glob: f, origin: loc(f) })
  }
  for (const dir of DEPLOY_DIRS) {
    const first = files.find((f) => f.startsWith(`${dir}/`))
    if (first) tracked.push({ glob: `${dir}/**`, origin: loc(first) })
  }
  tracked.sort((a, b) => a.glob.localeCompare(b.glob, 'en'))

  return { environments, hosts: uniqueHosts(workflowHosts), wellKnown, runbooks, deployWorkflows, tracked, unreadable }
}

/** The environments a job names: what the built-in would judge, plus the default of a
 * `type: environment` dispatch input (GitHub only limits those to existing environments). */
function jobEnvironments(wf: Workflow, job: WorkflowJob, value: (k: KeyPath) => unknown): string[] {
  if (!job.environment) return []
  const candidates = jobEnvironmentCandidates(wf, job)
  if (candidates) return candidates.map((c) => c.name)
  const input = /^\$\{\{\s*(?:github\.event\.)?inputs\.([A-Za-z_][\w-]*)\s*\}\}$/.exec(job.environment.value)?.[1]
  if (!input) return []
  for (const event of ['workflow_dispatch', 'workflow_call']) {
    const d = value(['on', event, 'inputs', input, 'default'])
    if (typeof d === 'string' && d !== '' && !hasExpression(d)) return [d]
  }
  return []
}

function uniqueOrigins(origins: Origin[]): Origin[] {
  const seen = new Map(origins.map((o) => [`${o.path}:${o.line ?? 0}`, o]))
  return [...seen.values()].sort((a, b) => a.path.localeCompare(b.path, 'en') || (a.line ?? 0) - (b.line ?? 0))
}

/** One fact per name: a second value under the same name gets a numbered name. */
function uniqueHosts(hosts: FoundHost[]): FoundHost[] {
  const out: FoundHost[] = []
  const seen = new Set<string>()
  for (const h of hosts) {
    const key = `${h.file}\0${h.dataPath}`
    if (seen.has(key)) continue
    seen.add(key)
    let name = h.name
    for (let n = 2; out.some((o) => o.name === name); n++) name = `${h.name}_${n}`
    out.push({ name, value: h.value, file: h.file, dataPath: h.dataPath, origin: h.origin })
  }
  return out
}

function readWellKnown(repo: RepoReader, file: string, unreadable: Scan['unreadable']): FoundWellKnown[] {
  const name = /(^|\/)\.well-known\/(apple-app-site-association|assetlinks\.json)$/.exec(file)?.[2]
  if (!name) return []
  const parsed = repo.parsed(file)
  if (parsed.kind !== 'ok' || parsed.doc.problems.length) {
    unreadable.push({ path: file, message: parsed.kind === 'error' ? parsed.message : 'not valid JSON' })
    return []
  }
  const doc = parsed.doc
  const v = doc.value
  const at = (keyPath: KeyPath): Origin => loc(file, doc.locate(keyPath).location.line)
  const out: FoundWellKnown[] = []
  if (name === 'assetlinks.json' && Array.isArray(v)) {
    const ids = v.flatMap((s) => (isRecord(s) && isRecord(s.target) && typeof s.target.package_name === 'string' ? [s.target.package_name] : []))
    if (ids.length) out.push({ file, platform: 'android', dataPath: '[*].target.package_name', appIds: sorted(ids), origin: at([0]) })
  }
  if (name === 'apple-app-site-association' && isRecord(v) && isRecord(v.applinks) && Array.isArray(v.applinks.details)) {
    const details = v.applinks.details.filter(isRecord)
    const single = details.flatMap((d) => (typeof d.appID === 'string' ? [d.appID] : []))
    const multi = details.flatMap((d) => (Array.isArray(d.appIDs) ? d.appIDs.filter((x): x is string => typeof x === 'string') : []))
    if (single.length) out.push({ file, platform: 'ios', dataPath: 'applinks.details[*].appID', appIds: sorted(single), origin: at(['applinks', 'details']) })
    if (multi.length) out.push({ file, platform: 'ios', dataPath: 'applinks.details[*].appIDs[*]', appIds: sorted(multi), origin: at(['applinks', 'details']) })
  }
  return out
}

function sorted(xs: string[]): string[] {
  return [...new Set(xs)].sort()
}
