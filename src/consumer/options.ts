/** The options every consumer blueprint accepts, whatever its protocol. */

import type { Env } from '../env.js'
import type { LoggerOption } from '../log.js'
import type { ClientCertificate } from '../protocol/client-certificate.js'
import type { BackChannelTls, FetchLike } from '../protocol/http.js'
import type { RefreshLock } from '../refresh/lock.js'
import type { StorageContext, TokenStorage } from '../storage/types.js'
import type { Token } from '../token.js'
import type { BlueprintHooks } from './hooks.js'

/**
 * Resolves the app's current user id from the request (Passport's `req.user.id`, a session field...).
 */
export type UserResolver = (context: {
  readonly native: unknown
  readonly request: Request
  readonly session: StorageContext['session']
}) => string | number | undefined | null | Promise<string | number | undefined | null>

/**
 * Options every blueprint accepts, whatever its protocol.
 */
export interface BlueprintOptions {
  /** Unique name within an app; routes, env variables and storage keys derive from it. `[a-z0-9_-]`. */
  name: string
  /** Prefix of the two routes (default `/login`): `/login/<name>` and `/login/<name>/authorized`. */
  urlPrefix?: string
  /** Full path of the login route; overrides `urlPrefix`. */
  loginPath?: string
  /** Full path of the callback route; overrides `urlPrefix`. */
  authorizedPath?: string
  /**
   * The host (`login.example.com`, or `example.com:8443` to name a port too), or a list of hosts, whose
   * requests the two routes answer; a request for any other host is left to the app (a 404, or its
   * own route on that path). For apps serving several hosts (Flask-Dance's `subdomain`). Default: any.
   */
  host?: string | readonly string[]
  /** Absolute callback URL to register with the provider; by default built on the public origin. */
  redirectUrl?: string
  /**
   * The app's public origin (`https://app.example`), or an allow-list of them: callback and post-logout
   * URLs are built only on these, and a login asked for on any other origin (a forged `Host` or
   * `X-Forwarded-Host`) fails with `origin_not_allowed`. Default: `OAUTH_DANCE_PUBLIC_URL`
   * (comma-separated), the one setting for every blueprint of the app. With neither (nor `redirectUrl`)
   * the blueprint refuses to start when `NODE_ENV=production`.
   */
  publicUrl?: string | readonly string[]
  /** Where to go after login when no `next` was given: a path, or a function of the token (default `/`). */
  redirectTo?: string | ((context: { token: Token; request: Request }) => string)
  /**
   * Where the browser goes after `logoutUrl()` (absolute, or a path on this app); an OpenID Provider
   * with RP-initiated logout is sent there after its own logout page.
   */
  postLogoutRedirectUrl?: string
  /**
   * The login route accepts only a form POST carrying the session's CSRF token, as the form of
   * `blueprint.loginForm()` posts it; a GET or a post without the token fails with `csrf_invalid`, so
   * no other site can start a login in the user's browser. Needs a session. Default false (a GET link).
   */
  loginRequiresPost?: boolean
  /** Where tokens are kept (default: the session). */
  storage?: TokenStorage
  /** Hooks: `beforeLogin`, `authorized`, `error`. */
  hooks?: BlueprintHooks
  /** Decides whose token is read and written in multi-user storage. */
  user?: UserResolver
  /**
   * Throw `user_required` whenever the resolver finds no user, whatever the storage (default false:
   * then only storages that keep each browser apart, such as the session, work without a user).
   */
  userRequired?: boolean
  /**
   * The client's TLS certificate (PEM `cert` and `key`, optional `ca`): every request to the provider
   * and its APIs presents it (mutual TLS, RFC 8705), for `clientAuth: 'tls_client_auth'` and for
   * certificate-bound tokens. Ignored when `fetch` is given (that fetch makes the connections).
   */
  clientCertificate?: ClientCertificate
  /** Injectable fetch for every back-channel request. */
  fetch?: FetchLike
  /**
   * TLS settings of the back channel (Node): `{ ca }`, the PEM certificate authority of a self-hosted
   * provider (a private GitLab, Keycloak), trusted for this blueprint's requests only.
   */
  tls?: BackChannelTls
  /** Back-channel timeout in ms (default 10 000). */
  timeoutMs?: number
  /**
   * Time in ms an API call may wait for the provider's answer to start (status and headers; default
   * 30 000). Past it the call fails with `provider_timeout`, so a silent API cannot hold a request of
   * the app forever; reading the body is the app's, under its own `signal`.
   */
  apiTimeoutMs?: number
  /**
   * Largest API response body the app can read, counted after decompression (default 100 MiB): past it
   * reading fails with `provider_response_invalid`, so a compressed bomb from an API cannot exhaust the
   * app's memory. `Infinity` for APIs that serve larger downloads.
   */
  apiMaxResponseBytes?: number
  /** Back-channel response size cap in bytes (default 1 MiB). */
  maxResponseBytes?: number
  /** Secret for the transaction cookie key, or a list to rotate (first seals, all open); default `OAUTH_DANCE_SECRET`. */
  secret?: string | readonly string[]
  /** Lifetime of a login transaction in seconds (default 600). */
  transactionMaxAge?: number
  /** Refresh tokens this many seconds before they expire (default 60). */
  refreshMargin?: number
  /**
   * Lock shared by every process that refreshes tokens from the same storage, so a token is refreshed
   * once across all of them (`SqlRefreshLock`, `RedisRefreshLock`). Default: this process only.
   */
  refreshLock?: RefreshLock
  /**
   * Lifetime of a refresh lock in ms, renewed while the refresh runs (default 4 × timeoutMs + 5 s:
   * discovery, token call and two JWKS fetches, plus storage). A crashed holder blocks others this long.
   */
  refreshLockTtlMs?: number
  /**
   * Development only: allow `http:` provider endpoints. Refused (`config_invalid`) when `NODE_ENV` says
   * production.
   */
  allowInsecureRequests?: boolean
  /**
   * Environment to read credentials and the public URL from (default `process.env`); also the
   * transaction secret (`OAUTH_DANCE_SECRET`, `OAUTH_DANCE_PREVIOUS_SECRETS`) when it holds one, else
   * the process's. A Worker passes its bindings here.
   */
  env?: Env
  /**
   * Debug logging of each step (never a secret): `true` for `console.debug`, or a function of the record.
   * Default: on when `OAUTH_DANCE_DEBUG=1`.
   */
  logger?: LoggerOption
  /**
   * Replace the app's session with a fresh one under a new id when a login succeeds, before the
   * `authorized` hook runs (session fixation defence). Default: do it whenever the request has a
   * session that can regenerate (express-session and @fastify/session can); `true` requires it (a login
   * without such a session fails with `session_unavailable`); `false` never does it.
   */
  regenerateSession?: boolean
  /**
   * Checks a refreshed token before it is saved; throw a `DanceError` to refuse it. The identity rule
   * (a new ID token names the same `iss`, `sub`, `aud` and `azp`) always runs first.
   */
  validateRefreshedToken?: (original: Token, fresh: Token) => Promise<void> | void
  /** Base URL that API paths are resolved against (`https://api.github.com/`); default `<NAME>_OAUTH_BASE_URL`. */
  baseUrl?: string
  /** Other origins the client may send the token to with absolute URLs. */
  allowedApiOrigins?: readonly string[]
  /**
   * The session keys carried into the fresh session at login (e.g. `['userId']`, or `['passport']`);
   * everything else in the old session, including tokens of other blueprints, is left behind.
   * Default: none.
   */
  keepSessionKeys?: readonly string[]
}
