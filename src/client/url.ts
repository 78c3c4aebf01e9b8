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
  const text = path instanceof URL ? path.href : path
  if (/^[a-z][a-z0-9+.-]*:/i.test(text) || text.startsWith('//')) {
    const url = new URL(text, baseUrl)
    const allowed = new Set(allowedOrigins.map((o) => new URL(o).origin))
    if (baseUrl) allowed.add(new URL(baseUrl).origin)
    if (!allowed.has(url.origin)) {
      throw new DanceError(
        'config_invalid',
        `Refusing to send the ${name} token to ${url.origin}: not the API base URL's origin nor an allowed origin.`,
        { provider: name },
      )
    }
    return url
  }
  if (!baseUrl) {
    throw new DanceError(
      'config_invalid',
      `The ${name} blueprint has no baseUrl, so "${text}" cannot be resolved.`,
      {
        provider: name,
      },
    )
  }
  const base = new URL(baseUrl)
  const basePath = base.pathname.endsWith('/') ? base.pathname : `${base.pathname}/`
  const relative = text.replace(/^\/+/, '')
  const resolved = new URL(basePath + relative, base.origin)
  return resolved
}
