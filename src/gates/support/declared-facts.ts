// Facts an environment or a recovery link declares that name something in the repository:
// a release manifest, a rollback manifest, a markdown heading. Each must exist: one that
// does not is a finding, never a silent pass. Used by the artifacts-exist built-in.
import type { Location } from '../../core/location.js'
import type { Finding } from '../../core/outcome.js'
import { readMarkdown } from './markdown-reading.js'
import { headingSlugs } from '../../repo/heading-slugs.js'
import type { AssertionContext } from '../kit.js'

/**
 * Whether a rollback `manifest_or_revision` is a path rather than a revision: it has a `/`
 * or ends in a file extension (a `.` then a letter: `v1.2.3` is a tag, `deploy.yaml` a file).
 * `refs/…` is a git ref, however many slashes it has.
 */
export function looksLikePath(value: string): boolean {
  if (value.startsWith('refs/')) return false
  return value.includes('/') || /\.[A-Za-z][A-Za-z0-9]*$/.test(value)
}

/** MANIFEST_MISSING for each environment's release_manifest, and rollback manifest that is a path, that does not exist. */
export function declaredManifestFindings(ctx: AssertionContext, present: (path: string) => boolean): Finding[] {
  const { spec, doc, path: matrixPath } = ctx.matrix
  const findings: Finding[] = []
  for (const [name, env] of Object.entries(spec.environments)) {
    const facts: Array<{ value: string | undefined; what: string; keyPath: Array<string | number> }> = [
      { value: env.release_manifest, what: 'release_manifest', keyPath: ['environments', name, 'release_manifest'] },
      {
        value: env.rollback && looksLikePath(env.rollback.manifest_or_revision) ? env.rollback.manifest_or_revision : undefined,
        what: 'rollback manifest_or_revision',
        keyPath: ['environments', name, 'rollback', 'manifest_or_revision'],
      },
    ]
    for (const { value, what, keyPath } of facts) {
      if (value === undefined || present(value)) continue
      findings.push({
        status: 'fail',
        code: 'MANIFEST_MISSING',
        message: `environment "${name}" names the ${what} "${value}" (${matrixPath}:${doc.locate(keyPath).location.line}), which does not exist`,
        location: { path: value },
      })
    }
  }
  return findings
}

const MARKDOWN = /\.(md|markdown|mdx)$/i

/**
 * RECOVERY_ANCHOR_MISSING when `recovery` (`doc.md#anchor`) names a heading the markdown doc
 * does not have, by GitHub's slugs; FILE_UNREADABLE when the doc cannot be read to tell.
 * Anchors of other files (`#L10`) are not judged.
 */
export function recoveryAnchorFinding(ctx: AssertionContext, path: string, recovery: string, who: string, where: string, at: Location): Finding | null {
  const hash = recovery.indexOf('#')
  if (hash < 0 || !MARKDOWN.test(path)) return null
  let anchor = recovery.slice(hash + 1).trim()
  try {
    anchor = decodeURIComponent(anchor)
  } catch {
    // Not percent-encoded text: compared as written.
  }
  anchor = anchor.toLowerCase().replace(/^user-content-/, '')
  if (anchor === '') return null
  const read = ctx.repo.read(path)
  if (read.kind !== 'ok') {
    const why = read.kind === 'error' ? read.message : 'it does not exist'
    return { status: 'blocked', code: 'FILE_UNREADABLE', message: `${who} links "${recovery}" (${where}), but the doc cannot be read to find its heading: ${why}`, location: { path } }
  }
  // Headings only: the links reading has them all, and a `docs` gate on the doc shares it.
  const slugs = headingSlugs(readMarkdown(ctx.repo, path, read.text, false).headings)
  if (slugs.includes(anchor)) return null
  const known = slugs.length ? `its headings' anchors are ${slugs.slice(0, 10).map((s) => `#${s}`).join(', ')}${slugs.length > 10 ? ', …' : ''}` : 'it has no headings'
  return {
    status: 'fail',
    code: 'RECOVERY_ANCHOR_MISSING',
    message: `${who} links "${recovery}" (${where}), but ${path} has no heading with the anchor #${anchor}: ${known}`,
    location: at,
  }
}
