// Errors that end a run with exit code 2 (unusable input). Each carries positions so
// the user is told `path:line:column: message` and what to do; never a stack trace.
import type { Location } from './location.js'

export interface Problem {
  location: Location
  message: string
}

export function formatLocation(l: Location): string {
  return l.line ? `${l.path}:${l.line}:${l.column ?? 1}` : l.path
}

export function formatProblem(p: Problem): string {
  return `${formatLocation(p.location)}: ${p.message}`
}

/** The matrix (or another input file) is unusable: every problem at once. */
export class InputError extends Error {
  constructor(readonly problems: Problem[]) {
    super(problems.map(formatProblem).join('\n'))
    this.name = 'InputError'
  }
}

/** A command-line or action input is wrong (no file position to give). */
export class UsageError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'UsageError'
  }
}
