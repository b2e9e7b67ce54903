// `gate-matrix` commands. Returns the exit code: 0 clean, 1 blocked, 2 unusable input.
// Nothing here throws to the user: every error becomes a message and exit 2.
import { writeFileSync } from 'node:fs'
import { isAbsolute, join, relative } from 'node:path'
import { reasonCodes } from '../engine/codes.js'
import { runCheck, validateMatrix } from '../engine/index.js'
import { InputError, UsageError } from '../core/errors.js'
import { canonicalJson } from '../core/canonical-json.js'
import { writeCanonicalJson, writeCanonicalJsonFile } from '../core/canonical-stream.js'
import type { Evidence } from '../evidence/types.js'
import { renderText } from '../report/text.js'
import { GitHubUnavailableError } from '../core/github-port.js'
import { type Format, parseCommand, USAGE } from './args.js'
import { buildRunContext, resolveRoot } from './context.js'
import { DOCS_URL, VERSION } from '../core/version.js'
import { checkOutFolder, writeOut } from './out-file.js'
import { readNamedFile } from '../repo/regular-file.js'
import { runInit } from './init.js'

export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  env: NodeJS.ProcessEnv
  isTTY: boolean
}

function ruleDescriptions(): Record<string, string> {
  return Object.fromEntries(Object.entries(reasonCodes()).map(([code, c]) => [code, c.meaning]))
}

// Markdown, SARIF, merge and the schemas are loaded by the commands that use them only:
// a plain `check` starts without them.
async function render(e: Evidence, format: Format, color: boolean): Promise<string> {
  switch (format) {
    case 'markdown': {
      const { renderMarkdown } = await import('../report/markdown.js')
      return renderMarkdown(e, {})
    }
    case 'sarif': {
      const { renderSarif } = await import('../report/sarif.js')
      return canonicalJson(renderSarif(e, { toolVersion: VERSION, ruleDescriptions: ruleDescriptions(), reasonCodesUrl: `${DOCS_URL}/reason-codes.md` }), { pretty: true })
    }
    default:
      return renderText(e, { color })
  }
}

/** `inputs`: the files the run read, which --out may not overwrite. */
async function output(e: Evidence, format: Format, out: string | null, io: Io, inputs: string[]): Promise<number> {
  if (format === 'json') {
    // Streamed: the evidence of a large matrix may be longer than a string can be.
    if (out) writeOut(out, (path) => writeCanonicalJsonFile(path, e, { pretty: true }), inputs)
    else writeCanonicalJson(e, io.stdout, { pretty: true })
    return written(e, format, out, io)
  }
  const color = format === 'text' && out === null && io.isTTY && !io.env.NO_COLOR
  const text = await render(e, format, color)
  const line = text.endsWith('\n') ? text : `${text}\n`
  if (out) writeOut(out, (path) => writeFileSync(path, line), inputs)
  else io.stdout(line)
  return written(e, format, out, io)
}

function written(e: Evidence, format: Format, out: string | null, io: Io): number {
  if (out) io.stderr(`gate-matrix: ${e.verdict}, ${e.blockers.length} blocker${e.blockers.length === 1 ? '' : 's'}; ${format} written to ${out}\n`)
  return e.verdict === 'clean' ? 0 : 1
}

export async function main(argv: string[], io: Io): Promise<number> {
  try {
    const cmd = parseCommand(argv)
    switch (cmd.command) {
      case 'help':
        io.stdout(`${USAGE}\n`)
        return 0
      case 'version':
        io.stdout(`${VERSION}\n`)
        return 0
      case 'schema': {
        const schema = cmd.evidence ? (await import('../evidence/schema.js')).evidenceJsonSchema() : (await import('../matrix/json-schema.js')).matrixJsonSchema()
        io.stdout(canonicalJson(schema, { pretty: true }))
        return 0
      }
      case 'validate': {
        const root = resolveRoot(cmd.root)
        const m = validateMatrix(root, cmd.matrix)
        io.stdout(`${m.path}: valid (${m.spec.gates.length} gates, ${Object.keys(m.spec.environments).length} environments, ${m.digest})\n`)
        return 0
      }
      case 'init':
        return runInit({ ...cmd, root: resolveRoot(cmd.root), rootArg: cmd.root }, io)
      case 'merge': {
        if (cmd.out) checkOutFolder(cmd.out)
        const { mergeEvidence, parseEvidenceFile } = await import('../evidence/merge.js')
        const docs = cmd.files.map((path) => ({ path, evidence: parseEvidenceFile(path, readNamedFile(path, 'evidence file')) }))
        return await output(mergeEvidence(docs), cmd.format, cmd.out, io, cmd.files)
      }
      case 'check': {
        const root = resolveRoot(cmd.root)
        if (cmd.out) checkOutFolder(cmd.out)
        const run = await buildRunContext({ ...cmd, root }, io.env)
        // --matrix is relative to --root; an absolute path must lie inside it.
        let matrixPath = cmd.matrix
        if (isAbsolute(matrixPath)) {
          matrixPath = relative(root, matrixPath)
          if (matrixPath.startsWith('..')) throw new UsageError(`--matrix ${cmd.matrix} is outside --root ${root}`)
        }
        const { evidence, repo } = await runCheck({ root, matrixPath, run })
        const inputs = [join(root, matrixPath), ...repo.readFiles(), ...[cmd.changedFiles, cmd.event].filter((p): p is string => p !== null)]
        return await output(evidence, cmd.format, cmd.out, io, inputs)
      }
    }
  } catch (e) {
    if (e instanceof InputError) {
      io.stderr(`${e.message}\n${e.problems.length} problem${e.problems.length === 1 ? '' : 's'}: nothing was evaluated.\n`)
      return 2
    }
    if (e instanceof UsageError) {
      io.stderr(`gate-matrix: ${e.message}\n`)
      return 2
    }
    if (e instanceof GitHubUnavailableError) {
      io.stderr(`gate-matrix: the GitHub API could not be used: ${e.message}\n`)
      return 2
    }
    io.stderr(`gate-matrix: internal error: ${(e as Error)?.message ?? String(e)}\nThis is a bug in gate-matrix; please report it with the command you ran.\n`)
    return 2
  }
}
