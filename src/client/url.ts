/**
 * How API paths are resolved against a provider's base URL.
 *
 * The rule: a relative path is appended to the base URL's path, with or without a leading slash
 * (`/user` and `user` both give `https://api.github.com/user`; with base `https://gitlab.com/api/v4`,
 * `/user` gives `https://gitlab.com/api/v4/user`). An absolute URL is used as-is, but only on the base
 * URL's origin or an explicitly allowed origin, so the token is never sent to a stranger.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.9.1 (counterfeit resource servers)
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

/**
 * A resolver for one blueprint. The base URL and the allowed origins are parsed on first use and then
 * kept, so an API call parses one URL (its own) instead of three; a bad base URL or origin still
 * fails on the call that needs it, as {@link resolveApiUrl} does, and is not cached.
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.9.1
 */
export function apiUrlResolver(
  name: string,
  baseUrl: string | undefined,
  allowedOrigins: readonly string[] = [],
): ApiUrlResolver {
  let prefix: { origin: string | undefined; path: string } | undefined
  let allowed: ReadonlySet<string> | undefined
  const allowedSet = (): ReadonlySet<string> => {
    if (allowed) return allowed
    const set = new Set(allowedOrigins.map((o) => new URL(o).origin))
    if (baseUrl) set.add(new URL(baseUrl).origin)
    allowed = set
    return set
  }
  return (path) => {
    const text = path instanceof URL ? path.href : path
    if (ABSOLUTE.test(text) || text.startsWith('//')) {
      const url = new URL(text, baseUrl)
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
    return prefix.origin === undefined
      ? new URL(prefix.path + relative)
      : new URL(prefix.path + relative, prefix.origin)
  }
}
