// A throwaway repository on disk for engine tests: files from a map, removed by the OS's
// temp cleaning (tests call `cleanup()` where they can).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { emptyFacts } from '../../src/run-facts/event.js'
import type { RunContext } from '../../src/core/run.js'

/** Write `files` (path → text or bytes) under `root`, making directories as needed. */
export function writeTree(root: string, files: Record<string, string | Buffer>): void {
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true })
    writeFileSync(join(root, path), content)
  }
}

export function makeRepo(files: Record<string, string | Buffer>): { root: string; cleanup: () => void } {
  const root = mkdtempSync(join(tmpdir(), 'gm-repo-'))
  writeTree(root, files)
  return { root, cleanup: () => rmSync(root, { recursive: true, force: true }) }
}

/** A local run with no event, no change set and no API, on a fixed date. */
export function localRun(over: Partial<Omit<RunContext, 'root' | 'matrixPath'>> = {}): Omit<RunContext, 'root' | 'matrixPath'> {
  return {
    github: emptyFacts(),
    inputs: {},
    changes: { kind: 'none', reason: 'no change set was given' },
    profile: null,
    environments: [],
    today: '2026-11-01',
    api: null,
    apiUnavailableReason: 'no GitHub API access in this test',
    selfCheckName: null,
    ...over,
  }
}
