/**
 * The protocol-independent half of a consumer blueprint: its two routes, the login transaction, hooks,
 * errors, token storage and the request-scoped token cache. {@link OAuth2Blueprint} and the OAuth 1
 * blueprint add the protocol.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1 (the authorization code flow)
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-2 (the OAuth 1.0a redirection flow)
 */
import { ApiClient, type ApiRequestInit } from '../client/api-client.js'
import { type RequestScope, requireScope } from '../context.js'
import { DanceError } from '../errors.js'
import { createLog, type SwitchableLog } from '../log.js'
import { type FetchLike, makeTransport, type Transport } from '../protocol/http.js'
import { assertSameIdentity } from '../refresh/id-token.js'
import type { Refresher } from '../refresh/refresher.js'
import type { RefreshReason } from '../refresh/token-freshness.js'
import { SessionStorage } from '../storage/session.js'
import type { TokenKey, TokenStorage } from '../storage/types.js'
import type { Token } from '../token.js'
import { isAbsoluteHttp } from './blueprint-helpers.js'
import type {
  BlueprintOptions,
  LoginResult,
  LoginStart,
  LogoutResult,
  OutgoingRequest,
} from './blueprint-options.js'
import { answerFailure, authorizedRoute, loginRoute, type RouteHost } from './blueprint-routes.js'
import {
  DEFAULT_API_MAX_RESPONSE_BYTES,
  DEFAULT_API_TIMEOUT_MS,
  type SendHost,
  sendApiRequest,
} from './blueprint-send.js'
import {
  createBlueprintRefresher,
  loadMemoisedToken,
  ownedKey,
  refreshInScope,
  resolveTokenKey,
  revokeAndDeleteToken,
  tokenMemoKey,
  validTokenFor,
} from './blueprint-tokens.js'
import type { BlueprintHooks } from './hooks.js'
import { publicOriginFor, resolvePublicOrigins } from './public-origin.js'
import { safeReturnTo } from './return-to.js'
import { type Transaction, TransactionStore } from './transaction.js'

// The options and data shapes moved to their own file; every import path that named them here still works.
export type {
  BlueprintOptions,
  LoginResult,
  LoginStart,
  LogoutResult,
  OutgoingRequest,
  UserResolver,
} from './blueprint-options.js'

const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/

/**
 * The protocol-independent part of a consumer blueprint; the one class protocol blueprints extend.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export abstract class Blueprint {
  /** The unique name, e.g. `github`. */
  readonly name: string
  /** Path of the login route. */
  readonly loginPath: string
  /** Path of the callback route. */
  readonly authorizedPath: string
  /** Token storage; replaceable at any time. */
  storage: TokenStorage
  /** Hooks; replaceable at any time. */
  hooks: BlueprintHooks
  /** Seconds before expiry at which tokens are refreshed. */
  readonly refreshMargin: number
  protected readonly options: BlueprintOptions
  protected readonly transport: Transport
  protected readonly transactions: TransactionStore
  /** Debug log of the dance's steps; records can hold no secret (see `src/log.ts`). */
  protected readonly log: SwitchableLog
  /** The protocol, for adapters and docs. */
  abstract readonly protocol: 'oauth1' | 'oauth2'
  /** True when the provider posts the callback (`response_mode=form_post`), which needs `SameSite=None`. */
  protected formPostCallback = false
  readonly #refresher: Refresher
  /** The allowed public origins, or undefined when none is configured (see `public-origin.ts`). */
  readonly #publicOrigins: readonly string[] | undefined
  #routes: RouteHost | undefined
  #sendHost: SendHost | undefined
  /** The request-scoped API client of this blueprint (same as the preset module's export). */
  readonly client: ApiClient
  /** The fetch API calls go through (the injectable one; no size cap, redirects followed). */
  protected readonly apiFetch: FetchLike

  constructor(options: BlueprintOptions) {
    if (!NAME_PATTERN.test(options.name)) {
      throw new DanceError('config_invalid', `Blueprint name "${options.name}" must match ${NAME_PATTERN}.`)
    }
    this.options = options
    this.name = options.name
    this.#publicOrigins = resolvePublicOrigins(options)
    const prefix = (options.urlPrefix ?? '/login').replace(/\/+$/, '')
    this.loginPath = options.loginPath ?? `${prefix}/${options.name}`
    this.authorizedPath = options.authorizedPath ?? `${this.loginPath}/authorized`
    this.storage = options.storage ?? new SessionStorage()
    this.hooks = options.hooks ?? {}
    this.refreshMargin = options.refreshMargin ?? 60
    this.log = createLog(options.name, options.logger)
    this.transport = makeTransport({ ...options, log: this.log })
    this.transactions = new TransactionStore({
      secret: options.secret,
      maxAgeSeconds: options.transactionMaxAge,
    })
    this.apiFetch = options.fetch ?? ((input, init) => fetch(input, init))
    this.client = new ApiClient(options.name, () => this)
    this.#refresher = createBlueprintRefresher(options, this.log, {
      storage: () => this.storage,
      grant: (token) => this.refreshGrant(token),
      validate: (original, fresh) => this.validateRefreshedToken(original, fresh),
      margin: this.refreshMargin,
    })
  }

  // ---- protocol hooks -------------------------------------------------------------------------

  /** Builds the provider URL and the transaction for a new login. */
  protected abstract startLogin(request: Request, redirectUri: string): Promise<LoginStart>
  /** The transaction handle a callback carries (`state` or `oauth_token`), if any. */
  protected abstract callbackHandle(params: URLSearchParams): string | undefined
  /** Validates the callback and exchanges it for a token. */
  protected abstract finishLogin(
    params: URLSearchParams,
    transaction: Transaction,
    request: Request,
  ): Promise<LoginResult>
  /** Adds the token to an outgoing API request (Bearer header, signature...). */
  abstract authorizeRequest(request: OutgoingRequest, token: Token): Promise<void> | void
  /** Resolves an API path against the provider's API base URL. */
  abstract resolveApiUrl(path: string | URL): URL
  /** Whether this token can be refreshed. */
  canRefresh(_token: Token): boolean {
    return false
  }
  /** Exchanges the token's refresh token for a new token (OAuth 2 only). */
  protected refreshGrant(_token: Token): Promise<Token> {
    return Promise.reject(new DanceError('refresh_failed', `${this.name} tokens cannot be refreshed.`))
  }

  // ---- routes ---------------------------------------------------------------------------------

  /** Answers our two routes; returns undefined for any other request so the app handles it. */
  async handle(scope: RequestScope): Promise<Response | undefined> {
    const request = scope.request()
    const path = new URL(request.url).pathname
    if (path === this.loginPath && request.method === 'GET') return this.login(scope)
    if (path === this.authorizedPath && (request.method === 'GET' || request.method === 'POST')) {
      return this.authorized(scope)
    }
    return undefined
  }

  /**
   * The login route: 302 to the provider with a fresh transaction.
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.1
   */
  login(scope: RequestScope): Promise<Response> {
    return loginRoute(this.#routeHost(), scope)
  }

  /**
   * The callback route: consume the transaction once, get the token, run the hook, store, redirect.
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
   */
  authorized(scope: RequestScope): Promise<Response> {
    return authorizedRoute(this.#routeHost(), scope)
  }

  /** Turns any failure into the error hook's answer or our error page; never throws. */
  protected fail(scope: RequestScope, cause: unknown, cookies: string[]): Promise<Response> {
    return answerFailure(this, this.log, scope, cause, cookies)
  }

  // ---- tokens in the current request ------------------------------------------------------------

  /** The storage key for the current request's user and an optional provider account. */
  tokenKey(scope: RequestScope, accountId?: string): Promise<TokenKey> {
    return resolveTokenKey(scope, this.name, this.options, this.storage, accountId)
  }

  /** The stored token for the current request (read from storage at most once per request). */
  loadToken(scope: RequestScope, key: TokenKey): Promise<Token | undefined> {
    return loadMemoisedToken(scope, this.storage, key)
  }

  /** Stores a token for the current request's user (or the given one) and updates the request cache. */
  async saveToken(
    scope: RequestScope,
    token: Token,
    who: { userId?: string; accountId?: string } = {},
  ): Promise<void> {
    const base = await this.tokenKeyFor(scope, who)
    await this.storage.set(base, token, { session: scope.session })
    scope.memo.set(tokenMemoKey(base), Promise.resolve(token))
  }

  /** Deletes the token for the current request's user and clears the request cache. */
  async deleteToken(scope: RequestScope, accountId?: string): Promise<void> {
    const key = await this.tokenKey(scope, accountId)
    await this.storage.delete(key, { session: scope.session })
    scope.memo.set(tokenMemoKey(key), Promise.resolve(undefined))
  }

  /**
   * A token fit to use now: refreshed first when it expires within the margin and can be refreshed.
   * Concurrent callers share one refresh (across processes too, with a `refreshLock`).
   */
  validToken(scope: RequestScope, accountId?: string): Promise<Token | undefined> {
    return validTokenFor(this, Boolean(this.options.user), scope, accountId)
  }

  /**
   * Refreshes `token` once for all concurrent callers (single flight, then the `refreshLock` and a
   * re-read of the storage), saves and returns the new token. Throws `reauth_required` after deleting
   * the token when the provider refuses the refresh token (`invalid_grant`); on a transient failure
   * (`refresh_failed`, `provider_timeout`) the token is kept and nothing is retried.
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
   */
  refresh(
    scope: RequestScope,
    key: TokenKey,
    token: Token,
    reason: RefreshReason = 'expiring',
  ): Promise<Token> {
    return refreshInScope(this.#refresher, scope, key, token, reason)
  }

  /**
   * Checks a refreshed token before it is saved; throw a `DanceError` to refuse it. The default
   * requires a new ID token to name the same `iss`, `sub` and `aud` as the old one (OIDC Core §12.2).
   * @see https://openid.net/specs/openid-connect-core-1_0.html#RefreshTokenResponse
   */
  protected validateRefreshedToken(original: Token, fresh: Token): Promise<void> | void {
    assertSameIdentity(original, fresh, this.name)
  }

  /**
   * Revokes the token at the provider (RFC 7009). Resolves false when the provider cannot revoke;
   * throws `revocation_failed` when revocation fails.
   * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
   */
  revokeToken(_token: Token): Promise<boolean> {
    return Promise.resolve(false)
  }

  /**
   * Logs the current user out of this provider: deletes the local token first (so logout never depends
   * on the provider), then revokes it at the provider when it supports revocation. Never throws for a
   * failed revocation; the result reports it. A failed local delete (`storage_error`, e.g. a cache that
   * refused to drop its copy) still revokes, then throws. Waits for a refresh of the token in flight,
   * so a late refresh cannot store the token again.
   * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
   */
  revokeAndDelete(scope: RequestScope, accountId?: string): Promise<LogoutResult> {
    return revokeAndDeleteToken(this, this.#refresher, scope, accountId)
  }

  /**
   * Authorizes and sends an API request. On a `401` with `invalid_token` (RFC 6750 §3.1) a refreshable
   * token is refreshed once and the request retried once; a second 401 is `api_unauthorized`.
   * `request` is the caller's to give away (the client builds one per call): when no retry is possible
   * it is authorized in place; otherwise each attempt authorizes a copy.
   * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
   */
  send(
    scope: RequestScope,
    request: OutgoingRequest,
    token: Token,
    init: ApiRequestInit,
    accountId?: string,
  ): Promise<Response> {
    // The host is built once: `send` is the hot path of every API call.
    this.#sendHost ??= {
      blueprint: this,
      log: this.log,
      fetch: (input, init) => this.apiFetch(input, init),
      timeoutMs: this.options.apiTimeoutMs ?? DEFAULT_API_TIMEOUT_MS,
      maxResponseBytes: this.options.apiMaxResponseBytes ?? DEFAULT_API_MAX_RESPONSE_BYTES,
    }
    return sendApiRequest(this.#sendHost, scope, request, token, init, accountId)
  }

  // ---- helpers --------------------------------------------------------------------------------

  /**
   * The redirect URI for this request: the configured one, or our callback path on the public origin.
   * Throws `origin_not_allowed` when the request came to an origin the app does not serve.
   * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.1
   */
  redirectUri(request: Request): string {
    const origin = this.publicOrigin(request)
    if (this.options.redirectUrl) return this.options.redirectUrl
    return new URL(this.authorizedPath, origin).href
  }

  /**
   * The origin URLs for this request are built on (callbacks, post-logout URLs): the request's when it
   * is one of the configured public origins, else `origin_not_allowed`; with no public origin
   * configured, the fixed `redirectUrl`'s origin, or (development only) the request's.
   * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.1
   */
  publicOrigin(request: Request): string {
    if (!this.#publicOrigins && this.options.redirectUrl) return new URL(this.options.redirectUrl).origin
    return publicOriginFor(this.name, this.#publicOrigins, request)
  }

  /** The current request scope, for this blueprint's client. */
  scope(): RequestScope {
    return requireScope(`The ${this.name} client`)
  }

  /**
   * Transaction cookie attributes for this request. Secure (and `__Host-`) follows the configured
   * public origin, not the request's own scheme: with an https public URL the unprefixed name, which
   * any sibling host or http response can set, is never written nor read. Only with nothing pinned
   * (development) does the request's scheme decide.
   */
  protected cookieOptions(request: Request) {
    return {
      secure: this.#secureCookies(request),
      sameSite: this.formPostCallback ? ('None' as const) : ('Lax' as const),
    }
  }

  #secureCookies(request: Request): boolean {
    const own = new URL(request.url).origin
    const pinned =
      this.#publicOrigins ??
      (this.options.redirectUrl ? [new URL(this.options.redirectUrl).origin] : undefined)
    // An allow-list may mix http (local) and https origins: a request on one of them uses its scheme.
    if (!pinned || pinned.includes(own)) return own.startsWith('https:')
    return pinned.some((origin) => origin.startsWith('https:'))
  }

  protected async callbackParams(request: Request): Promise<URLSearchParams> {
    if (request.method === 'POST') {
      const type = request.headers.get('content-type') ?? ''
      if (!type.startsWith('application/x-www-form-urlencoded')) {
        throw new DanceError('callback_invalid', 'A posted callback must be form-encoded.', {
          provider: this.name,
        })
      }
      return new URLSearchParams(await request.text())
    }
    return new URL(request.url).searchParams
  }

  protected afterLoginUrl(token: Token, request: Request): string {
    const target = this.options.redirectTo
    const value = typeof target === 'function' ? target({ token, request }) : (target ?? '/')
    return safeReturnTo(value) ?? (isAbsoluteHttp(value) ? value : '/')
  }

  /** The routes' view of this blueprint; built once, its calls dispatch to overrides. */
  #routeHost(): RouteHost {
    this.#routes ??= {
      blueprint: this,
      options: this.options,
      log: this.log,
      transactions: this.transactions,
      startLogin: (request, redirectUri) => this.startLogin(request, redirectUri),
      callbackParams: (request) => this.callbackParams(request),
      callbackHandle: (params) => this.callbackHandle(params),
      finishLogin: (params, transaction, request) => this.finishLogin(params, transaction, request),
      cookieOptions: (request) => this.cookieOptions(request),
      afterLoginUrl: (token, request) => this.afterLoginUrl(token, request),
      fail: (scope, cause, cookies) => this.fail(scope, cause, cookies),
    }
    return this.#routes
  }

  private async tokenKeyFor(
    scope: RequestScope,
    who: { userId?: string; accountId?: string },
  ): Promise<TokenKey> {
    if (who.userId !== undefined) {
      return ownedKey(this.storage, { provider: this.name, userId: who.userId, accountId: who.accountId })
    }
    return this.tokenKey(scope, who.accountId)
  }
}
