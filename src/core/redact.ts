// What a finding may say about a file's content. Files that hold secrets (.env files,
// keys, credentials…) are never quoted: their findings name the key and the line. Every
// other value is redacted by what it looks like (credentials in URLs, well-known token
// shapes, PEM private keys, high-entropy strings) and by the name of the key holding it.
// The kinds redact where they build messages; the evidence seal, the reporters and the
// action redact again as a last line of defence, so redaction is deterministic (the
// evidence digest covers its output) and idempotent (a second pass changes nothing).
import { BoundedCache } from './bounded-cache.js'

export const REDACTED = '<redacted>'

/** File names (the last path segment) that hold secrets: env files, keys, credential stores. */
const SECRET_FILE_NAMES: readonly RegExp[] = [
  /^\.env/i, // .env, .env.production, .env.local, .envrc…
  /\.env$/i, // production.env
  /\.(pem|key|p12|pfx|p8|jks|keystore|ppk|asc|gpg|tfvars)$/i,
  /^id_(rsa|dsa|ecdsa|ed25519)/i, // id_rsa, id_ed25519.pub…
  /^(\.npmrc|\.pypirc|\.netrc|_netrc|\.pgpass|\.htpasswd|\.git-credentials|\.dockercfg)$/i,
  /^credentials/i, // credentials, credentials.json…
  /^secrets?\.(json|ya?ml|toml|ini|env|txt|properties|conf)$/i, // secrets.yaml, secret.json
  /(^|[-_.])(secrets?|credentials?)([-_.][^/]*)?\.(json|ya?ml|toml|ini|env|txt|properties|conf|xml)$/i, // gcp-credentials.json, app-secrets.yaml (not code or docs about them)
  /\.tfvars\.json$/i,
  /^service[-_]?account.*\.json$/i, // Google service account keys
]

/** Directories whose files hold secrets, at any depth. */
const SECRET_DIRS = new Set(['secrets', 'secret', '.secrets', '.ssh', '.aws', '.docker', '.kube'])

/** Paths answered so far: a data gate asks once per value it walks (about 25 ms on the bench). */
const secretFiles = new BoundedCache<string, boolean>(10_000)

function secretFile(path: string): boolean {
  const segments = path.split('/')
  const name = segments[segments.length - 1]
  return SECRET_FILE_NAMES.some((re) => re.test(name)) || segments.slice(0, -1).some((s) => SECRET_DIRS.has(s.toLowerCase()))
}

/** Whether a repository path names a file that holds secrets (see SECRET_FILE_NAMES, SECRET_DIRS). */
export function isSecretFile(path: string): boolean {
  return secretFiles.get(path, secretFile)
}

/** Key names whose values are secrets, anywhere in a data path (STRIPE_SK, db.password…). */
const SECRET_KEY = /SECRET|TOKEN|PASSW(OR)?D|PWD|KEY|PRIVATE|CREDENTIAL|AUTH|DSN|(^|[_.-])SK($|[_.-])/i

export function isSecretKey(key: string | number): boolean {
  return typeof key === 'string' && SECRET_KEY.test(key)
}

/** A value no message may show: under a secret-named key, or anywhere in a secret-holding file. */
export function isSecretValue(file: string, keyPath: ReadonlyArray<string | number>): boolean {
  return isSecretFile(file) || keyPath.some(isSecretKey)
}

/** A name in text (`DB_PASSWORD=`, `"client_secret":`) that says its value is secret. */
const SECRET_NAME_IN_TEXT = /PASSW(OR)?D|PWD|SECRET|TOKEN|API[_-]?KEY|ACCESS[_-]?KEY|PRIVATE[_-]?KEY|AUTH|CREDENTIALS?/i

// Each rule leaves its own output unchanged, so redacting twice gives the same text.
const RULES: ReadonlyArray<[RegExp, string | ((match: string, ...groups: string[]) => string)]> = [
  // PEM private key blocks, to their END line (or the end of the text when it was cut).
  [/-----BEGIN ([A-Z0-9 ]*)PRIVATE KEY( BLOCK)?-----[\s\S]*?(?:-----END [A-Z0-9 ]*PRIVATE KEY(?: BLOCK)?-----|$)/g, `-----BEGIN $1PRIVATE KEY$2-----${REDACTED}-----END $1PRIVATE KEY$2-----`],
  // Credentials in URLs: scheme://user:password@host keeps the user, scheme://token@host keeps nothing.
  // (A run starts only where the previous character cannot continue it: linear time.)
  // The password runs to the authority's last `@`, so one holding `@` or `#` is redacted whole.
  [/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)([^\s:@/?#]*):[^\s/]+@/gi, '$1$2:***@'],
  [/(?<![a-z0-9+.-])([a-z][a-z0-9+.-]*:\/\/)[A-Za-z0-9_~.%+-]{16,}@/gi, '$1***@'],
  // Authorization header values (a credential has a digit or a symbol; "basic checks" is prose).
  [/\b(Bearer|Basic)\s+(?=[A-Za-z._~+/-]*[0-9+/=._~-])[A-Za-z0-9._~+/-]{8,}=*/gi, `$1 ${REDACTED}`],
  // Well-known token shapes.
  [/\b(?:gh[pousr]_[A-Za-z0-9]{30,}|github_pat_[A-Za-z0-9_]{30,})/g, REDACTED], // GitHub
  [/\b(?:[rs]k_(?:live|test)_[A-Za-z0-9]{8,}|whsec_[A-Za-z0-9]{16,})/g, REDACTED], // Stripe
  [/\b(?:AKIA|ASIA|ABIA|ACCA|AGPA|AIDA|AIPA|ANPA|ANVA|AROA|APKA)[A-Z0-9]{16}\b/g, REDACTED], // AWS access key ids
  [/\bxox[abposr]-[A-Za-z0-9-]{10,}|\bxapp-[A-Za-z0-9-]{10,}/g, REDACTED], // Slack
  [/(hooks\.slack\.com\/services\/)[A-Za-z0-9/]+/g, `$1${REDACTED}`], // Slack webhooks
  [/\bAIza[0-9A-Za-z_-]{30,}/g, REDACTED], // Google API keys
  [/\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]*/g, REDACTED], // JWTs
  [/\b(?:npm_[A-Za-z0-9]{30,}|glpat-[A-Za-z0-9_-]{20,}|sk-(?:proj-)?[A-Za-z0-9_-]{20,})/g, REDACTED], // npm, GitLab, OpenAI
  // name=value where the name says secret (API_KEY=…, "password": "…"); a quoted value is
  // redacted to its closing quote, spaces and all. After a colon only a
  // quoted value or one with a digit or symbol: "jobs.env.TOKEN: jobs.env is …" is a path.
  [/(?<![A-Za-z0-9_.-])([A-Za-z0-9_.-]+)(["']?\s*=\s*|["']?\s*:\s*(?=["']|[^\s"',;]{0,64}?[0-9!#$%^&*+/=?~]))(["']?)(?!\*\*\*|<redacted>)(?:(?<=")[^"\n]*|(?<=')[^'\n]*|[^\s"',;&]+)/g,
    (match, name: string, separator: string, quote: string) => (SECRET_NAME_IN_TEXT.test(name) ? `${name}${separator}${quote}***` : match)],
  // Anything else that looks random (`=` only as base64 padding: NAME=value is judged by its value).
  [/[A-Za-z0-9+/_-]{20,}=*/g, (run) => redactRun(run)],
]

/** A URL or file path (`/repos/octo/app/commits/<sha>/check-runs`) is judged segment by
 * segment: most of its segments are lower-case words, which base64 blobs never have. */
function redactRun(run: string): string {
  const segments = run.split('/')
  const words = segments.filter((seg) => /^[a-z][a-z_-]*$/.test(seg)).length
  if (segments.length >= 3 && words * 2 >= segments.filter(Boolean).length) return segments.map((seg) => (isHighEntropy(seg) ? REDACTED : seg)).join('/')
  return isHighEntropy(run) ? REDACTED : run
}

/** Shannon entropy, in bits per character, at or above which a candidate may be random. */
export const ENTROPY_THRESHOLD = 3.8
/** Share of adjacent letters and digits that switch class (lower, upper, digit), at or
 * above which a candidate is not words: `Checkout2024Redesign` switches 3 times in 19. */
export const CLASS_SWITCH_THRESHOLD = 0.35
/** Candidates shorter than this are never redacted for their entropy. */
export const ENTROPY_MIN_LENGTH = 20

/**
 * Whether a run of 20+ characters of [A-Za-z0-9+/_-] (and base64 padding) looks random:
 * it mixes letters and digits, has an entropy of at least 3.8 bits per character, and at
 * least 35% of its adjacent letters and digits switch class. Hex (commit SHAs, sha256
 * digests, UUIDs) is never redacted for its entropy; dots and colons split runs, so host
 * and file names are judged in parts. About 87% of random 20-character and over 99% of
 * 32-character base62 strings are caught; the known token shapes do not depend on it.
 */
export function isHighEntropy(run: string): boolean {
  if (run.length < ENTROPY_MIN_LENGTH || !/[0-9]/.test(run) || !/[A-Za-z]/.test(run) || /^[0-9a-f-]+$/i.test(run)) return false
  return entropy(run) >= ENTROPY_THRESHOLD && classSwitches(run) >= CLASS_SWITCH_THRESHOLD
}

function entropy(text: string): number {
  const counts = new Map<string, number>()
  for (const c of text) counts.set(c, (counts.get(c) ?? 0) + 1)
  let bits = 0
  for (const n of counts.values()) {
    const p = n / text.length
    bits -= p * Math.log2(p)
  }
  return bits
}

function classSwitches(text: string): number {
  const classes = [...text].map((c) => (c >= 'a' && c <= 'z' ? 1 : c >= 'A' && c <= 'Z' ? 2 : c >= '0' && c <= '9' ? 3 : 0)).filter((k) => k !== 0)
  let switches = 0
  for (let i = 1; i < classes.length; i++) if (classes[i] !== classes[i - 1]) switches++
  return switches / Math.max(1, classes.length - 1)
}

/** Redacted messages, by their text: a gate judged in 50 environments repeats its findings
 * 50 times, and the seal, then each reporter, redact them again. */
const memo = new BoundedCache<string, string>(20_000)
const MEMO_TEXT_CHARS = 4096

function redacted(text: string): string {
  let out = text
  for (const [re, replacement] of RULES) out = out.replace(re, replacement as string)
  return out
}

/** Text with every secret-looking value replaced. */
export function redactText(text: string): string {
  return text.length <= MEMO_TEXT_CHARS ? memo.get(text, redacted) : redacted(text)
}

/** A URL that carries a credential: userinfo, a secret-named query key, or a part redaction
 * would change. Such a URL is never sent, copied or quoted. Not a URL: false. */
export function urlCarriesCredential(raw: string): boolean {
  let url: URL
  try {
    url = new URL(raw)
  } catch {
    return false
  }
  return Boolean(url.username || url.password) || [...url.searchParams.keys()].some(isSecretKey) || redactText(raw) !== raw
}

/** A value with secret-named members and secret-looking strings redacted, at any depth. */
export function redactValue(value: unknown): unknown {
  if (typeof value === 'string') return redactText(value)
  if (Array.isArray(value)) return value.map(redactValue)
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, isSecretKey(k) ? REDACTED : redactValue(v)]))
  }
  return value
}

/** A value for a message: `<redacted>` when secret, else its redacted JSON, cut at 120 characters. */
export function describeValue(value: unknown, secret: boolean): string {
  if (secret) return REDACTED
  if (value === undefined) return 'nothing'
  // Redacted before it is cut: a cut token might no longer look like one.
  const text = JSON.stringify(redactValue(value)) ?? String(value)
  return text.length > 120 ? `${text.slice(0, 117)}...` : text
}

/**
 * The key a line of a secret-holding file assigns (`API_KEY=…`, `export A=…`, `key: …`,
 * `//registry/:_authToken=…`), for a finding that may not quote the line; undefined when
 * the line assigns none, or when what precedes `=` itself looks secret.
 */
export function lineKey(line: string): string | undefined {
  const m = /^\s*(?:export\s+)?["']?([^\s=:"'#]+(?::[^\s=:"'#]+)*?)["']?\s*(?:=|:(?:\s|$))/.exec(line)
  if (!m || m[1].length > 100 || redactText(m[1]) !== m[1]) return undefined
  return m[1]
}

/**
 * A parser's message about a data file. V8's JSON messages quote the start of the text
 * (`Unexpected token 'A', "API_KEY=sk"... is not valid JSON`): that quote is dropped. In a
 * secret-holding file the parser's words are withheld altogether (YAML's quote the source
 * too); the position still says where to look.
 */
export function parseErrorMessage(path: string, message: string): string {
  if (isSecretFile(path)) return 'syntax error (the parser\'s message is not shown: this file holds secrets)'
  return redactText(message.replace(/,\s*".*$/s, ''))
}
