// The job summary: appended to the file the runner names in GITHUB_STEP_SUMMARY, as
// @actions/core's summary.write() does, without its fs/promises (loading that costs every
// start a few milliseconds; scripts/build.mjs leaves core's summary out of the bundle).
import { appendFileSync } from 'node:fs'

export function appendStepSummary(markdown: string): void {
  const file = process.env.GITHUB_STEP_SUMMARY
  if (!file) throw new Error('GITHUB_STEP_SUMMARY is not set: this runner gives the step no job summary file')
  appendFileSync(file, markdown)
}
