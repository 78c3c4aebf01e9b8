/**
 * The scrub rule of recorded API calls: which values are secrets, and the placeholder each becomes.
 * A {@link Scrubber} remembers every secret it has met, so one token gets one placeholder wherever it
 * appears in a recording (issued in a token answer, sent back in a later header, echoed by an API), and
 * a placeholder it meets again (a replayed answer sent back by the app) stays as it is. Pure: no I/O.
 */

/** What an app adds to the built-in scrub rule. */
export interface ScrubRules {
  /**
   * More names whose values are secrets (case-insensitive): JSON members at any depth, form and query
   * parameters, and headers. The built-in names end in `token`, `secret`, `password`, `passphrase`,
   * `assertion`, `verifier`, `signature`, `api_key`, `private_key` or `secret_key`, plus `code` in
   * requests, `authorization`, `cookie`, `dpop`, `pin`, `otp`, `passcode`.
   */
  names?: readonly string[]
  /** Text matching any of these is a secret wherever it appears (a token format: `/ghp_\w+/`). */
  patterns?: readonly RegExp[]
  /**
   * Values replaced everywhere by a fixed placeholder `SCRUBBED_<LABEL>`, keyed by label: a known
   * secret, or a value that differs between runs (the app's origin with its random port in
   * `redirect_uri`), so that recording and replay see the same text.
   */
  values?: Readonly<Record<string, string>>
}

/** Where a name was met: some names are secrets only in requests (`code`, an API's `"code": "not_found"`). */
export type Side = 'request' | 'response'

/** A placeholder, whole: `SCRUBBED_ACCESS_TOKEN_1`, or `SCRUBBED_APP_ORIGIN` for a fixed value. */
const PLACEHOLDER = /^SCRUBBED_[A-Z0-9_]+$/
const NUMBERED = /^SCRUBBED_([A-Z0-9_]+?)_(\d+)$/
/** Placeholders inside a larger text, for counting what a replayed answer already used. */
const PLACEHOLDERS_IN_TEXT = /SCRUBBED_[A-Z0-9_]+?_\d+/g

/**
 * Shorter secrets are replaced only where their name says so, never as bare text: a code `c` must not
 * turn every letter c of a recording into a placeholder.
 */
export const MIN_TEXT_SECRET_LENGTH = 8

const SECRET_SUFFIX =
  /(?:token|secret|password|passwd|passphrase|assertion|verifier|signature|api[_-]?key|apikey|private[_-]?key|secret[_-]?key)$/i
// `pin`, `otp` and `passcode` are one-time or personal codes, often sent as numbers.
const SECRET_NAMES = new Set([
  'authorization',
  'proxy-authorization',
  'cookie',
  'set-cookie',
  'dpop',
  'pin',
  'otp',
  'passcode',
])
// `state` and `device_id` are new on every login and some providers take them back with the code (VK
// ID): as placeholders, a replayed login matches; the login state is also nobody's business in a file.
const REQUEST_SECRET_NAMES = new Set(['code', 'device_code', 'user_code', 'state', 'device_id'])
/**
 * OAuth 1.0a parameters new on every request, and linked to nothing: each becomes one fixed
 * placeholder, so a request signed in the query or body matches when it is replayed.
 */
const PER_REQUEST_NAMES = new Set(['oauth_nonce', 'oauth_timestamp', 'oauth_signature'])
/** A JWT anywhere (an ID token under an unknown name, a client assertion, a DPoP proof). */
const JWT = /eyJ[A-Za-z0-9_-]{2,}\.eyJ[A-Za-z0-9_-]{2,}\.[A-Za-z0-9_-]*/g
/**
 * A Slack webhook URL: whoever has it posts to the channel. Slack's token answer carries one in
 * `incoming_webhook.url`, under a name no rule can call secret without taking in the channel's name too.
 */
const SLACK_WEBHOOK = /https:\/\/hooks\.slack\.com\/(?:services|workflows|triggers)\/[A-Za-z0-9_/-]+/g
/** Authorization schemes whose credential is an access token. */
const TOKEN_SCHEMES = new Set(['bearer', 'dpop', 'token', 'mac', 'oauth'])

/** Remembers the secrets of one recording and hands out their placeholders. */
export class Scrubber {
  readonly #names: ReadonlySet<string>
  readonly #patterns: ReadonlyArray<{ pattern: RegExp; label: string }>
  /** Secret value → placeholder. */
  readonly #known = new Map<string, string>()
  /** Values replaced as bare text (long enough, or given by the app), longest first when replacing. */
  #textual: Array<[string, string]> = []
  readonly #counters = new Map<string, number>()

  constructor(rules: ScrubRules = {}) {
    this.#names = new Set((rules.names ?? []).map((name) => name.toLowerCase()))
    this.#patterns = [
      ...(rules.patterns ?? []).map((pattern) => ({ pattern, label: 'secret' })),
      { pattern: JWT, label: 'jwt' },
      { pattern: SLACK_WEBHOOK, label: 'webhook_url' },
    ]
    for (const [label, value] of Object.entries(rules.values ?? {})) {
      if (value === '') continue
      this.#remember(value, `SCRUBBED_${labelOf(label)}`, true)
    }
  }

  /** True when a value under `name` (JSON member, parameter, header) is a secret on `side`. */
  isSecretName(name: string, side: Side): boolean {
    const lower = name.toLowerCase()
    if (SECRET_NAMES.has(lower) || this.#names.has(lower) || SECRET_SUFFIX.test(lower)) return true
    return side === 'request' && REQUEST_SECRET_NAMES.has(lower)
  }

  /** The placeholder of `value`, a secret labelled `label` (its name), minted on first sight. */
  secret(value: string, label: string, asText = value.length >= MIN_TEXT_SECRET_LENGTH): string {
    if (value === '') return value
    if (PLACEHOLDER.test(value)) {
      this.#count(value)
      return value
    }
    const known = this.#known.get(value)
    if (known !== undefined) return known
    const tag = labelOf(label)
    const n = (this.#counters.get(tag) ?? 0) + 1
    this.#counters.set(tag, n)
    const placeholder = `SCRUBBED_${tag}_${n}`
    this.#remember(value, placeholder, asText)
    return placeholder
  }

  /** `text` with every known secret, and every match of a secret pattern, replaced. */
  text(text: string): string {
    for (const { pattern, label } of this.#patterns) {
      const global = new RegExp(
        pattern.source,
        pattern.flags.includes('g') ? pattern.flags : `${pattern.flags}g`,
      )
      for (const match of text.matchAll(global)) {
        if (match[0] !== '' && !PLACEHOLDER.test(match[0])) this.secret(match[0], label, true)
      }
    }
    let result = text
    for (const [value, placeholder] of this.#textual) {
      if (result.includes(value)) result = result.split(value).join(placeholder)
    }
    return result
  }

  /**
   * Counts the placeholders of a replayed answer as used, so a secret met later gets the number it got
   * when the calls were recorded (where the answer's secrets were minted first).
   */
  observe(text: string): void {
    for (const match of text.matchAll(PLACEHOLDERS_IN_TEXT)) this.#count(match[0])
  }

  /** A header's value: credentials of `Authorization`, cookie values, secret-named headers, known text. */
  header(name: string, value: string, side: Side): string {
    const lower = name.toLowerCase()
    if (lower === 'authorization' || lower === 'proxy-authorization') return this.#credentials(value)
    if (lower === 'cookie') return cookiePairs(value, (v) => this.secret(v, 'cookie'))
    if (lower === 'set-cookie') return this.#setCookie(value)
    // A redirect may carry a code or token in its query.
    if (lower === 'location' || lower === 'content-location') return this.url(value)
    if (this.isSecretName(lower, side)) return this.secret(value, lower)
    return this.text(value)
  }

  /** Form (or query) parameters, secret-named values replaced, the rest as known text. */
  params(params: URLSearchParams, side: Side): URLSearchParams {
    const out = new URLSearchParams()
    for (const [name, value] of params) out.append(name, this.#param(name, value, side))
    return out
  }

  /** A URL: its query parameters, user info and path. */
  url(raw: string): string {
    let url: URL
    try {
      url = new URL(raw)
    } catch {
      return this.text(raw)
    }
    if (url.password !== '') url.password = this.secret(decoded(url.password), 'password')
    url.pathname = this.text(url.pathname)
    if (url.search !== '') url.search = this.params(url.searchParams, 'request').toString()
    url.hash = this.text(url.hash)
    return url.href
  }

  /**
   * A JSON value: secret-named members (any depth, strings and numbers) replaced, every other string as
   * known text.
   */
  json(value: unknown, side: Side, secretLabel?: string): unknown {
    if (typeof value === 'string') {
      return secretLabel === undefined ? this.text(value) : this.secret(value, secretLabel)
    }
    // A one-time code or a PIN is often sent as a number ({"code": 123456}): under a secret name it is
    // as secret as a string, and becomes a placeholder the same way (a number in a replay matches it).
    if ((typeof value === 'number' || typeof value === 'bigint') && secretLabel !== undefined) {
      return this.secret(String(value), secretLabel)
    }
    if (Array.isArray(value)) return value.map((item) => this.json(item, side, secretLabel))
    if (value === null || typeof value !== 'object') return value
    const out: Record<string, unknown> = {}
    for (const [key, member] of Object.entries(value)) {
      const label = secretLabel ?? (this.isSecretName(key, side) ? key : undefined)
      out[key] = this.json(member, side, label)
    }
    return out
  }

  /** Known secrets found in `text` (long enough to be replaced as text): a recording's last check. */
  leaks(text: string): string[] {
    return this.#textual.filter(([value]) => text.includes(value)).map(([value]) => value)
  }

  #param(name: string, value: string, side: Side): string {
    if (side === 'request' && PER_REQUEST_NAMES.has(name.toLowerCase())) return `SCRUBBED_${labelOf(name)}`
    return this.isSecretName(name, side) ? this.secret(value, name) : this.text(value)
  }

  #credentials(value: string): string {
    const space = value.indexOf(' ')
    if (space === -1) return this.secret(value, 'authorization')
    const scheme = value.slice(0, space)
    const credential = value.slice(space + 1).trim()
    const lower = scheme.toLowerCase()
    // OAuth 1.0a: each parameter by its name (the token and signature go, the consumer key stays).
    // (Some OAuth 2 APIs use the scheme `OAuth` for a bare token, as Yandex does.)
    if (lower === 'oauth' && credential.includes('="')) return `${scheme} ${this.#oauthParams(credential)}`
    const label = TOKEN_SCHEMES.has(lower) ? 'access_token' : lower === 'basic' ? 'basic' : 'authorization'
    return `${scheme} ${this.secret(credential, label)}`
  }

  /** `k="v", k2="v2"` (RFC 5849 §3.5.1), values percent-encoded, each scrubbed by its name. */
  #oauthParams(credential: string): string {
    return credential.replace(/([\w.~%-]+)="([^"]*)"/g, (_pair, name: string, encoded: string) => {
      const scrubbed = this.#param(name, decoded(encoded), 'request')
      return `${name}="${encodeURIComponent(scrubbed)}"`
    })
  }

  #setCookie(value: string): string {
    const semicolon = value.indexOf(';')
    const pair = semicolon === -1 ? value : value.slice(0, semicolon)
    const attributes = semicolon === -1 ? '' : this.text(value.slice(semicolon))
    return cookiePairs(pair, (v) => this.secret(v, 'cookie')) + attributes
  }

  #remember(value: string, placeholder: string, asText: boolean): void {
    this.#known.set(value, placeholder)
    if (!asText) return
    // The encodings a value takes in a query, a form body or a JSON string are the same secret.
    const forms = new Set([
      value,
      encodeURIComponent(value),
      new URLSearchParams({ v: value }).toString().slice(2),
      JSON.stringify(value).slice(1, -1),
    ])
    for (const form of forms) {
      if (!this.#known.has(form)) this.#known.set(form, placeholder)
      this.#textual.push([form, placeholder])
    }
    this.#textual.sort((a, b) => b[0].length - a[0].length)
  }

  #count(placeholder: string): void {
    const match = NUMBERED.exec(placeholder)
    if (!match) return
    const [, tag = '', n = '0'] = match
    this.#counters.set(tag, Math.max(this.#counters.get(tag) ?? 0, Number(n)))
  }
}

/** A percent-decoded value, or the text as it is when it is not valid percent-encoding. */
function decoded(text: string): string {
  try {
    return decodeURIComponent(text)
  } catch {
    return text
  }
}

/** `SCRUBBED_<LABEL>`'s label: upper case, letters and digits, `_` between. */
function labelOf(name: string): string {
  const label = name
    .replace(/([a-z0-9])([A-Z])/g, '$1_$2')
    .toUpperCase()
    .replace(/[^A-Z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
  return label === '' ? 'SECRET' : label
}

/** `a=1; b=2` with each value passed through `scrub`, names and separators kept. */
function cookiePairs(header: string, scrub: (value: string) => string): string {
  return header
    .split(';')
    .map((part) => {
      const eq = part.indexOf('=')
      if (eq === -1) return part
      const value = part.slice(eq + 1).trim()
      return value === '' ? part : `${part.slice(0, eq + 1)}${scrub(value)}`
    })
    .join(';')
}
