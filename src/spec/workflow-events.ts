// GitHub's workflow trigger events ("Events that trigger workflows" in GitHub's docs):
// a `when.events` or `workflow.triggers` entry outside this list can never match, so it
// would switch its rule off silently.
import { isSupportedEvent, SUPPORTED_EVENTS } from '../core/run.js'
import { suggestion } from '../core/text.js'

export const WORKFLOW_EVENTS = [
  'branch_protection_rule',
  'check_run',
  'check_suite',
  'create',
  'delete',
  'deployment',
  'deployment_status',
  'discussion',
  'discussion_comment',
  'fork',
  'gollum',
  'image_version',
  'issue_comment',
  'issues',
  'label',
  'merge_group',
  'milestone',
  'page_build',
  'project',
  'project_card',
  'project_column',
  'public',
  'pull_request',
  'pull_request_review',
  'pull_request_review_comment',
  'pull_request_target',
  'push',
  'registry_package',
  'release',
  'repository_dispatch',
  'schedule',
  'status',
  'watch',
  'workflow_call',
  'workflow_dispatch',
  'workflow_run',
] as const

/** Why `name` can never match a run's event, or null when it is a workflow event
 * (or an expression, judged once resolved). */
export function unknownEventProblem(name: string): string | null {
  const known: readonly string[] = WORKFLOW_EVENTS
  if (name.includes('${{') || known.includes(name)) return null
  return `"${name}" is not a GitHub workflow event${suggestion(name, known)}, so it never matches; see "Events that trigger workflows" in GitHub's docs`
}

/** As unknownEventProblem, for `when.events`: gate-matrix itself runs on fewer events, and
 * a gate limited to another one would never apply. */
export function whenEventProblem(name: string): string | null {
  const unknown = unknownEventProblem(name)
  if (unknown || name.includes('${{') || isSupportedEvent(name)) return unknown
  return `gate-matrix does not run on "${name}" events (only ${SUPPORTED_EVENTS.join(', ')}), so a gate limited to it never applies`
}
