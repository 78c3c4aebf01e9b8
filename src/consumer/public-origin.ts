/**
 * The app's public origin: the only origins a callback URL (OAuth 1 `oauth_callback`, OAuth 2/OIDC
 * `redirect_uri`) or a relative post-logout URL may be built on. A request's `Host` (or
 * `X-Forwarded-Host` behind a trusted proxy) is the client's to choose; OAuth 1.0a providers honour
 * whatever callback the consumer signs, so a callback built from a forged Host sends the victim's
 * verifier to the attacker. The origin therefore comes from configuration: the `publicUrl` option or
 * the app-wide `OAUTH_DANCE_PUBLIC_URL`, one origin or an allow-list. A login asked for on any other
 * origin is refused (`origin_not_allowed`). Without either (and without a fixed `redirectUrl`), a
 * blueprint refuses to start in production and warns once in development.
 */

import { type RequestView, urlOf } from '../context.js'
import { type Env, envOf, isProduction, PUBLIC_URL_ENV, publicUrlsFromEnv } from '../env.js'
import { DanceError } from '../errors.js'

/**
 * Where a blueprint's origins come from: its options, the environment, or nowhere.
 */
export interface PublicOriginConfig {
  readonly name: string
  readonly publicUrl?: string | readonly string[] | undefined
  readonly redirectUrl?: string | undefined
  readonly env?: Env | undefined
}

/** Blueprint names already warned about, so the development warning is said once per name. */
const warned = new Set<string>()

/**
 * The allowed origins of a blueprint (its `publicUrl`, else `OAUTH_DANCE_PUBLIC_URL`), checked once
 * at construction; undefined when neither is set. Throws `config_invalid` for a bad URL, and in
 * production when nothing pins the origin (neither these nor a `redirectUrl`).
 */
export function resolvePublicOrigins(config: PublicOriginConfig): readonly string[] | undefined {
  const explicit = config.publicUrl
  const env = envOf(config.env)
  const urls =
    explicit === undefined
      ? publicUrlsFromEnv(env)
      : typeof explicit === 'string'
        ? [explicit]
        : [...explicit]
  if (urls && urls.length > 0) return urls.map((url) => originOf(config.name, url))
  if (config.redirectUrl !== undefined) return undefined
  const error = new DanceError(
    'config_invalid',
    `The ${config.name} blueprint builds its callback URL from the request's Host header, which a client can forge (and an OAuth 1.0a provider honours any callback it is given): set ${PUBLIC_URL_ENV}=https://your.app (or the \`publicUrl\` option) to your app's public origin.`,
    { provider: config.name },
  )
  if (isProduction(config.env)) throw error
  // Test runs (vitest sets NODE_ENV=test) construct many unpinned blueprints on purpose: no noise there.
  const quiet = (config.env?.NODE_ENV ?? envOf().NODE_ENV) === 'test'
  if (!quiet && !warned.has(config.name)) {
    warned.add(config.name)
    console.warn(`[oauth-dance] WARNING: ${error.message} In production this blueprint refuses to start.`)
  }
  return undefined
}

/**
 * The origin a callback or post-logout URL is built on for this request: the request's own origin
 * when it is allowed (or, in development with nothing configured, always). Throws
 * `origin_not_allowed` when an allow-list is configured and the request's origin is not on it.
 */
export function publicOriginFor(
  name: string,
  allowed: readonly string[] | undefined,
  request: RequestView,
): string {
  const origin = urlOf(request).origin
  if (!allowed || allowed.includes(origin)) return origin
  throw new DanceError(
    'origin_not_allowed',
    `This request did not come to this app's public origin (${PUBLIC_URL_ENV} or \`publicUrl\`), so no login or logout URL is built for it.`,
    { provider: name },
  )
}

/** The origin of a configured public URL; it must be an http(s) origin (a path of `/` at most). */
function originOf(name: string, value: string): string {
  const url = URL.canParse(value) ? new URL(value) : undefined
  if (
    !url ||
    (url.protocol !== 'https:' && url.protocol !== 'http:') ||
    url.pathname !== '/' ||
    url.search ||
    url.hash ||
    url.username ||
    url.password
  ) {
    throw new DanceError(
      'config_invalid',
      `The public URL "${value}" of the ${name} blueprint must be an origin such as https://app.example (no path, query or credentials).`,
      { provider: name },
    )
  }
  return url.origin
}

/**
 * One blueprint's public-origin policy: which origin its URLs are built on, and whether its cookies
 * are Secure. Built once from the blueprint's options.
 */
export class PublicOrigin {
  readonly #name: string
  readonly #allowed: readonly string[] | undefined
  readonly #redirectUrl: string | undefined
  /** The origins cookie security follows: the allow-list, else the fixed redirect URL's. */
  readonly #pinned: readonly string[] | undefined
  /** The redirect URI built last, with the origin and path it was built from. */
  #lastRedirect: { origin: string; path: string; href: string } | undefined

  constructor(config: PublicOriginConfig) {
    this.#name = config.name
    this.#allowed = resolvePublicOrigins(config)
    this.#redirectUrl = config.redirectUrl
    this.#pinned = this.#allowed ?? (config.redirectUrl ? [new URL(config.redirectUrl).origin] : undefined)
  }

  /**
   * The origin URLs for this request are built on: the request's when it is one of the configured
   * public origins, else `origin_not_allowed`; with none configured, the fixed `redirectUrl`'s origin,
   * or (development only) the request's.
   */
  of(request: RequestView): string {
    // Without an allow-list, a fixed redirect URL's origin is the one pinned (see the constructor).
    if (!this.#allowed && this.#redirectUrl) return this.#pinned![0]!
    return publicOriginFor(this.#name, this.#allowed, request)
  }

  /** The redirect URI for this request: the configured one, or `path` on the public origin. */
  redirectUri(request: RequestView, path: string): string {
    const origin = this.of(request)
    if (this.#redirectUrl) return this.#redirectUrl
    // Built once per origin and path, not parsed on every login: an app serves one origin or a few.
    const last = this.#lastRedirect
    if (last?.origin === origin && last.path === path) return last.href
    const href = new URL(path, origin).href
    this.#lastRedirect = { origin, path, href }
    return href
  }

  /**
   * Whether cookies set for this request are Secure (and `__Host-`). This follows the configured
   * public origin, not the request's own scheme: with an https public URL the unprefixed name, which
   * any sibling host or http response can set, is never written nor read. Only with nothing pinned
   * (development) does the request's scheme decide.
   */
  secureCookies(request: RequestView): boolean {
    const own = urlOf(request).origin
    const pinned = this.#pinned
    // An allow-list may mix http (local) and https origins: a request on one of them uses its scheme.
    if (!pinned || pinned.includes(own)) return own.startsWith('https:')
    return pinned.some((origin) => origin.startsWith('https:'))
  }
}
