// What a live gate may probe: an https URL (or a bare host) whose host is one the matrix
// declares under the environment's `hosts`, with no credential in it. A URL that breaks a
// rule is a finding at the option and is never probed or quoted.
import * as z from 'zod'
import { urlCarriesCredential } from '../../core/redact.js'
import { hasExpression } from '../../core/template.js'
import type { Finding } from '../../core/outcome.js'
import type { AssertionContext } from '../kit.js'

/** A DNS host name (letters, digits, dots, hyphens): no port, path or userinfo. */
export const HOST_NAME = /^[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?(\.[A-Za-z0-9]([A-Za-z0-9-]*[A-Za-z0-9])?)*\.?$/

/** A host option: a host name, or text with `${{ }}` (judged by hostTarget once resolved, as the
 * value is only known per environment). */
export function hostOption(example: string) {
  return z
    .string()
    .min(1)
    .refine((s) => hasExpression(s) || HOST_NAME.test(s), `expected a host name such as ${example}, or \${{ environment.hosts.NAME }}`)
}

export type Target = { url: URL; allowPrivate: boolean } | { finding: Finding }

/** The environment's declared host names, lower-cased. */
export function declaredHosts(ctx: AssertionContext): string[] {
  return Object.values(ctx.environment?.hosts ?? {}).map((h) => h.toLowerCase())
}

/** Checks a URL built from the options (already resolved) against the environment. */
export function liveTarget(ctx: AssertionContext, raw: string, option: string): Target {
  const location = ctx.matrix.doc.locate([...ctx.declaredPath, option]).location
  const refuse = (message: string, code = 'PROBE_URL_REFUSED'): Target => ({ finding: { status: 'fail', code, message, location } })
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return refuse(`${option} is not a URL after expressions were resolved: write https://HOST/path with a declared host`)
  }
  if (urlCarriesCredential(raw)) {
    // Never quote it: the value is the secret.
    return refuse(`${option} carries a credential (userinfo, a secret-named query key or a token-like value): live probes never send one; remove it`)
  }
  if (url.protocol !== 'https:') return refuse(`${option} must be an https:// URL (live gates judge what users get over TLS), not ${url.protocol}`)
  const host = url.hostname.toLowerCase()
  const env = ctx.environment
  const hosts = declaredHosts(ctx)
  if (!env || !hosts.includes(host)) {
    const where = env ? `environment ${env.name}` : 'this run'
    return refuse(`${host} is not a host of ${where} (declared: ${hosts.join(', ') || 'none'}): add it under hosts, or probe a declared one`, 'PROBE_HOST_UNDECLARED')
  }
  return { url, allowPrivate: env.internal === true }
}

/** Checks a resolved host option, then the URL `https://HOST` + `rest` built from it. */
export function hostTarget(ctx: AssertionContext, host: string, option: string, rest: string): Target {
  if (!HOST_NAME.test(host)) {
    const location = ctx.matrix.doc.locate([...ctx.declaredPath, option]).location
    // Not quoted: what it resolved to is not known to be harmless.
    const message = `${option} is not a host name after expressions were resolved: use a declared one, e.g. \${{ environment.hosts.NAME }}`
    return { finding: { status: 'fail', code: 'PROBE_URL_REFUSED', message, location } }
  }
  return liveTarget(ctx, `https://${host}${rest}`, option)
}
