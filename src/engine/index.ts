// The engine's front door, shared by the CLI, the action and the tests: load the
// matrix (trusted text when given), evaluate it, return the sealed evidence.
import { evaluateMatrix } from './evaluate.js'
import type { RunContext } from '../core/run.js'
import type { Evidence } from '../evidence/types.js'
import { loadMatrix } from '../matrix/load.js'
import type { LoadedMatrix } from '../spec/types.js'
import { RepoReader } from '../repo/reader.js'
import { InputError } from '../core/errors.js'
import { unmatchedGlobProblems } from '../gates/support/unmatched-globs.js'

export interface CheckRequest {
  root: string
  /** Relative to root, posix. */
  matrixPath: string
  /** Trusted matrix content (e.g. from the PR's base commit) instead of the file on disk. */
  matrixText?: string
  run: Omit<RunContext, 'root' | 'matrixPath'>
}

export interface CheckResult {
  evidence: Evidence
  matrix: LoadedMatrix
  /** The reader the run used: which files it read. */
  repo: RepoReader
}

/** Throws InputError / UsageError (exit 2) for unusable input; never for findings. */
export async function runCheck(req: CheckRequest): Promise<CheckResult> {
  const repo = new RepoReader(req.root)
  const matrix = loadMatrix(repo, req.matrixPath, { text: req.matrixText })
  const evidence = await evaluateMatrix(matrix, repo, { ...req.run, root: req.root, matrixPath: matrix.path })
  return { evidence, matrix, repo }
}

/** Load and validate only (`gate-matrix validate`), including that every glob matches a file. */
export function validateMatrix(root: string, matrixPath: string): LoadedMatrix {
  const repo = new RepoReader(root)
  const matrix = loadMatrix(repo, matrixPath)
  const unmatched = unmatchedGlobProblems(matrix, repo)
  if (unmatched.length) throw new InputError(unmatched)
  return matrix
}
