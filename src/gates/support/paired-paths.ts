// Paths with named captures, for co-changes that come in pairs: `migrations/<id>.up.sql`
// captures `003_users` from `migrations/003_users.up.sql`, and `migrations/<id>.down.sql`
// writes it back. `<name>` cannot be confused with glob braces (`{a,b}`), and keeping one
// `*` or capture per path segment makes each capture's text unambiguous: the segment is
// its literal prefix, the capture, its literal suffix. Matching walks segments (with `**`
// as whole segments) under a memo, so it is linear in the path however a file is named.

const CAPTURE = /<([^<>/]*)>/g
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/
/** Glob syntax a paired pattern does not take (it would make captures ambiguous). */
const OTHER_GLOB = /[?[\]{}()!\\]/

type Segment =
  | { kind: 'globstar' }
  | { kind: 'part'; prefix: string; token: null | { star: true } | { capture: string }; suffix: string }

export interface CapturePattern {
  source: string
  segments: Segment[]
  captures: string[]
}

export type Captures = Record<string, string>

/** Changed files are repository paths: a pattern outside the repository would never match. */
function outsideProblem(source: string): string | null {
  if (source.startsWith('/') || source.split('/').some((seg) => seg === '..' || seg === '.' || seg === '')) {
    return `"${source}" is not a repository path (no leading /, no empty, . or .. segments), so it would never match a changed file`
  }
  return null
}

/** A `changed` pattern: literal text, `*` and `**` globs and `<name>` captures. */
export function parseCapturePattern(source: string): { pattern: CapturePattern } | { problem: string } {
  const outside = outsideProblem(source)
  if (outside) return { problem: outside }
  if (/[<>]/.test(source.replace(CAPTURE, ''))) return { problem: `"${source}" has an unclosed "<" or a stray ">": a capture is <name>` }
  const segments: Segment[] = []
  const captures: string[] = []
  for (const seg of source.split('/')) {
    if (seg === '**') {
      segments.push({ kind: 'globstar' })
      continue
    }
    const names = [...seg.matchAll(CAPTURE)].map((m) => m[1])
    for (const name of names) {
      if (!NAME.test(name)) return { problem: `"<${name}>" in "${source}" is not a capture name: use letters, digits and _ (e.g. <id>)` }
      if (captures.includes(name)) return { problem: `"${source}" captures <${name}> twice; give each capture its own name` }
      captures.push(name)
    }
    const plain = seg.replace(CAPTURE, '')
    const other = OTHER_GLOB.exec(plain)
    if (other) {
      const braces = other[0] === '{' || other[0] === '}' ? ' (a capture is written <name>: {a,b} is a glob alternative)' : ''
      return { problem: `"${source}" uses "${other[0]}": a paired pattern takes literal text, *, ** (a whole segment) and <name> captures${braces}` }
    }
    if (plain.includes('**')) return { problem: `"${source}": ** stands for whole segments only (a/**/b)` }
    const stars = (plain.match(/\*/g) ?? []).length
    if (stars + names.length > 1) return { problem: `"${seg}" in "${source}" has more than one * or capture in one path segment, so where one ends and the next begins is ambiguous; capture the part once (<name>)` }
    const at = names.length ? seg.indexOf(`<${names[0]}>`) : seg.indexOf('*')
    if (at < 0) segments.push({ kind: 'part', prefix: seg, token: null, suffix: '' })
    else {
      const width = names.length ? names[0].length + 2 : 1
      segments.push({ kind: 'part', prefix: seg.slice(0, at), token: names.length ? { capture: names[0] } : { star: true }, suffix: seg.slice(at + width) })
    }
  }
  if (captures.length === 0) return { problem: `"${source}" captures nothing: name the part that pairs the files, e.g. migrations/<id>.up.sql (without one, use require_changed)` }
  return { pattern: { source, segments, captures } }
}

/** The problem of a `requires` template: literal text and captures `changed` defines. */
export function templateProblem(template: string, pattern: CapturePattern): string | null {
  const outside = outsideProblem(template)
  if (outside) return outside
  if (/[<>]/.test(template.replace(CAPTURE, ''))) return `"${template}" has an unclosed "<" or a stray ">": a capture is <name>`
  for (const m of template.matchAll(CAPTURE)) {
    if (!pattern.captures.includes(m[1])) return `"${template}" uses <${m[1]}>, which "${pattern.source}" does not capture (it captures ${pattern.captures.map((c) => `<${c}>`).join(', ')})`
  }
  const glob = /[*?[\]{}()!]/.exec(template.replace(CAPTURE, ''))
  if (glob) return `"${template}" uses "${glob[0]}": the paired file is named exactly, with literal text and <name> captures`
  return null
}

/** The captures of `path`, or null when it does not match. */
export function matchCaptures(pattern: CapturePattern, path: string): Captures | null {
  const parts = path.split('/')
  const segs = pattern.segments
  const failed = new Set<number>()
  const walk = (si: number, pi: number, captures: Captures): Captures | null => {
    if (si === segs.length) return pi === parts.length ? captures : null
    const key = si * (parts.length + 1) + pi
    if (failed.has(key)) return null
    const seg = segs[si]
    let out: Captures | null = null
    if (seg.kind === 'globstar') {
      for (let n = pi; n <= parts.length && !out; n++) out = walk(si + 1, n, captures)
    } else if (pi < parts.length) {
      const part = parts[pi]
      if (seg.token === null) out = part === seg.prefix ? walk(si + 1, pi + 1, captures) : null
      else {
        const middle = part.length - seg.prefix.length - seg.suffix.length
        const fits = part.startsWith(seg.prefix) && part.endsWith(seg.suffix) && middle >= ('capture' in seg.token ? 1 : 0)
        if (fits) {
          const next = 'capture' in seg.token ? { ...captures, [seg.token.capture]: part.slice(seg.prefix.length, part.length - seg.suffix.length) } : captures
          out = walk(si + 1, pi + 1, next)
        }
      }
    }
    // What fails from a position fails whatever was captured before it (captures never constrain later segments).
    if (!out) failed.add(key)
    return out
  }
  return walk(0, 0, {})
}

/** A template with its captures filled in. */
export function fillTemplate(template: string, captures: Captures): string {
  return template.replace(CAPTURE, (_m, name: string) => captures[name] ?? '')
}
