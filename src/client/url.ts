/**
 * How API paths are resolved against a provider's base URL.
 *
 * The rule: a relative path is appended to the base URL's path, with or without a leading slash
 * (`/user` and `user` both give `https://api.github.com/user`; with base `https://gitlab.com/api/v4`,
 * `/user` gives `https://gitlab.com/api/v4/user`). An absolute URL is used as-is, but only on the base
 * URL's origin or an explicitly allowed origin, so the token is never sent to a stranger.
 *
 * A relative path never leaves the base path: a `..` segment, plain or percent-encoded (`%2e%2e`,
 * `%252e%252e`), separated by `/` or `\` (which URL parsers and many servers read as `/`), is refused
 * with `api_path_invalid`, and the resolved URL is checked to start with the base path on the base
 * origin before any token is added.
 *
 * @see [RFC 9700 - Best Current Practice for OAuth 2.0 Security](https://www.rfc-editor.org/rfc/rfc9700.html#section-4.9.1)
 */
import { DanceError } from '../errors.js'

/** Resolves `path` for the provider `name` with base URL `baseUrl`. */
export function resolveApiUrl(
  name: string,
  baseUrl: string | undefined,
  path: string | URL,
  allowedOrigins: readonly string[] = [],
): URL {
  return apiUrlResolver(name, baseUrl, allowedOrigins)(path)
}

/** {@link resolveApiUrl} with the base URL and the allowed origins fixed. */
export type ApiUrlResolver = (path: string | URL) => URL

const ABSOLUTE = /^[a-z][a-z0-9+.-]*:/i
const LEADING_SLASHES = /^\/+/
// The URL parser drops tabs and newlines anywhere (`.\t.` is `..`), and leading C0 controls and spaces.
const PARSER_DROPS = /[\t\n\r]/g
/** How many rounds of percent-decoding a server might apply; each is checked for `..`. */
const DECODE_ROUNDS = 3
/** Relative paths one resolver remembers as checked before it starts over. */
const CHECKED_PATHS = 512

/**
 * True when the path part of `text` holds a `..` segment at any of a few percent-decoding rounds,
 * taking `/` and `\` (and their encodings, once decoded) as separators.
 */
function climbsOut(text: string): boolean {
  const cleaned = text.replace(PARSER_DROPS, '')
  const end = cleaned.search(/[?#]/)
  let path = end === -1 ? cleaned : cleaned.slice(0, end)
  for (let round = 0; round <= DECODE_ROUNDS; round++) {
    // A segment's `;params` are dropped by servlet containers before they resolve `..` (`..;x` is `..`).
    if (path.split(/[/\\]/).some((segment) => segment.split(';')[0]!.trim() === '..')) return true
    let decoded: string
    try {
      decoded = decodeURIComponent(path)
    } catch {
      // A malformed escape: decode what can be, so `%2e%2e%` still reads as `..%`.
      decoded = path.replace(/%[0-9a-f]{2}/gi, (encoded) => {
        try {
          return decodeURIComponent(encoded)
        } catch {
          return encoded
        }
      })
    }
    if (decoded === path) return false
    path = decoded
  }
  return false
}

/**
 * A resolver for one blueprint. The base URL and the allowed origins are parsed on first use and then
 * kept, so an API call parses one URL (its own) instead of three; a bad base URL or origin still
 * fails on the call that needs it, as {@link resolveApiUrl} does, and is not cached.
 */
export function apiUrlResolver(
  name: string,
  baseUrl: string | undefined,
  allowedOrigins: readonly string[] = [],
): ApiUrlResolver {
  let prefix: { origin: string | undefined; path: string } | undefined
  let baseBounds: { origin: string; path: string } | undefined
  let allowed: ReadonlySet<string> | undefined
  /** Relative paths already resolved and accepted, with the href each resolved to. */
  const checked = new Map<string, string>()
  const allowedSet = (): ReadonlySet<string> => {
    if (allowed) return allowed
    const set = new Set(allowedOrigins.map((o) => new URL(o).origin))
    if (baseUrl) set.add(new URL(baseUrl).origin)
    allowed = set
    return set
  }
  return (path) => {
    const text = path instanceof URL ? path.href : path
    // Only relative paths are remembered. The same paths come back on every request (`user`, `repos/...`): each is checked once, and later
    // calls parse the href that check accepted. A fresh URL every time: the caller may change it.
    const known = checked.get(text)
    if (known !== undefined) return new URL(known)
    if (ABSOLUTE.test(text) || text.startsWith('//')) {
      let url: URL
      try {
        url = new URL(text, baseUrl)
      } catch {
        throw new DanceError('config_invalid', `The ${name} API URL does not parse.`, {
          provider: name,
        })
      }
      if (!allowedSet().has(url.origin)) {
        throw new DanceError(
          'config_invalid',
          `Refusing to send the ${name} token to another origin: not the API base URL's origin nor an allowed origin.`,
          { provider: name, providerDetail: url.origin },
        )
      }
      return url
    }
    if (!baseUrl) {
      throw new DanceError(
        'config_invalid',
        `The ${name} blueprint has no baseUrl, so a relative path cannot be resolved.`,
        {
          provider: name,
          providerDetail: text,
        },
      )
    }
    if (!prefix) {
      const base = new URL(baseUrl)
      const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`
      // `origin + path` parses as `new URL(path, origin)` does, except for a base path starting with
      // `//` (read as a host there): keep the old two-argument form for that case.
      prefix = basePath.startsWith('//')
        ? { origin: base.origin, path: basePath }
        : { origin: undefined, path: base.origin + basePath }
    }
    const relative = text.replace(LEADING_SLASHES, '')
    if (climbsOut(relative)) throw outsideBase(name)
    const url =
      prefix.origin === undefined
        ? new URL(prefix.path + relative)
        : new URL(prefix.path + relative, prefix.origin)
    // The segment check above is the rule; this is the proof, in case a parser quirk slipped past it.
    baseBounds ??= boundsOf(baseUrl)
    const base = baseBounds
    if (url.origin !== base.origin || !url.pathname.startsWith(base.path)) throw outsideBase(name)
    // Bounded: an app building paths from ids would otherwise grow it without end.
    if (checked.size >= CHECKED_PATHS) checked.clear()
    checked.set(text, url.href)
    return url
  }
}

/** The origin and path (ending in `/`) every relative API URL of a base URL must stay within. */
function boundsOf(baseUrl: string): { origin: string; path: string } {
  const base = new URL(baseUrl)
  return { origin: base.origin, path: base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/` }
}

function outsideBase(name: string): DanceError {
  return new DanceError(
    'api_path_invalid',
    `Refusing an API path with a ".." segment: ${name} paths stay under the API's base path.`,
    { provider: name },
  )
}
