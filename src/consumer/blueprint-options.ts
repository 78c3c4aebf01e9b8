/**
 * The options and data shapes of a consumer {@link Blueprint}: what it is configured with, what a
 * protocol hands back at the start and end of a login, an outgoing API request and a logout's result.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1 (the authorization code flow)
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2 (revocation, reported by LogoutResult)
 */
import type { DanceError } from '../errors.js'
import type { LoggerOption } from '../log.js'
import type { FetchLike } from '../protocol/http.js'
import type { RefreshLock } from '../refresh/lock.js'
import type { StorageContext, TokenStorage } from '../storage/types.js'
import type { Token } from '../token.js'
import type { Blueprint } from './blueprint.js'
import type { Env } from './env.js'
import type { BlueprintHooks } from './hooks.js'
import type { Transaction } from './transaction.js'

/**
 * Resolves the app's current user id from the request (Passport's `req.user.id`, a session field...).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.6 (a token belongs to the user who logged in)
 */
export type UserResolver = (context: {
  readonly native: unknown
  readonly request: Request
  readonly session: StorageContext['session']
}) => string | number | undefined | null | Promise<string | number | undefined | null>

/**
 * Options every blueprint accepts, whatever its protocol.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-3.1.2 (the redirection endpoint these routes serve)
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
  /** Injectable fetch for every back-channel request. */
  fetch?: FetchLike
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
  /** Development only: allow `http:` provider endpoints. Never enable in production. */
  allowInsecureRequests?: boolean
  /** Environment to read credentials from (default `process.env`). */
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
   * The session keys carried into the fresh session at login (e.g. `['userId']`, or `['passport']`);
   * everything else in the old session, including tokens of other blueprints, is left behind.
   * Default: none.
   */
  keepSessionKeys?: readonly string[]
}

/**
 * What a protocol returns when a login starts.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
 */
export interface LoginStart {
  authorizationUrl: URL
  transaction: Omit<Transaction, 'provider' | 'createdAt' | 'redirectUri' | 'returnTo'>
}

/**
 * What a protocol returns when a login completes.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
export interface LoginResult {
  token: Token
  claims?: Record<string, unknown> | undefined
  userinfo?: Record<string, unknown> | undefined
  /** What the browser posted about the user (Apple's `user` field): unsigned, never merged into claims. */
  unverifiedUser?: Record<string, unknown> | undefined
}

/**
 * A request about to be sent by the API client, for the protocol to authorize (header or signature).
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-2.1
 */
export interface OutgoingRequest {
  method: string
  url: URL
  headers: Headers
  body: BodyInit | null | undefined
}

/**
 * What {@link Blueprint.revokeAndDelete} did at the provider; the local token is deleted in every case.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2
 */
export type LogoutResult =
  | { revoked: true }
  | { revoked: false; reason: 'no_token' | 'unsupported' }
  | { revoked: false; reason: 'failed'; error: DanceError }
