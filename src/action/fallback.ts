// Without `checks: write` (a fork's read-only token) there is no check run: the most
// important findings become workflow-command annotations instead. GitHub shows at most
// 10 errors and 10 warnings (and 10 notices) per step, so only those are sent; the job
// summary and the exit code carry the rest.
import * as core from '@actions/core'
import type { Annotation } from '../core/github-port.js'

export const WORKFLOW_ANNOTATIONS_PER_LEVEL = 10

/** Sends the first 10 of each level (toAnnotations orders by severity, then place). Returns how many were sent. */
export function emitWorkflowAnnotations(annotations: Annotation[]): { sent: number; dropped: number } {
  const sentPerLevel = { failure: 0, warning: 0, notice: 0 }
  let sent = 0
  for (const a of annotations) {
    if (sentPerLevel[a.annotation_level] >= WORKFLOW_ANNOTATIONS_PER_LEVEL) continue
    sentPerLevel[a.annotation_level]++
    sent++
    const props: core.AnnotationProperties = {
      title: a.title,
      file: a.path,
      startLine: a.start_line,
      endLine: a.end_line,
      ...(a.start_column ? { startColumn: a.start_column, endColumn: a.end_column } : {}),
    }
    if (a.annotation_level === 'failure') core.error(a.message, props)
    else if (a.annotation_level === 'warning') core.warning(a.message, props)
    else core.notice(a.message, props)
  }
  return { sent, dropped: annotations.length - sent }
}
