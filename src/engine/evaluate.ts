// The evaluator: every gate for every environment → cells → sealed evidence.
// Order is the matrix's order throughout, so the evidence is deterministic.
import { environmentMatcher, gateAppliesTo, includesEnvironment } from '../core/environment-names.js'
import { assertionKind } from '../gates/assertions/registry.js'
import { BUILTIN_GATES } from '../gates/builtins/registry.js'
import type { AssertionContext, AssertionKind, BuiltinGate } from '../gates/kit.js'
import { type EnvironmentDraft, sealEvidence } from '../evidence/seal.js'
import { sha256 } from '../core/canonical-json.js'
import type { Evidence, GateEvidence, RollbackEvidence } from '../evidence/types.js'
import { buildContexts, environmentContext } from './contexts.js'
import { evaluateCondition, type ExpressionContexts, ExpressionError, resolveTemplates } from '../expressions/evaluate.js'
import { classifyChanges } from '../spec/change-classes.js'
import type { EnvironmentFacts, GateSpec, LoadedMatrix, ProfileSpec } from '../spec/types.js'
import { globMatcher } from '../repo/glob.js'
import type { RepoReader } from '../repo/reader.js'
import { UsageError } from '../core/errors.js'
import { LimitExceededError } from '../core/scan-budget.js'
import { combineOutcomes } from './combine.js'
import { GitHubUnavailableError } from '../core/github-port.js'
import { effectiveMode } from './mode.js'
import { provePriorValidation } from '../gates/support/prior-validation.js'
import type { AssertionOutcome, Finding, Mode, Observation, Result } from '../core/outcome.js'
import type { Location } from '../core/location.js'
import type { RunContext } from '../core/run.js'
import { waiverFor } from './waivers.js'
import { FindingAllowance } from './finding-limits.js'
import { hasExpression } from '../core/template.js'
import { type ParsedOptions, parseOptions } from '../matrix/assertion-options.js'
import { plainKey } from './plain-key.js'

/** What a cell's evidence says about the gate itself, whatever its result. */
type GateIdentity = Pick<GateEvidence, 'gate_id' | 'family' | 'mode' | 'owner' | 'artifact' | 'recovery' | 'residual_risk' | 'declared_at' | 'builtin'>

interface CellOutcome {
  result: Result
  findings: Finding[]
  missingReason: string | null
  evidenceTypes: string[]
  observations?: Observation[]
}

/** See parseResolved. */
const FRESH_PARSES_BEFORE_UNKEYED = 4

/** A cell's assertions as evaluated so far. */
interface CellDraft {
  outcomes: AssertionOutcome[]
  evidenceTypes: string[]
  /** Whether every assertion's outcome is the one all environments share: then so is the cell. */
  everyShared: boolean
}

/** Options parsed by their kind's schema, with the JSON of the parsed value (the outcome cache's key). */
interface ParsedEntry {
  result: ParsedOptions
  dataKey: string
}

function notApplicable(reason: string): CellOutcome {
  return { result: 'not_applicable', findings: [], missingReason: reason, evidenceTypes: [] }
}

function selectedProfile(matrix: LoadedMatrix, run: RunContext): { name: string; spec: ProfileSpec } | null {
  const name = run.profile ?? matrix.spec.default_profile ?? null
  if (name === null) return null
  const spec = matrix.spec.profiles?.[name]
  if (!spec) {
    const known = Object.keys(matrix.spec.profiles ?? {})
    throw new UsageError(`profile "${name}" is not declared in ${matrix.path}${known.length ? ` (declared: ${known.join(', ')})` : ' (it declares no profiles)'}`)
  }
  return { name, spec }
}

function selectedEnvironments(matrix: LoadedMatrix, run: RunContext): string[] {
  const all = Object.keys(matrix.spec.environments)
  if (run.environments.length === 0) return all
  const unknown = run.environments.filter((e) => !includesEnvironment(all, e))
  if (unknown.length) {
    throw new UsageError(`environment${unknown.length > 1 ? 's' : ''} ${unknown.map((e) => `"${e}"`).join(', ')} not declared in ${matrix.path} (declared: ${all.join(', ')})`)
  }
  return all.filter((e) => includesEnvironment(run.environments, e))
}

function fileDigest(repo: RepoReader, path: string | undefined): string | null {
  if (!path) return null
  const r = repo.read(path)
  return r.kind === 'ok' ? sha256(r.text) : null
}

function rollbackOf(env: EnvironmentFacts): RollbackEvidence | null {
  const r = env.rollback
  return r ? { command: r.command, manifest_or_revision: r.manifest_or_revision, migration_posture: r.migration_posture, owner: r.owner } : null
}

class Evaluator {
  private readonly profile: { name: string; spec: ProfileSpec } | null
  /** Whether a changed file matches a gate's `when.changed`: the same in every environment. */
  private readonly changedMatches = new Map<number, boolean>()
  /** Repository-only assertions whose resolved options are the same in every
   * environment are evaluated once per gate and assertion. */
  private readonly outcomeCache = new Map<string, AssertionOutcome | Promise<AssertionOutcome>>()
  /** By assertion: its options parsed once, or null for options with `${{ }}` (resolved in each cell). */
  private readonly staticOptions = new Map<string, ParsedEntry | null>()
  /** Templated options as resolved, parsed once per kind and distinct value (see parseResolved). */
  private readonly resolvedOptions = new Map<AssertionKind, Map<string, ParsedEntry>>()
  /** By assertion: how many environments in a row resolved its options to a value not seen before. */
  private readonly freshParses = new Map<string, number>()
  /** A gate's identity in its cells, and where each assertion is declared: the same in every environment. */
  private readonly identities = new Map<number, GateIdentity>()
  private readonly assertionSites = new Map<string, { declaredPath: Array<string | number>; declaredAt: Location }>()
  /** The cell of a gate whose every assertion is shared by all environments (see gateCell). */
  private readonly sharedCells = new Map<number, CellOutcome>()
  /** Whether a gate applies to a named environment, by its `environments:` list (lower-cased once). */
  private readonly listedEnvironments = new Map<number, (name: string) => boolean>()
  private firstContexts: ExpressionContexts | undefined
  private priorValidation: ReturnType<typeof provePriorValidation> | undefined
  private readonly allowance = new FindingAllowance()

  constructor(
    private readonly matrix: LoadedMatrix,
    private readonly repo: RepoReader,
    private readonly run: RunContext,
  ) {
    this.profile = selectedProfile(matrix, run)
  }

  async evaluate(): Promise<Evidence> {
    const { matrix, run } = this
    const envNames = selectedEnvironments(matrix, run)
    const files = run.changes.kind === 'files' ? run.changes.files : []
    const changeClasses = run.changes.kind === 'files' ? classifyChanges(matrix.spec, files).classes : []

    const repoCtx = this.context(null, matrix.doc.locate([]).location, [])
    const repositoryGates: GateEvidence[] = []
    for (const b of BUILTIN_GATES.filter((g) => g.scope === 'repository')) {
      repositoryGates.push(await this.builtinCell(b, repoCtx, '*'))
    }

    const environments: EnvironmentDraft[] = []
    for (const name of envNames) {
      const env: EnvironmentFacts = { ...matrix.spec.environments[name], name }
      const contexts = this.contextsOf(env)
      const gates: GateEvidence[] = []
      for (const b of BUILTIN_GATES.filter((g) => g.scope === 'environment')) {
        // Built-ins list no environments: like any such gate they skip a non-deployment environment.
        if (!gateAppliesTo(undefined, name, env.deployment)) continue
        gates.push(await this.builtinCell(b, this.context(env, matrix.doc.locate([]).location, []), name))
      }
      for (const [gi, gate] of matrix.spec.gates.entries()) {
        if (!this.appliesTo(gi, gate, name, env.deployment)) continue
        const pending = this.gateCell(gi, gate, env, contexts)
        const cell = pending instanceof Promise ? await pending : pending
        gates.push(this.gateEvidence(gi, gate, name, cell))
      }
      const inputsSha = run.inputs.validated_against_source_sha
      environments.push({
        environment_profile: name,
        release_profile: this.profile?.name ?? null,
        source_commit: run.github.head_sha ?? run.github.sha,
        release_manifest_digest: fileDigest(this.repo, env.release_manifest),
        change_class: changeClasses,
        validated_against_source_sha: typeof inputsSha === 'string' && inputsSha ? inputsSha : null,
        gates,
        rollback: rollbackOf(env),
      })
    }

    return sealEvidence({
      schema: 'gate-matrix/evidence@1',
      matrix: { path: matrix.path, digest: matrix.digest },
      source_commit: run.github.head_sha ?? run.github.sha,
      release_profile: this.profile?.name ?? null,
      event: {
        name: run.github.event_name,
        ref: run.github.ref,
        pr_number: run.github.pr_number,
        base_sha: run.github.base_sha,
        head_sha: run.github.head_sha,
      },
      repository: { gates: repositoryGates },
      environments,
    })
  }

  /** The expression contexts of an environment. Only `environment` differs between
   * environments: the others are the first environment's objects, so expressions convert them once. */
  private contextsOf(env: EnvironmentFacts): ExpressionContexts {
    if (!this.firstContexts) return (this.firstContexts = buildContexts(this.matrix, env, this.run, this.profile?.name ?? null))
    return { ...this.firstContexts, environment: environmentContext(env) }
  }

  private context(environment: EnvironmentFacts | null, declaredAt: Location, declaredPath: ReadonlyArray<string | number>, gateId = ''): AssertionContext {
    return { repo: this.repo, matrix: this.matrix, run: this.run, environment, gateId, declaredAt, declaredPath }
  }

  private async builtinCell(b: BuiltinGate, ctx: AssertionContext, envName: string): Promise<GateEvidence> {
    const outcome = await this.guard(() => b.evaluate({ ...ctx, gateId: b.id }), ctx.declaredAt, b.id)
    const identity: GateIdentity = {
      gate_id: b.id,
      family: b.family,
      mode: b.mode ?? 'enforce',
      owner: this.matrix.spec.owner ?? 'unowned',
      artifact: this.matrix.path,
      recovery: this.matrix.spec.recovery ?? null,
      residual_risk: null,
      declared_at: { path: this.matrix.path },
      builtin: true,
    }
    return this.cellEvidence(identity, envName, { ...combineOutcomes([outcome], false), evidenceTypes: [...b.evidenceTypes] })
  }

  /** gateAppliesTo, with the gate's list matched through one lower-cased set. */
  private appliesTo(gi: number, gate: GateSpec, name: string, deployment: boolean | undefined): boolean {
    if (!gate.environments) return gateAppliesTo(undefined, name, deployment)
    let listed = this.listedEnvironments.get(gi)
    if (!listed) {
      listed = environmentMatcher(gate.environments)
      this.listedEnvironments.set(gi, listed)
    }
    return listed(name)
  }

  private gateEvidence(gi: number, gate: GateSpec, envName: string, cell: CellOutcome): GateEvidence {
    const { matrix } = this
    let identity = this.identities.get(gi)
    if (!identity) {
      identity = {
        gate_id: gate.id,
        family: gate.family,
        mode: effectiveMode(gate, this.run.today),
        owner: gate.owner ?? matrix.spec.owner ?? 'unowned',
        artifact: gate.artifact ?? matrix.path,
        recovery: gate.recovery ?? matrix.spec.recovery ?? null,
        residual_risk: gate.residual_risk ?? null,
        declared_at: this.matrix.doc.locate(['gates', gi]).location,
        builtin: false,
      }
      this.identities.set(gi, identity)
    }
    return this.cellEvidence(identity, envName, cell)
  }

  /** A cell's evidence: the gate's identity, its result, and its waiver and blocking, derived here once. */
  private cellEvidence(identity: GateIdentity, envName: string, cell: CellOutcome): GateEvidence {
    const waiver = waiverFor(this.matrix, identity.gate_id, envName, this.run.today)
    const { kept, omitted } = this.allowance.take(cell.findings)
    // Only a cell missing for no other reason than the API is set aside; anything else still blocks.
    const notEvaluated =
      this.run.skipGitHub === true && cell.result === 'missing' && cell.findings.length > 0 && cell.findings.every((f) => f.code === 'GITHUB_NOT_CONFIGURED')
    const evidenceTypes = cell.evidenceTypes.length < 2 ? cell.evidenceTypes : [...new Set(cell.evidenceTypes)].sort()
    // Keys in canonical (sorted) order: sealing then has nothing to reorder in the largest part of the evidence.
    return {
      artifact: identity.artifact,
      blocking: !notEvaluated && isBlocking(cell.result, identity.mode, waiver?.active ?? false),
      builtin: identity.builtin,
      declared_at: identity.declared_at,
      // Never changed once made: one type needs no copy.
      evidence_types: evidenceTypes,
      family: identity.family,
      findings: kept,
      ...(omitted ? { findings_omitted: omitted } : {}),
      gate_id: identity.gate_id,
      missing_reason: cell.missingReason,
      mode: identity.mode,
      ...(notEvaluated ? { not_evaluated: 'needs the GitHub API (--skip-github)' } : {}),
      ...(cell.observations?.length ? { observations: cell.observations } : {}),
      owner: identity.owner,
      recovery: identity.recovery,
      residual_risk: identity.residual_risk,
      result: cell.result,
      waiver,
    }
  }

  /** A gate's cell in one environment; settled without a promise when nothing needs waiting for
   * (not applicable, or shared), as most cells are. */
  private gateCell(gi: number, gate: GateSpec, env: EnvironmentFacts, contexts: ExpressionContexts): CellOutcome | Promise<CellOutcome> {
    const { run } = this

    const when = gate.when
    if (when?.events && !(run.github.event_name && when.events.includes(run.github.event_name))) {
      return notApplicable(`when.events: this run's event is ${run.github.event_name ?? 'not a GitHub event (local check)'}`)
    }
    if (when?.profiles && !(this.profile && when.profiles.includes(this.profile.name))) {
      return notApplicable(`when.profiles: the release profile is ${this.profile?.name ?? 'none'}`)
    }
    if (when?.changed) {
      if (run.changes.kind === 'none') return notApplicable(`when.changed: ${run.changes.reason}`)
      if (run.changes.kind === 'files') {
        let matches = this.changedMatches.get(gi)
        if (matches === undefined) {
          matches = run.changes.files.some(globMatcher(when.changed))
          this.changedMatches.set(gi, matches)
        }
        if (!matches) return notApplicable('when.changed: no changed file matches')
      }
      // unavailable: the gate applies, and its change assertions are blocked (fail closed)
    }
    if (gate.if !== undefined) {
      try {
        if (!evaluateCondition(gate.if, contexts)) return notApplicable(`if: ${gate.if} is false`)
      } catch (e) {
        return this.expressionCell(e, this.matrix.doc.locate(['gates', gi, 'if']).location)
      }
    }

    const profile = this.profile
    if (profile && (profile.spec.skip_families?.includes(gate.family) || profile.spec.skip_gates?.includes(gate.id))) {
      if (!profile.spec.requires_prior_validation) return notApplicable(`skipped by release profile ${profile.name}`)
      return this.profileSkipCell(profile)
    }

    const shared = this.sharedCells.get(gi)
    // Nothing changes a cell's arrays once made (sealing copies what it redacts): one serves every environment.
    return shared ?? this.assertionsCell(gi, gate, env, contexts)
  }

  /** A gate the release profile skips with proof of a prior validation. */
  private async profileSkipCell(profile: { name: string; spec: ProfileSpec }): Promise<CellOutcome> {
    this.priorValidation ??= provePriorValidation({ run: this.run, profile: profile.spec, profileName: profile.name, matrix: this.matrix })
    const proof = await this.priorValidation
    if (proof.proven) return notApplicable(`skipped by release profile ${profile.name}: ${proof.check} succeeded on ${proof.sha}`)
    return {
      result: proof.status,
      findings: [{ status: proof.status, code: proof.code, message: proof.message, location: proof.location }],
      missingReason: proof.message,
      evidenceTypes: ['prior_validation'],
    }
  }

  /** The cell a gate's assertions make in one environment, in their order: settled without a
   * promise while their outcomes are (repository checks are synchronous), awaited from the first that is not. */
  private assertionsCell(gi: number, gate: GateSpec, env: EnvironmentFacts, contexts: ExpressionContexts): CellOutcome | Promise<CellOutcome> {
    const draft: CellDraft = { outcomes: [], evidenceTypes: [], everyShared: true }
    for (let ai = 0; ai < gate.assert.length; ai++) {
      const outcome = this.assertionOutcome(gi, ai, gate, env, contexts, draft)
      if (outcome instanceof Promise) return this.assertionsCellFrom(outcome, ai + 1, gi, gate, env, contexts, draft)
      draft.outcomes.push(outcome)
    }
    return this.finishCell(gi, gate, draft)
  }

  /** The rest of assertionsCell once an outcome needs waiting for: one assertion at a time, as before. */
  private async assertionsCellFrom(
    pending: Promise<AssertionOutcome>,
    next: number,
    gi: number,
    gate: GateSpec,
    env: EnvironmentFacts,
    contexts: ExpressionContexts,
    draft: CellDraft,
  ): Promise<CellOutcome> {
    draft.outcomes.push(await pending)
    for (let ai = next; ai < gate.assert.length; ai++) {
      const outcome = this.assertionOutcome(gi, ai, gate, env, contexts, draft)
      draft.outcomes.push(outcome instanceof Promise ? await outcome : outcome)
    }
    return this.finishCell(gi, gate, draft)
  }

  private finishCell(gi: number, gate: GateSpec, draft: CellDraft): CellOutcome {
    const { result, findings, missingReason, observations } = combineOutcomes(draft.outcomes, gate.residual_risk !== undefined)
    const cell: CellOutcome = { result, findings, missingReason, observations, evidenceTypes: draft.evidenceTypes }
    if (draft.everyShared) this.sharedCells.set(gi, cell)
    return cell
  }

  /** One assertion's outcome in one environment; records its kind and whether all environments share it. */
  private assertionOutcome(
    gi: number,
    ai: number,
    gate: GateSpec,
    env: EnvironmentFacts,
    contexts: ExpressionContexts,
    draft: CellDraft,
  ): AssertionOutcome | Promise<AssertionOutcome> {
    const entry = gate.assert[ai]
    const kindName = Object.keys(entry as object)[0]
    const kind = assertionKind(kindName)!
    const staticKey = `${gi}/${ai}`
    let site = this.assertionSites.get(staticKey)
    if (!site) {
      const path = ['gates', gi, 'assert', ai, kindName]
      site = { declaredPath: path, declaredAt: this.matrix.doc.locate(path).location }
      this.assertionSites.set(staticKey, site)
    }
    const { declaredPath, declaredAt } = site
    draft.evidenceTypes.push(kindName)
    const raw = (entry as Record<string, unknown>)[kindName]
    // Options without `${{ }}` are the same in every environment: parsed once, by the loader.
    let parsed = this.staticOptions.get(staticKey)
    if (parsed === undefined) {
      // As the loader parsed them (it validated every entry): no expression to resolve.
      parsed = hasTemplate(raw) ? null : { result: parseOptions(kind, raw), dataKey: '' }
      this.staticOptions.set(staticKey, parsed)
    }
    const isStatic = parsed !== null
    if (parsed === null) {
      let options: unknown
      try {
        options = resolveTemplates(raw, contexts)
      } catch (e) {
        draft.everyShared = false
        return expressionOutcome(e, declaredAt)
      }
      parsed = this.parseResolved(staticKey, kind, options)
    }
    const result = parsed.result
    if (!result.success) {
      const issue = result.error.issues[0]
      const where = issue.path.join('.') || kindName
      draft.everyShared = false
      return expressionOutcome(new ExpressionError(`after expressions were resolved for ${env.name}, ${where}: ${issue.message}`, where), declaredAt)
    }
    const ctx = this.context(env, declaredAt, declaredPath, gate.id)
    const evaluateOnce = () => this.guard(() => kind.evaluate(result.data, ctx), declaredAt, gate.id)
    if (kind.needs !== 'repository' || kind.perEnvironment || !isStatic) draft.everyShared = false
    if (kind.needs !== 'repository') return evaluateOnce()
    // Static options are one value for every environment: their place names them.
    const key = `${staticKey}/${kind.perEnvironment ? env.name : ''}${isStatic ? '' : `/${parsed.dataKey}`}`
    let cached = this.outcomeCache.get(key)
    if (!cached) {
      cached = evaluateOnce()
      this.outcomeCache.set(key, cached)
      // Once settled, later cells take the outcome itself and need not wait.
      if (cached instanceof Promise) void cached.then((o) => this.outcomeCache.set(key, o))
    }
    return cached
  }

  /** Resolved options parsed by their kind's schema, and the JSON of what it made; an equal
   * value (see plainKey) parses to the same result, so each distinct one is parsed once per kind. */
  private parseResolved(staticKey: string, kind: AssertionKind, options: unknown): ParsedEntry {
    // Options that differ in every environment (`${{ environment.name }}`) would be keyed for
    // nothing: an assertion whose last few values were all new is parsed without a key from then on.
    const fresh = this.freshParses.get(staticKey) ?? 0
    const key = fresh < FRESH_PARSES_BEFORE_UNKEYED ? plainKey(options) : undefined
    let known = this.resolvedOptions.get(kind)
    const hit = key === undefined ? undefined : known?.get(key)
    if (hit) {
      this.freshParses.set(staticKey, 0)
      return hit
    }
    if (key !== undefined) this.freshParses.set(staticKey, fresh + 1)
    const result = kind.options.safeParse(options)
    const entry = { result, dataKey: result.success ? JSON.stringify(result.data) : '' }
    if (key !== undefined) {
      if (!known) {
        known = new Map()
        this.resolvedOptions.set(kind, known)
      }
      known.set(key, entry)
    }
    return entry
  }

  private expressionCell(e: unknown, location: Location): CellOutcome {
    const o = expressionOutcome(e, location)
    return { result: 'fail', findings: o.findings, missingReason: null, evidenceTypes: [] }
  }

  /** Run an assertion; an API failure is `blocked`, any other throw fails closed. A synchronous
   * outcome is returned as it is, so a repository check's cell need not wait. */
  private guard(fn: () => AssertionOutcome | Promise<AssertionOutcome>, location: Location, gateId: string): AssertionOutcome | Promise<AssertionOutcome> {
    try {
      const outcome = fn()
      return outcome instanceof Promise ? outcome.catch((e: unknown) => failedOutcome(e, location, gateId)) : outcome
    } catch (e) {
      return failedOutcome(e, location, gateId)
    }
  }
}

/** The outcome of an assertion that threw. */
function failedOutcome(e: unknown, location: Location, gateId: string): AssertionOutcome {
  if (e instanceof GitHubUnavailableError) {
    return { result: 'blocked', reason: e.message, findings: [{ status: 'blocked', code: 'GITHUB_UNAVAILABLE', message: e.message, location }] }
  }
  if (e instanceof LimitExceededError) {
    return { result: 'blocked', reason: e.message, findings: [{ status: 'blocked', code: 'LIMIT_EXCEEDED', message: e.message, location }] }
  }
  const message = `internal error while evaluating gate ${gateId}: ${(e as Error)?.message ?? String(e)}`
  return { result: 'blocked', reason: message, findings: [{ status: 'blocked', code: 'INTERNAL_ERROR', message, location }] }
}

function hasTemplate(value: unknown): boolean {
  if (typeof value === 'string') return hasExpression(value)
  if (Array.isArray(value)) return value.some(hasTemplate)
  if (value !== null && typeof value === 'object') return Object.values(value).some(hasTemplate)
  return false
}

function expressionOutcome(e: unknown, location: Location): AssertionOutcome {
  if (!(e instanceof ExpressionError)) throw e
  return { result: 'fail', findings: [{ status: 'fail', code: 'EXPRESSION_FAILED', message: e.message, location }] }
}

function isBlocking(result: Result, mode: Mode, waived: boolean): boolean {
  return mode === 'enforce' && !waived && (result === 'fail' || result === 'missing' || result === 'blocked')
}

export function evaluateMatrix(matrix: LoadedMatrix, repo: RepoReader, run: RunContext): Promise<Evidence> {
  return new Evaluator(matrix, repo, run).evaluate()
}
