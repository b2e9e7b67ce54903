// `gate-matrix` commands. Returns the exit code: 0 clean, 1 blocked, 2 unusable input.
// Nothing here throws to the user: every error becomes a message and exit 2.
import { readFileSync, writeFileSync } from 'node:fs'
import { isAbsolute, relative } from 'node:path'
import { reasonCodes } from '../codes.js'
import { runCheck, validateMatrix } from '../engine.js'
import { InputError, UsageError } from '../errors.js'
import { parseEvidenceFile, mergeEvidence } from '../evidence/merge.js'
import { evidenceJsonSchema } from '../evidence/schema.js'
import { canonicalJson } from '../evidence/seal.js'
import { writeCanonicalJson, writeCanonicalJsonFile } from '../evidence/canonical-stream.js'
import type { Evidence } from '../evidence/types.js'
import { matrixJsonSchema } from '../matrix/json-schema.js'
import { renderMarkdown } from '../report/markdown.js'
import { renderSarif } from '../report/sarif.js'
import { renderText } from '../report/text.js'
import { GitHubUnavailableError } from '../evaluate/github-state.js'
import { parseCommand, USAGE, type Format } from './args.js'
import { buildRunContext, resolveRoot } from './context.js'
import { VERSION } from '../version.js'

export interface Io {
  stdout: (text: string) => void
  stderr: (text: string) => void
  env: NodeJS.ProcessEnv
  isTTY: boolean
}

function render(e: Evidence, format: Format, color: boolean): string {
  switch (format) {
    case 'markdown':
      return renderMarkdown(e, {})
    case 'sarif':
      return canonicalJson(renderSarif(e, { toolVersion: VERSION, ruleDescriptions: reasonCodes() }), { pretty: true })
    default:
      return renderText(e, { color })
  }
}

function output(e: Evidence, format: Format, out: string | null, io: Io): number {
  if (format === 'json') {
    // Streamed: the evidence of a large matrix may be longer than a string can be.
    if (out) writeCanonicalJsonFile(out, e, { pretty: true })
    else writeCanonicalJson(e, io.stdout, { pretty: true })
    return written(e, format, out, io)
  }
  const color = format === 'text' && out === null && io.isTTY && !io.env.NO_COLOR
  const text = render(e, format, color)
  if (out) writeFileSync(out, text.endsWith('\n') ? text : `${text}\n`)
  else io.stdout(text.endsWith('\n') ? text : `${text}\n`)
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
      case 'schema':
        io.stdout(canonicalJson(cmd.evidence ? evidenceJsonSchema() : matrixJsonSchema(), { pretty: true }))
        return 0
      case 'validate': {
        const root = resolveRoot(cmd.root)
        const m = validateMatrix(root, cmd.matrix)
        io.stdout(`${m.path}: valid (${m.spec.gates.length} gates, ${Object.keys(m.spec.environments).length} environments, ${m.digest})\n`)
        return 0
      }
      case 'merge': {
        const docs = cmd.files.map((path) => {
          let text: string
          try {
            text = readFileSync(path, 'utf8')
          } catch (e) {
            throw new UsageError(`evidence file ${path} could not be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`)
          }
          return { path, evidence: parseEvidenceFile(path, text) }
        })
        return output(mergeEvidence(docs), cmd.format, cmd.out, io)
      }
      case 'check': {
        const root = resolveRoot(cmd.root)
        const run = await buildRunContext({ ...cmd, root }, io.env)
        // --matrix is relative to --root; an absolute path must lie inside it.
        let matrixPath = cmd.matrix
        if (isAbsolute(matrixPath)) {
          matrixPath = relative(root, matrixPath)
          if (matrixPath.startsWith('..')) throw new UsageError(`--matrix ${cmd.matrix} is outside --root ${root}`)
        }
        const { evidence } = await runCheck({ root, matrixPath, run })
        return output(evidence, cmd.format, cmd.out, io)
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
