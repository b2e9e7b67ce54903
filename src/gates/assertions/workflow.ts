// `workflow`: the semantics of GitHub workflow files.
import * as z from 'zod'
import { sharedCodes } from '../../core/codes.js'
import { declaredEnvironments, undeclaredEnvironments } from '../support/job-environments.js'
import { type AssertionOutcome, type Finding, outcomeOf } from '../../core/outcome.js'
import { type AssertionContext, type AssertionKind, regexOption, regexProblems } from '../kit.js'
import { templatable } from '../../spec/template-schema.js'
import { loadWorkflow, type Permissions, type ScriptLine, type Workflow, type WorkflowJob, type WorkflowStep } from '../../repo/workflows.js'
import type { SafeRegex } from '../../core/safe-regex.js'
import { unknownEventProblem } from '../../spec/workflow-events.js'
import type { Problem } from '../../core/errors.js'
import { redactText } from '../../core/redact.js'
import { pushAll } from '../../core/arrays.js'
import type { ScanBudget } from '../../core/scan-budget.js'
import type { RepoReader } from '../../repo/reader.js'
import { isLocalAction, loadLocalAction, loadLocalWorkflow } from '../support/local-actions.js'
import { suggestion } from '../../core/text.js'
import { shellTokens } from '../../repo/shell-tokens.js'
import { errexitOption, ignoredFailures } from '../support/ignored-failures.js'

export const workflowOptions = z
  .strictObject({
    file: z.string().min(1).describe('Workflow path or glob'),
    triggers: z.array(z.string()).optional().describe('Events that must trigger the workflow'),
    dispatch_input: z
      .strictObject({
        name: z.string().min(1),
        type: z.enum(['string', 'choice', 'boolean', 'number', 'environment']).optional(),
        options: templatable(z.array(z.string())).optional().describe('Must equal this list, order aside'),
        required: z.boolean().optional(),
      })
      .optional()
      .describe('A workflow_dispatch input that must be declared so'),
    forbid_run: z.string().optional().describe('Regex no `run:` script line may match'),
    forbid_continue_on_error: z.boolean().optional().describe('No job or step may set continue-on-error'),
    forbid_ignored_failures: z
      .boolean()
      .optional()
      .describe('No `run:` script may discard a failure at statement level: `cmd || true` (`|| :`, `|| exit 0`, `|| echo …`), `set +e`'),
    environments_declared: z.boolean().optional().describe('Every job `environment:` must be declared in the matrix'),
    max_permissions: z
      .record(z.string(), z.enum(['read', 'write', 'none']))
      .optional()
      .describe('Permission scopes the workflow and its jobs may not exceed (e.g. contents: read)'),
  })
  .describe('Workflow semantics: triggers, dispatch inputs, forbidden run patterns, continue-on-error, environments, permissions')

export type WorkflowOptions = z.infer<typeof workflowOptions>

export const workflowKind: AssertionKind<WorkflowOptions> = {
  kind: 'workflow',
  description: 'Workflow semantics: triggers, workflow_dispatch inputs, run-step patterns, continue-on-error, job environments, permissions.',
  options: workflowOptions,
  needs: 'repository',
  pathOptions: ['file'],
  codes: {
    TRIGGER_MISSING: { status: 'fail', meaning: 'The workflow is not triggered by a required event.' },
    WORKFLOW_INPUT_MISMATCH: { status: 'fail', meaning: 'A workflow_dispatch input is missing or differs in type, options or required.' },
    CONTINUE_ON_ERROR: { status: 'fail', meaning: 'A job or step sets continue-on-error.' },
    PERMISSION_EXCEEDED: { status: 'fail', meaning: 'A permission scope is broader than allowed.' },
    PERMISSIONS_UNDECLARED: { status: 'fail', meaning: "A job's token gets the repository's default permissions (no permissions: on the job or the workflow), which no maximum can bound." },
    WORKFLOW_CHECK_NOT_APPLICABLE: {
      status: 'blocked',
      meaning: 'The file is an action, not a workflow: triggers, dispatch_input, environments_declared and max_permissions cannot be checked on it.',
    },
    FAILURE_IGNORED: { status: 'fail', meaning: 'A `run:` script discards a failure at statement level (`cmd || true`, `|| :`, `|| exit 0`, `|| echo …`, `set +e`), or runs in a shell template without errexit (`bash {0}`).' },
    RUN_SCRIPT_UNREADABLE: { status: 'blocked', meaning: 'A `run:` script cannot be split into shell statements (an unclosed quote, `$(`, `${` or backtick), so whether it discards a failure is unknown.' },
    ...sharedCodes('FILE_MISSING', 'WORKFLOW_UNPARSABLE', 'PATTERN_FORBIDDEN', 'ENVIRONMENT_UNDECLARED', 'EXPRESSION_FAILED'),
  },
  validate(options, at) {
    const problems: Problem[] = regexProblems(options, ['forbid_run'], at)
    if (!checksSomething(options)) {
      problems.push({ location: at([]), message: `this workflow assertion checks nothing beyond the file existing; set at least one of ${CHECK_OPTIONS.join(', ')}` })
    }
    for (const scope of Object.keys(options.max_permissions ?? {})) {
      if (!PERMISSION_SCOPES.includes(scope)) {
        problems.push({ location: at(['max_permissions', scope]), message: `max_permissions: "${scope}" is not a GitHub token permission${suggestion(scope, PERMISSION_SCOPES)}, so it would limit nothing; known: ${PERMISSION_SCOPES.join(', ')}` })
      }
    }
    options.triggers?.forEach((t, i) => {
      const problem = unknownEventProblem(t)
      if (problem) problems.push({ location: at(['triggers', i]), message: `triggers: ${problem}` })
    })
    return problems
  },
  evaluate,
}

/** The scopes of a workflow's `permissions:` (GitHub's workflow syntax). */
const PERMISSION_SCOPES: readonly string[] = ['actions', 'attestations', 'checks', 'contents', 'deployments', 'discussions', 'id-token', 'issues', 'models', 'packages', 'pages', 'pull-requests', 'repository-projects', 'security-events', 'statuses']

const CHECK_OPTIONS = ['triggers', 'dispatch_input', 'forbid_run', 'forbid_continue_on_error: true', 'forbid_ignored_failures: true', 'environments_declared: true', 'max_permissions'] as const

/** Whether the options ask for anything: an empty list or mapping, or `false`, asks for nothing. */
function checksSomething(o: WorkflowOptions): boolean {
  return Boolean(
    (o.triggers && o.triggers.length) ||
      o.dispatch_input ||
      o.forbid_run !== undefined ||
      o.forbid_continue_on_error ||
      o.forbid_ignored_failures ||
      o.environments_declared ||
      (o.max_permissions && Object.keys(o.max_permissions).length),
  )
}

function evaluate(options: WorkflowOptions, ctx: AssertionContext): AssertionOutcome {
  const paths = ctx.repo.glob(options.file)
  if (paths.length === 0) {
    return outcomeOf([{ status: 'missing', code: 'FILE_MISSING', message: `no workflow file matches "${options.file}"`, location: { path: options.file } }])
  }
  let forbid: SafeRegex | undefined
  if (options.forbid_run !== undefined) {
    // The loader's validate() refuses such a matrix; an expression may still resolve to a bad regex.
    const compiled = regexOption(options.forbid_run, 'forbid_run', ctx)
    if ('finding' in compiled) return outcomeOf([compiled.finding])
    forbid = compiled.regex
  }
  const findings: Finding[] = []
  // Files already judged, so a local action or reusable workflow several workflows use is reported once.
  const seen = new Set<string>()
  for (const path of paths) {
    const load = loadWorkflow(ctx.repo, path)
    if (load.kind === 'missing') {
      findings.push({ status: 'missing', code: 'FILE_MISSING', message: `workflow "${path}" does not exist`, location: { path } })
      continue
    }
    if (load.kind === 'unparsable') {
      findings.push({ status: 'fail', code: 'WORKFLOW_UNPARSABLE', message: `${path}: ${load.message}`, location: load.location })
      continue
    }
    const wf = load.workflow
    if (forbid || options.forbid_continue_on_error || options.forbid_ignored_failures) {
      for (const item of reachable(wf, ctx.repo, seen)) {
        if (!('wf' in item)) findings.push(item)
        else {
          if (forbid) pushAll(findings, forbiddenRuns(item.wf, forbid, ctx.repo.scanBudget, item.via))
          if (options.forbid_continue_on_error) pushAll(findings, continueOnError(item.wf, item.via))
          if (options.forbid_ignored_failures) pushAll(findings, ignoredFailureFindings(item.wf, ctx.repo.scanBudget, item.via))
        }
      }
    }
    if (wf.action) {
      pushAll(findings, workflowOnlyChecks(wf, options))
      continue
    }
    if (options.triggers) pushAll(findings, missingTriggers(wf, options.triggers))
    if (options.dispatch_input) pushAll(findings, dispatchInputFindings(wf, options.dispatch_input))
    if (options.environments_declared) pushAll(findings, undeclaredEnvironments(wf, declaredEnvironments(Object.keys(ctx.matrix.spec.environments))))
    if (options.max_permissions) pushAll(findings, permissionsExceeded(wf, options.max_permissions))
  }
  return outcomeOf(findings)
}

/** An action file has no triggers, inputs of workflow_dispatch, job environments or permissions: asking is a mistake to name, not a pass. */
function workflowOnlyChecks(wf: Workflow, o: WorkflowOptions): Finding[] {
  const asked = [
    o.triggers && o.triggers.length ? 'triggers' : null,
    o.dispatch_input ? 'dispatch_input' : null,
    o.environments_declared ? 'environments_declared' : null,
    o.max_permissions && Object.keys(o.max_permissions).length ? 'max_permissions' : null,
  ].filter((x): x is string => x !== null)
  if (!asked.length || !wf.action) return []
  return [{
    status: 'blocked',
    code: 'WORKFLOW_CHECK_NOT_APPLICABLE',
    message: `${wf.path} is an action (runs.using: ${wf.action.using ?? '?'}), not a workflow: ${asked.join(', ')} cannot be checked on it; point \`file\` at workflows only and check actions in an assertion of their own (forbid_ignored_failures, forbid_run, forbid_continue_on_error)`,
    location: wf.action.location,
  }]
}

/** How a message names a job: a composite action's steps are `runs.steps`. */
function jobName(wf: Workflow, job: { id: string }): string {
  return wf.action ? 'runs.steps' : `job "${job.id}"`
}

function top(wf: Workflow) {
  return wf.on ?? { path: wf.path, line: 1, column: 1 }
}

function missingTriggers(wf: Workflow, required: string[]): Finding[] {
  const present = new Set(wf.triggers.map((t) => t.value))
  return required
    .filter((t) => !present.has(t))
    .map((t) => ({
      status: 'fail' as const,
      code: 'TRIGGER_MISSING',
      message: `${wf.path} is not triggered by "${t}" (on: ${[...present].join(', ') || 'nothing'})`,
      location: top(wf),
    }))
}

type DispatchInputOption = NonNullable<WorkflowOptions['dispatch_input']>

function dispatchInputFindings(wf: Workflow, want: DispatchInputOption): Finding[] {
  const mismatch = (message: string, location: Finding['location']): Finding => ({
    status: 'fail',
    code: 'WORKFLOW_INPUT_MISMATCH',
    message: `${wf.path}: workflow_dispatch input "${want.name}" ${message}`,
    location,
  })
  const input = wf.dispatch?.inputs.find((i) => i.name === want.name)
  if (!input) {
    const where = wf.dispatch ? (wf.dispatch.inputsLocation ?? wf.dispatch.location) : top(wf)
    const why = wf.dispatch ? 'is not declared' : 'is not declared (the workflow has no workflow_dispatch trigger)'
    return [mismatch(why, where)]
  }
  const findings: Finding[] = []
  if (want.type !== undefined) {
    // GitHub reads an input without `type:` as a string.
    const type = input.type?.value ?? 'string'
    if (type !== want.type) findings.push(mismatch(`has type "${type}", expected "${want.type}"`, input.type?.location ?? input.location))
  }
  if (want.required !== undefined) {
    const raw = input.required?.value
    const required = raw === true || raw === 'true'
    if (required !== want.required) {
      findings.push(mismatch(`is ${required ? '' : 'not '}required, expected ${want.required ? 'required: true' : 'required: false'}`, input.required?.location ?? input.location))
    }
  }
  if (want.options !== undefined) {
    const expected = (Array.isArray(want.options) ? want.options : [want.options]).map(String)
    const actual = input.options?.value ?? []
    const extra = actual.filter((o) => !expected.includes(o))
    const missing = expected.filter((o) => !actual.includes(o))
    if (extra.length || missing.length) {
      const parts = []
      if (missing.length) parts.push(`missing ${missing.map((o) => `"${o}"`).join(', ')}`)
      if (extra.length) parts.push(`extra ${extra.map((o) => `"${o}"`).join(', ')}`)
      findings.push(mismatch(`options differ from [${expected.join(', ')}]: ${parts.join('; ')}`, input.options?.location ?? input.location))
    }
  }
  return findings
}

/** A file whose steps the workflow runs, and how it was reached (empty for the file itself). */
interface Reached {
  wf: Workflow
  via: string
}

/**
 * The workflow and every local file it runs code from: the action each step `uses: ./…`
 * and the reusable workflow each job `uses: ./…` calls, recursively, each once per `seen`
 * (so a file several workflows use is judged once). One that cannot be read is a finding:
 * its steps are part of the caller's run.
 */
function reachable(wf: Workflow, repo: RepoReader, seen: Set<string>, via = ''): Array<Reached | Finding> {
  if (seen.has(wf.path)) return []
  seen.add(wf.path)
  const out: Array<Reached | Finding> = [{ wf, via }]
  for (const job of wf.jobs) {
    const calls = [
      ...(job.uses && isLocalAction(job.uses.value) ? [{ uses: job.uses, what: `job "${job.id}"`, ...loadLocalWorkflow(repo, job.uses.value), absent: 'which does not exist' }] : []),
      ...job.steps.flatMap((step) =>
        step.uses && isLocalAction(step.uses.value)
          ? [{ uses: step.uses, what: stepLabel(wf, job, step), ...loadLocalAction(repo, step.uses.value), absent: 'which has no action.yml or action.yaml' }]
          : [],
      ),
    ]
    for (const { uses, what, path, load, absent } of calls) {
      const by = ` (used by ${wf.path}:${uses.location.line} ${what})`
      if (load.kind === 'missing') {
        out.push({ status: 'missing', code: 'FILE_MISSING', message: `${wf.path}: ${what} uses "${uses.value}", ${absent}, so its steps cannot be checked`, location: uses.location })
      } else if (load.kind === 'unparsable') {
        out.push({ status: 'fail', code: 'WORKFLOW_UNPARSABLE', message: `${path}: ${load.message}${by}`, location: load.location })
      } else {
        pushAll(out, reachable(load.workflow, repo, seen, by))
      }
    }
  }
  return out
}

function stepLabel(wf: Workflow, job: WorkflowJob, step: WorkflowStep): string {
  return `${jobName(wf, job)} step ${step.name ? `"${step.name}"` : step.index + 1}`
}

/** Run lines of the file's own steps matching the regex. */
function forbiddenRuns(wf: Workflow, regex: SafeRegex, budget: ScanBudget, usedBy: string): Finding[] {
  const findings: Finding[] = []
  for (const job of wf.jobs) {
    for (const step of job.steps) {
      for (const line of step.run?.lines ?? []) {
        budget.charge(line.text.length, regex.cost, `matching the run: lines of ${wf.path}`)
        const hit = regex.find(line.text)
        if (!hit) continue
        findings.push({
          status: 'fail',
          code: 'PATTERN_FORBIDDEN',
          message: `${wf.path}: ${stepLabel(wf, job, step)} runs "${redactText(line.text.trim()).slice(0, 120)}", which matches the forbidden /${regex.source}/${usedBy}`,
          location: { path: wf.path, line: line.line, column: line.column + hit.index },
        })
      }
    }
  }
  return findings
}

/** What each form of discarding does, for the message. */
function discards(what: string): string {
  return what === 'set +e' ? 'so a failing command after it no longer fails the step' : 'so the failure of the command before it passes the step'
}

/** Statement-level `|| true` and `set +e` in the file's own steps (shell-tokens: substitutions, quotes, trap handlers, comments and heredocs aside). */
function ignoredFailureFindings(wf: Workflow, budget: ScanBudget, usedBy: string): Finding[] {
  const findings: Finding[] = []
  // A `defaults.run.shell` without errexit is reported once, at itself, not once per step.
  const shells = new Set<string>()
  for (const job of wf.jobs) {
    for (const step of job.steps) {
      if (!step.run || !(step.run.decoded ?? step.run.lines.map((l) => l.text).join('')).trim()) continue
      const kind = shellKind(step, job)
      const shell = step.shell
      if (kind === 'templated' && shell) {
        // One finding per `shell:` (a `defaults.run.shell` covers many steps), like the errexit one below.
        const key = `templated ${shell.location.line}:${shell.location.column}`
        if (!shells.has(key)) {
          shells.add(key)
          findings.push({
            status: 'blocked',
            code: 'RUN_SCRIPT_UNREADABLE',
            message: `${wf.path}: ${stepLabel(wf, job, step)} runs in \`shell: ${redactText(shell.value).slice(0, 120)}\`, a shell known only when the workflow runs, so whether its script discards a failure is unknown; name the shell${usedBy}`,
            location: shell.location,
          })
        }
        continue
      }
      if (kind !== 'posix') continue
      if (shell && withoutErrexit(shell.value) && !shells.has(`${shell.location.line}:${shell.location.column}`)) {
        shells.add(`${shell.location.line}:${shell.location.column}`)
        findings.push({
          status: 'fail',
          code: 'FAILURE_IGNORED',
          message: `${wf.path}: ${stepLabel(wf, job, step)} runs in \`shell: ${shell.value}\`, which does not pass -e, so a failing command before the script's last one does not fail the step; use \`shell: bash\` (GitHub adds -eo pipefail) or add -e${usedBy}`,
          location: shell.location,
        })
      }
      const script = runScript(step.run.lines, step.run.decoded, step.run.location)
      budget.charge(script.text.length, 1, `tokenizing the run: scripts of ${wf.path}`)
      const tokens = shellTokens(script.text)
      if (!tokens.ok) {
        const at = script.at(tokens.offset)
        findings.push({
          status: 'blocked',
          code: 'RUN_SCRIPT_UNREADABLE',
          message: `${wf.path}: ${stepLabel(wf, job, step)} runs a script whose statements cannot be told apart (${tokens.reason}), so whether it discards a failure is unknown; close it, or move the script to a file${usedBy}`,
          location: { path: wf.path, line: at.line, column: at.column },
        })
        continue
      }
      for (const hit of ignoredFailures(tokens.tokens)) {
        const at = script.at(hit.offset)
        findings.push({
          status: 'fail',
          code: 'FAILURE_IGNORED',
          message: `${wf.path}: ${stepLabel(wf, job, step)} runs "${redactText(at.text.trim()).slice(0, 120)}": \`${hit.what}\` discards a failure, ${discards(hit.what)}${usedBy}`,
          location: { path: wf.path, line: at.line, column: at.column },
        })
      }
    }
  }
  return findings
}

/** The shells whose syntax the tokenizer knows, by base name (`/bin/bash`, `/usr/bin/env dash`). */
const POSIX_SHELLS = new Set(['bash', 'sh', 'dash', 'zsh'])

/** A `shell:` split into the shell's base name and its arguments, `env` (and its options) looked through. */
function shellCommand(shell: string): { name: string; args: string[] } {
  const words = shell.trim().split(/\s+/)
  const base = (w: string | undefined) => (w ?? '').replace(/^.*\//, '')
  let i = 0
  if (base(words[0]) === 'env') {
    i++
    while (i < words.length && (words[i].startsWith('-') || words[i].includes('='))) i++
  }
  return { name: base(words[i]), args: words.slice(i + 1) }
}

/**
 * Whether the step's script is sh or bash (or dash, zsh): the tokenizer knows their syntax only
 * (a PowerShell backtick is an escape, not a substitution). No `shell:` means bash, except on a
 * runner named for Windows, where GitHub's default is pwsh. A `${{ }}` shell is known only at run time.
 */
function shellKind(step: WorkflowStep, job: WorkflowJob): 'posix' | 'other' | 'templated' {
  const windows = job.runsOn !== null && /windows/i.test(job.runsOn) && !job.runsOn.includes('${{')
  const shell = step.shell?.value ?? (windows ? 'pwsh' : 'bash')
  if (shell.includes('${{')) return 'templated'
  return POSIX_SHELLS.has(shellCommand(shell).name) ? 'posix' : 'other'
}

/** A custom shell template (`bash {0}`) whose options do not turn on errexit; `bash` and `sh` alone get -e from GitHub. */
function withoutErrexit(shell: string): boolean {
  if (!shell.includes('{0}')) return false
  return !errexitOption(shellCommand(shell).args, '-')
}

/**
 * The script as the shell receives it: a literal block's or a one-line plain scalar's source lines
 * joined by newlines, else YAML's decoded value; and where an offset in it sits in the file.
 */
function runScript(lines: ScriptLine[], decoded: string | null, location: { line?: number; column?: number }): { text: string; at(offset: number): ScriptLine } {
  if (decoded !== null) {
    // Escapes and folding make the decoded script's offsets differ from the source's: a finding sits at the `run:` value.
    return {
      text: decoded,
      at(offset) {
        const start = decoded.lastIndexOf('\n', offset - 1) + 1
        const end = decoded.indexOf('\n', offset)
        return { text: decoded.slice(start, end === -1 ? decoded.length : end), line: location.line ?? 1, column: location.column ?? 1 }
      },
    }
  }
  const starts: number[] = []
  let text = ''
  lines.forEach((l, i) => {
    if (i > 0) text += '\n'
    starts.push(text.length)
    text += l.text
  })
  return {
    text,
    at(offset) {
      let i = starts.length - 1
      while (i > 0 && starts[i] > offset) i--
      const l = lines[i]
      return { text: l.text, line: l.line, column: l.column + Math.min(offset - starts[i], l.text.length) }
    },
  }
}

function continueOnError(wf: Workflow, usedBy: string): Finding[] {
  // true, or an expression that may evaluate to true: either can turn a failure into a pass.
  const enabled = (v: unknown) => v === true || (typeof v === 'string' && (v.trim() === 'true' || v.includes('${{')))
  const findings: Finding[] = []
  for (const job of wf.jobs) {
    const sites = [
      ...(job.continueOnError ? [{ what: `job "${job.id}"`, coe: job.continueOnError }] : []),
      ...job.steps.flatMap((s) => (s.continueOnError ? [{ what: stepLabel(wf, job, s), coe: s.continueOnError }] : [])),
    ]
    for (const { what, coe } of sites) {
      if (!enabled(coe.value)) continue
      findings.push({
        status: 'fail',
        code: 'CONTINUE_ON_ERROR',
        message: `${wf.path}: ${what} sets continue-on-error: ${String(coe.value)}, so its failure would not fail the run${usedBy}`,
        location: coe.location,
      })
    }
  }
  return findings
}

const LEVEL: Record<string, number> = { none: 0, read: 1, write: 2 }

function permissionsExceeded(wf: Workflow, max: Record<string, 'read' | 'write' | 'none'>): Finding[] {
  const scopes = Object.keys(max).sort()
  const check = (perms: Permissions | null, where: string): Finding[] => {
    if (!perms) return []
    const exceeded = (scope: string, level: string, location: Finding['location']): Finding => ({
      status: 'fail',
      code: 'PERMISSION_EXCEEDED',
      message: `${wf.path}: ${where} grants ${scope}: ${level}, more than the allowed ${scope}: ${max[scope]}`,
      location,
    })
    if (perms.kind === 'all') {
      // write-all grants write to every scope, read-all grants read.
      const granted = perms.level === 'write-all' ? 2 : perms.level === 'read-all' ? 1 : undefined
      if (granted === undefined) return []
      const over = scopes.filter((s) => granted > LEVEL[max[s]])
      if (!over.length) return []
      return [{
        status: 'fail',
        code: 'PERMISSION_EXCEEDED',
        message: `${wf.path}: ${where} grants ${perms.level}, more than allowed for ${over.map((s) => `${s}: ${max[s]}`).join(', ')}`,
        location: perms.location,
      }]
    }
    return perms.scopes
      .filter((p) => p.scope in max && (LEVEL[p.level] ?? 0) > LEVEL[max[p.scope]])
      .map((p) => exceeded(p.scope, p.level, p.location))
  }
  return [check(wf.permissions, 'the workflow'), ...wf.jobs.map((j) => check(j.permissions, `job "${j.id}"`)), ...defaultPermissions(wf)].flat()
}

/**
 * Jobs whose token gets the repository's default permissions (neither the job nor the workflow
 * sets `permissions:`): the default is a repository setting this check cannot read, possibly
 * write to every scope, so no maximum can be vouched for. A workflow only other workflows call
 * runs with its caller's token, which the caller's own check bounds.
 */
function defaultPermissions(wf: Workflow): Finding[] {
  if (wf.permissions || (wf.triggers.length > 0 && wf.triggers.every((t) => t.value === 'workflow_call'))) return []
  const undeclared = wf.jobs.filter((j) => !j.permissions)
  if (!undeclared.length) return []
  const jobs = undeclared.map((j) => `"${j.id}"`).join(', ')
  // Where the author already scopes jobs one by one, the fix belongs on the job.
  const perJob = undeclared.length < wf.jobs.length
  return [{
    status: 'fail',
    code: 'PERMISSIONS_UNDECLARED',
    message: `${wf.path}: ${undeclared.length === 1 ? 'job' : 'jobs'} ${jobs} ${undeclared.length === 1 ? 'sets' : 'set'} no permissions: and neither does the workflow, so the token gets the repository's default permissions, which max_permissions cannot bound; add permissions: ${perJob ? 'to the job or ' : ''}at the top (e.g. permissions: { contents: read })`,
    location: perJob ? undeclared[0].location : top(wf),
  }]
}
