// `code_scanning`: no open code scanning alert at or above a security severity on the ref.
// The severity is filtered here, not by the API (the `severity` parameter is missing from
// GitHub's OpenAPI description for github.com): every open alert on the ref is read, 100 a page.
import * as z from 'zod'
import { sharedCodes } from '../../core/codes.js'
import { type AssertionOutcome, type Finding, notApplicable, outcomeOf } from '../../core/outcome.js'
import { templatable } from '../../spec/template-schema.js'
import { type AssertionKind, withGitHub } from '../kit.js'

const SEVERITIES = ['low', 'medium', 'high', 'critical'] as const

export const codeScanningOptions = z
  .strictObject({
    severity: z.enum(SEVERITIES).optional().describe('Open alerts at or above this security severity fail (default high)'),
    ref: templatable(z.string().min(1)).optional().describe("The ref whose alerts count, e.g. refs/heads/${{ environment.branch }}; default the run's ref"),
    tool: z.string().min(1).optional().describe('Only this tool\'s alerts, e.g. CodeQL'),
  })
  .describe('No open code scanning alert at or above a security severity on the ref (security-events: read)')

export type CodeScanningOptions = z.infer<typeof codeScanningOptions>

/** Shown in a message: the first alerts, then how many more. */
const SHOWN = 10

export const codeScanningKind: AssertionKind<CodeScanningOptions> = {
  kind: 'code_scanning',
  description: 'No open code scanning alert at or above a security severity on the ref (security-events: read).',
  options: codeScanningOptions,
  needs: 'github',
  codes: {
    CODE_SCANNING_ALERTS_OPEN: { status: 'fail', meaning: 'Open code scanning alerts at or above the severity exist on the ref.' },
    CODE_SCANNING_FORBIDDEN: { status: 'blocked', meaning: 'GitHub refused to list code scanning alerts (403): code security is not enabled, or the token lacks security-events: read.' },
    CODE_SCANNING_NO_ANALYSIS: { status: 'missing', meaning: 'The ref has no code scanning analysis (404, or none by the `tool` named: a misspelt tool matches none): nothing shows it is free of alerts.' },
    ...sharedCodes('GITHUB_UNAVAILABLE', 'GITHUB_NOT_CONFIGURED'),
  },
  async evaluate(o, ctx): Promise<AssertionOutcome> {
    const ref = o.ref ?? ctx.run.github.ref
    if (!ref) return notApplicable("this run has no ref (a local check): give code_scanning a ref")
    const severity = o.severity ?? 'high'
    const floor = SEVERITIES.indexOf(severity)
    return withGitHub(ctx, ctx.declaredAt, async (api) => {
      const answer = await api.codeScanningAlerts(ref, o.tool)
      if (answer.kind !== 'alerts') {
        const forbidden = answer.kind === 'forbidden'
        const finding: Finding = forbidden
          ? { status: 'blocked', code: 'CODE_SCANNING_FORBIDDEN', message: `code scanning alerts of ${ref} could not be listed (HTTP 403: ${answer.message}): enable code security for the repository, and give the workflow security-events: read`, location: ctx.declaredAt }
          : { status: 'missing', code: 'CODE_SCANNING_NO_ANALYSIS', message: `${ref} has no code scanning analysis${o.tool ? ` by a tool named "${o.tool}"` : ''} (${answer.message}): run code scanning on it first${o.tool ? ', or fix the tool name (matched exactly, e.g. CodeQL)' : ''}`, location: ctx.declaredAt }
        return { ...outcomeOf([finding]), observations: [{ source: 'code_scanning', subject: ref, facts: { answer: forbidden ? 'forbidden' : 'no_analysis' } }] }
      }
      const counts = Object.fromEntries(SEVERITIES.map((s) => [s, 0])) as Record<string, number>
      for (const a of answer.alerts) if (a.security_severity && a.security_severity in counts) counts[a.security_severity]++
      const over = answer.alerts.filter((a) => a.security_severity !== null && SEVERITIES.indexOf(a.security_severity as (typeof SEVERITIES)[number]) >= floor)
      const observations = [{ source: 'code_scanning', subject: ref, facts: { open: answer.alerts.length, ...counts, severity, tool: o.tool ?? null } }]
      if (!over.length) return { result: 'pass', findings: [], observations }
      const shown = over.slice(0, SHOWN).map((a) => `#${a.number} ${a.rule} (${a.security_severity})`)
      const more = over.length > SHOWN ? `, and ${over.length - SHOWN} more` : ''
      return {
        ...outcomeOf([{ status: 'fail', code: 'CODE_SCANNING_ALERTS_OPEN', message: `${over.length} open code scanning alert${over.length === 1 ? '' : 's'} at or above ${severity} on ${ref}: ${shown.join(', ')}${more}`, location: ctx.matrix.doc.locate([...ctx.declaredPath, 'severity']).location }]),
        observations,
      }
    })
  },
}
