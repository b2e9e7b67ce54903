// A GitHub workflow file as a model with positions: triggers in every `on:` form,
// workflow_dispatch inputs, jobs, steps, `run:` scripts line by line, job environments,
// permissions and continue-on-error. Built from the positioned node tree (not the plain
// value) so every part knows the line and column to point a finding at.
import type { Location } from '../core/location.js'
import type { RepoReader } from './reader.js'
import { normalizeRepoPath } from './paths.js'
import { parsePositioned, type PositionedDocument } from './yaml.js'
import type { YamlMap, YamlNode, YamlScalar } from './yaml-tree.js'

type Node = YamlNode
const isMap = (n: unknown): n is YamlMap => (n as YamlNode | null | undefined)?.kind === 'map'
const isSeq = (n: unknown): n is Extract<YamlNode, { kind: 'seq' }> => (n as YamlNode | null | undefined)?.kind === 'seq'
const isScalar = (n: unknown): n is YamlScalar => (n as YamlNode | null | undefined)?.kind === 'scalar'

export interface Located<T> {
  value: T
  location: Location
}

export interface WorkflowInput {
  name: string
  /** The input's key under `inputs:`. */
  location: Location
  /** Declared `type:` (GitHub's default is `string`). */
  type: Located<string> | null
  required: Located<unknown> | null
  /** Declared `options:` as strings, located at the list. */
  options: Located<string[]> | null
}

export interface WorkflowDispatch {
  /** The `workflow_dispatch` key. */
  location: Location
  /** The `inputs` key, when present. */
  inputsLocation: Location | null
  inputs: WorkflowInput[]
}

/** One source line of a `run:` script; `column` is where `text` starts in the file. */
export interface ScriptLine {
  text: string
  line: number
  column: number
}

export interface WorkflowStep {
  index: number
  name: string | null
  location: Location
  /**
   * `decoded`: the script as YAML decodes it, when its source lines are not the script itself
   * (a quoted or folded scalar, a plain one over several lines: escapes, folding, blank lines);
   * null for a literal block or a single-line plain scalar, whose `lines` are exact.
   */
  run: { location: Location; lines: ScriptLine[]; decoded: string | null } | null
  /** `uses:` as written (an action reference, e.g. `./.github/actions/x` or `owner/repo@v1`). */
  uses: Located<string> | null
  continueOnError: Located<unknown> | null
  /** The shell GitHub runs `run:` in: the step's `shell:`, else `defaults.run.shell` of the job, then of the workflow; null when none is set (bash, or pwsh on Windows). */
  shell: Located<string> | null
}

export type Permissions =
  /** `permissions: read-all | write-all` (or any other string GitHub may add). */
  | { kind: 'all'; level: string; location: Location }
  /** `permissions: { contents: read, … }`; `{}` means every scope is none. */
  | { kind: 'scopes'; location: Location; scopes: Array<{ scope: string; level: string; location: Location }> }

export interface WorkflowJob {
  id: string
  location: Location
  /** `environment:` as written (a name or `{name, url}`): the name may hold `${{ }}`. */
  environment: Located<string> | null
  permissions: Permissions | null
  continueOnError: Located<unknown> | null
  /** A job that calls a reusable workflow: its `uses:` (e.g. `./.github/workflows/build.yml` or `owner/repo/…@ref`). */
  uses: Located<string> | null
  steps: WorkflowStep[]
  /** `runs-on:` as written (a list joined with spaces); null when absent or not a string. */
  runsOn: string | null
  /** `strategy.matrix` as a plain value, when it is a mapping. */
  strategyMatrix: Record<string, unknown> | null
  /** `needs:` (one job or a list), each at its name; `needsKey` is the `needs:` key. */
  needs: Array<Located<string>>
  needsKey: Location | null
  /** The job's `if:` as written (without `${{ }}` it is an expression too). */
  condition: Located<string> | null
}

/** A filter under an event of `on:` (`push.branches`, `push.tags-ignore`…), its patterns as written. */
export interface TriggerFilter {
  event: string
  filter: string
  patterns: string[]
  location: Location
}

export interface Workflow {
  path: string
  /** The `on:` key, or null when the workflow has none. */
  on: Location | null
  triggers: Array<Located<string>>
  /** The branch, tag and path filters of each event of a mapping `on:`. */
  filters: TriggerFilter[]
  dispatch: WorkflowDispatch | null
  permissions: Permissions | null
  jobs: WorkflowJob[]
  /**
   * Set when the file is an action (`runs:` at the top), not a workflow: its `runs.using` (or
   * the `runs` key). A composite action's `runs.steps` are modelled as one job with the id
   * `runs`, so the step checks read them like a workflow's steps.
   */
  action: { using: string | null; location: Location } | null
}

export type WorkflowLoad =
  | { kind: 'ok'; workflow: Workflow }
  | { kind: 'missing' }
  /** Not YAML, not a mapping, or not readable; `location` has a line when one is known. */
  | { kind: 'unparsable'; message: string; location: Location }

/** Read and model a workflow file through the reader, once per reader. */
export function loadWorkflow(repo: RepoReader, path: string): WorkflowLoad {
  return repo.memo('workflow', path, () => modelWorkflow(repo, path))
}

function modelWorkflow(repo: RepoReader, path: string): WorkflowLoad {
  const text = repo.read(path)
  if (text.kind === 'missing') return { kind: 'missing' }
  if (text.kind === 'error') return { kind: 'unparsable', message: text.message, location: { path } }
  // Parsed here rather than through the reader's document cache: the model keeps every
  // position it needs, so the document (most of the memory of a large repository) can go.
  const doc = parsePositioned(normalizeRepoPath(path), text.text, 'reject')
  if (doc.problems.length) {
    const p = doc.problems[0]
    return { kind: 'unparsable', message: `not valid YAML: ${p.message}`, location: { path: doc.path, line: p.line, column: p.column } }
  }
  const root = doc.root
  if (!isMap(root)) {
    return { kind: 'unparsable', message: 'a workflow must be a YAML mapping (with `on:` and `jobs:`)', location: { path: doc.path, line: 1, column: 1 } }
  }
  return { kind: 'ok', workflow: buildWorkflow(doc, text.text, root) }
}

type Entry = { key: Node; value: Node | null }

/** The value node and key node of `key` in a mapping node. */
function entry(map: unknown, key: string): Entry | null {
  if (!isMap(map)) return null
  for (const pair of map.items) {
    if (isScalar(pair.key) && String(pair.key.value) === key) return pair
  }
  return null
}

/**
 * entry() of each of `keys`, in their order, in one pass over the mapping's keys (a job is
 * asked for ten). An array, not an object keyed by name: every result has one shape.
 */
function entries(map: unknown, keys: readonly string[]): Array<Entry | undefined> {
  const found: Array<Entry | undefined> = keys.map(() => undefined)
  if (!isMap(map)) return found
  for (const pair of map.items) {
    if (!isScalar(pair.key)) continue
    const i = keys.indexOf(String(pair.key.value))
    if (i !== -1) found[i] ??= pair
  }
  return found
}

const JOB_KEYS = ['continue-on-error', 'defaults', 'environment', 'if', 'needs', 'permissions', 'runs-on', 'steps', 'strategy', 'uses']
const STEP_KEYS = ['continue-on-error', 'name', 'run', 'shell', 'uses']

function scalarString(node: Node | null | undefined): string | null {
  if (!isScalar(node) || node.value === null || typeof node.value === 'object') return null
  return String(node.value)
}

function buildWorkflow(doc: PositionedDocument, source: string, root: YamlMap): Workflow {
  const loc = (node: Node | null | undefined): Location => doc.at(node?.start ?? 0)
  const located = <T>(node: Node | null, value: T): Located<T> => ({ value, location: loc(node) })

  const on = entry(root, 'on')
  const triggers: Array<Located<string>> = []
  const filters: TriggerFilter[] = []
  let dispatch: WorkflowDispatch | null = null
  if (on?.value) {
    const v = on.value
    if (isScalar(v) && scalarString(v)) triggers.push(located(v, scalarString(v) as string))
    else if (isSeq(v)) {
      for (const item of v.items) {
        const name = scalarString(item)
        if (name) triggers.push(located(item, name))
      }
    } else if (isMap(v)) {
      for (const pair of v.items) {
        const name = scalarString(pair.key)
        if (!name) continue
        triggers.push(located(pair.key, name))
        if (!isMap(pair.value)) continue
        for (const f of pair.value.items) {
          const filter = scalarString(f.key)
          if (filter === null) continue
          const items = isSeq(f.value) ? f.value.items : [f.value]
          const patterns = items.map((n) => scalarString(n)).filter((x): x is string => x !== null)
          filters.push({ event: name, filter, patterns, location: loc(f.value ?? f.key) })
        }
      }
      const wd = entry(v, 'workflow_dispatch')
      if (wd) dispatch = buildDispatch(wd.key, wd.value, loc)
    }
    if (!dispatch) {
      const t = triggers.find((x) => x.value === 'workflow_dispatch')
      if (t) dispatch = { location: t.location, inputsLocation: null, inputs: [] }
    }
  }

  const jobs: WorkflowJob[] = []
  const jobsNode = entry(root, 'jobs')?.value
  if (isMap(jobsNode)) {
    const workflowShell = defaultShell(entry(root, 'defaults'), loc)
    for (const pair of jobsNode.items) {
      const id = scalarString(pair.key)
      if (id !== null) jobs.push(buildJob(id, pair.key, pair.value, doc, source, loc, workflowShell))
    }
  }

  let action: Workflow['action'] = null
  const runs = entry(root, 'runs')
  if (runs && !on) {
    const using = entry(runs.value, 'using')
    action = { using: scalarString(using?.value), location: loc(using?.value ?? runs.key) }
    // The runner reads `using` case-insensitively (`Composite` is a composite action).
    if (action.using?.toLowerCase() === 'composite') jobs.push(buildJob('runs', runs.key, runs.value, doc, source, loc, null))
  }

  return {
    path: doc.path,
    action,
    on: on ? loc(on.key) : null,
    triggers,
    filters,
    dispatch,
    permissions: buildPermissions(entry(root, 'permissions')?.value ?? null, loc),
    jobs,
  }
}

function buildDispatch(key: Node, value: Node | null, loc: (n: Node | null) => Location): WorkflowDispatch {
  const inputsEntry = entry(value, 'inputs')
  const inputs: WorkflowInput[] = []
  if (isMap(inputsEntry?.value)) {
    for (const pair of inputsEntry.value.items) {
      const name = scalarString(pair.key)
      if (name === null) continue
      const spec = pair.value
      const type = entry(spec, 'type')
      const required = entry(spec, 'required')
      const options = entry(spec, 'options')
      const typeName = scalarString(type?.value)
      inputs.push({
        name,
        location: loc(pair.key),
        type: type && typeName !== null ? { value: typeName, location: loc(type.value) } : null,
        required: required ? { value: required.value?.value, location: loc(required.value ?? required.key) } : null,
        options: options
          ? {
              value: isSeq(options.value) ? options.value.items.map((n) => scalarString(n) ?? '').filter((s) => s !== '') : [],
              location: loc(options.value ?? options.key),
            }
          : null,
      })
    }
  }
  return { location: loc(key), inputsLocation: inputsEntry ? loc(inputsEntry.key) : null, inputs }
}

function buildPermissions(node: Node | null, loc: (n: Node | null) => Location): Permissions | null {
  if (!node) return null
  const level = scalarString(node)
  if (level !== null) return { kind: 'all', level, location: loc(node) }
  if (!isMap(node)) return null
  const scopes: Array<{ scope: string; level: string; location: Location }> = []
  for (const pair of node.items) {
    const scope = scalarString(pair.key)
    const value = scalarString(pair.value)
    if (scope !== null && value !== null) scopes.push({ scope, level: value, location: loc(pair.value) })
  }
  return { kind: 'scopes', location: loc(node), scopes }
}

/** `defaults.run.shell` of a workflow or job, from its `defaults` entry. */
function defaultShell(defaults: Entry | undefined | null, loc: (n: Node | null) => Location): Located<string> | null {
  return shellValue(entry(entry(defaults?.value, 'run')?.value, 'shell')?.value, loc)
}

function shellValue(node: Node | null | undefined, loc: (n: Node | null) => Location): Located<string> | null {
  const value = scalarString(node)
  return value !== null && node ? { value, location: loc(node) } : null
}

function buildJob(id: string, key: Node, job: Node | null, doc: PositionedDocument, source: string, loc: (n: Node | null) => Location, workflowShell: Located<string> | null): WorkflowJob {
  const [coe, defaults, envEntry, condition, needsEntry, permissions, runsOnEntry, stepsEntry, strategy, usesEntry] = entries(job, JOB_KEYS)
  const jobShell = defaultShell(defaults, loc) ?? workflowShell
  let environment: Located<string> | null = null
  const env = envEntry?.value
  const envName = isMap(env) ? entry(env, 'name')?.value : env
  const envString = scalarString(envName)
  if (envString !== null && envName) environment = { value: envString, location: loc(envName) }

  const steps: WorkflowStep[] = []
  const stepsNode = stepsEntry?.value
  if (isSeq(stepsNode)) {
    stepsNode.items.forEach((step, index) => {
      const [stepCoe, name, run, shell, usesEntry] = entries(step, STEP_KEYS)
      const uses = usesEntry?.value
      const usesString = scalarString(uses)
      steps.push({
        index,
        name: scalarString(name?.value),
        location: loc(step),
        run: run && isScalar(run.value) ? runOf(run.value, run.key, doc, source, loc) : null,
        uses: usesString !== null && uses ? { value: usesString, location: loc(uses) } : null,
        continueOnError: stepCoe ? { value: plain(stepCoe.value), location: loc(stepCoe.value ?? stepCoe.key) } : null,
        shell: shellValue(shell?.value, loc) ?? jobShell,
      })
    })
  }
  const runsOnNode = runsOnEntry?.value
  const runsOn = isSeq(runsOnNode) ? runsOnNode.items.map(scalarString).join(' ') : scalarString(runsOnNode)
  const matrix = entry(strategy?.value, 'matrix')?.value
  const jobUses = usesEntry?.value
  const jobUsesString = scalarString(jobUses)
  const needsNodes = isSeq(needsEntry?.value) ? needsEntry.value.items : needsEntry?.value ? [needsEntry.value] : []
  const needs = needsNodes.flatMap((n) => {
    const name = scalarString(n)
    return name === null ? [] : [{ value: name, location: loc(n) }]
  })
  const conditionText = scalarString(condition?.value)
  return {
    id,
    location: loc(key),
    environment,
    permissions: buildPermissions(permissions?.value ?? null, loc),
    continueOnError: coe ? { value: plain(coe.value), location: loc(coe.value ?? coe.key) } : null,
    uses: jobUsesString !== null && jobUses ? { value: jobUsesString, location: loc(jobUses) } : null,
    steps,
    runsOn,
    strategyMatrix: isMap(matrix) ? (matrix.value as Record<string, unknown>) : null,
    needs,
    needsKey: needsEntry ? loc(needsEntry.key) : null,
    condition: condition && conditionText !== null ? { value: conditionText, location: loc(condition.value) } : null,
  }
}

function runOf(node: YamlScalar, key: Node, doc: PositionedDocument, source: string, loc: (n: Node | null) => Location): NonNullable<WorkflowStep['run']> {
  const lines = scriptLines(node, key, doc, source)
  const newline = source.indexOf('\n', node.start)
  const exact = node.style === 'literal' || (node.style === 'plain' && (newline === -1 || newline >= node.end))
  return { location: loc(node), lines, decoded: exact ? null : (scalarString(node) ?? '') }
}

function plain(node: Node | null): unknown {
  return node ? node.value : null
}

/**
 * The source lines of a `run:` scalar with their exact positions. Block scalars
 * (`|`, `>`) start on the line after their header, indented; a plain or quoted scalar
 * starts at the node and may continue on further lines. Lines are taken from the source
 * text (not the folded value), so a match points at the line as the author wrote it.
 */
export function scriptLines(node: YamlScalar, key: Node, doc: PositionedDocument, source: string): ScriptLine[] {
  const { start, end } = node
  const raw = source.slice(start, end).split('\n')
  for (let i = 0; i < raw.length; i++) if (raw[i].endsWith('\r')) raw[i] = raw[i].slice(0, -1)
  const first = doc.at(start)
  const firstLine = first.line ?? 1
  const firstColumn = first.column ?? 1
  const out: ScriptLine[] = []
  if (node.style === 'literal' || node.style === 'folded') {
    const explicit = /^[|>][+-]?([1-9])/.exec(raw[0])
    // The indentation indicator counts from the parent mapping's indentation: the key's column.
    let indent = explicit ? (doc.at(key.start).column ?? 1) - 1 + Number(explicit[1]) : -1
    for (let i = 1; i < raw.length; i++) {
      const l = raw[i]
      if (blank(l)) continue
      // Without an indicator, the first line with content sets the indentation.
      if (indent < 0) indent = l.length - l.trimStart().length
      out.push({ text: l.slice(indent), line: firstLine + i, column: indent + 1 })
    }
    return out
  }
  const quoted = node.style === 'double' || node.style === 'single'
  raw.forEach((l, i) => {
    let text = i === 0 ? l : l.trimStart()
    let column = i === 0 ? firstColumn : l.length - text.length + 1
    if (quoted && i === 0) {
      text = text.slice(1)
      column++
    }
    if (quoted && i === raw.length - 1) text = text.slice(0, -1)
    if (!blank(text)) out.push({ text, line: firstLine + i, column })
  })
  return out
}

/** `line.trim() === ''` without building the trimmed line: a script line mostly starts with spaces, then ASCII. */
function blank(line: string): boolean {
  for (let i = 0; i < line.length; i++) {
    const c = line.charCodeAt(i)
    if (c === 32 || c === 9) continue
    // Printable ASCII is never whitespace; anything else is left to trim().
    return c > 32 && c < 127 ? false : line.trim() === ''
  }
  return true
}
