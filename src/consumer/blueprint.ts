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
import { DanceError, isDanceError } from '../errors.js'
import { createLog, type LoggerOption, type SwitchableLog } from '../log.js'
import { DEFAULT_TIMEOUT_MS, type FetchLike, makeTransport, type Transport } from '../protocol/http.js'
import { assertSameIdentity } from '../refresh/id-token.js'
import { InProcessLock, type RefreshLock } from '../refresh/lock.js'
import { Refresher, type RefreshReason, refreshDue } from '../refresh/refresher.js'
import { SessionStorage } from '../storage/session.js'
import { type StorageContext, serializeKey, type TokenKey, type TokenStorage } from '../storage/types.js'
import { isExpiring, type Token } from '../token.js'
import type { Env } from './env.js'
import type { AuthorizedResult, BlueprintHooks } from './hooks.js'
import { errorPage, redirect, withCookies } from './responses.js'
import { safeReturnTo } from './return-to.js'
import { regenerateSession } from './session.js'
import { type Transaction, TransactionStore } from './transaction.js'

/** Resolves the app's current user id from the request (Passport's `req.user.id`, a session field...). */
export type UserResolver = (context: {
  readonly native: unknown
  readonly request: Request
  readonly session: StorageContext['session']
}) => string | number | undefined | null | Promise<string | number | undefined | null>

/** Options every blueprint accepts, whatever its protocol. */
export interface BlueprintOptions {
  /** Unique name within an app; routes, env variables and storage keys derive from it. `[a-z0-9_-]`. */
  name: string
  /** Prefix of the two routes (default `/login`): `/login/<name>` and `/login/<name>/authorized`. */
  urlPrefix?: string
  /** Full path of the login route; overrides `urlPrefix`. */
  loginPath?: string
  /** Full path of the callback route; overrides `urlPrefix`. */
  authorizedPath?: string
  /** Absolute callback URL to register with the provider; by default built from the request origin. */
  redirectUrl?: string
  /** Where to go after login when no `next` was given: a path, or a function of the token (default `/`). */
  redirectTo?: string | ((context: { token: Token; request: Request }) => string)
  /** Where tokens are kept (default: the session). */
  storage?: TokenStorage
  /** Hooks: `beforeLogin`, `authorized`, `error`. */
  hooks?: BlueprintHooks
  /** Decides whose token is read and written in multi-user storage. */
  user?: UserResolver
  /** Throw `user_required` when the resolver finds no user (default false: anonymous tokens allowed). */
  userRequired?: boolean
  /** Injectable fetch for every back-channel request. */
  fetch?: FetchLike
  /** Back-channel timeout in ms (default 10 000). */
  timeoutMs?: number
  /** Back-channel response size cap in bytes (default 1 MiB). */
  maxResponseBytes?: number
  /** Secret for the transaction cookie key (default `OAUTH_DANCE_SECRET`). */
  secret?: string
  /** Lifetime of a login transaction in seconds (default 600). */
  transactionMaxAge?: number
  /** Refresh tokens this many seconds before they expire (default 60). */
  refreshMargin?: number
  /**
   * Lock shared by every process that refreshes tokens from the same storage, so a token is refreshed
   * once across all of them (`SqlRefreshLock`, `RedisRefreshLock`). Default: this process only.
   */
  refreshLock?: RefreshLock
  /** Lifetime of a refresh lock in ms; must exceed a refresh's duration (default 2 × timeoutMs + 5 s). */
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
   * Give the app's session a new id when a login succeeds (session fixation defence). Default: do it
   * whenever the request has a session that can regenerate (express-session can); `true` requires it
   * (a login without such a session fails with `session_unavailable`); `false` never does it.
   */
  regenerateSession?: boolean
}

/** What a protocol returns when a login starts. */
export interface LoginStart {
  authorizationUrl: URL
  transaction: Omit<Transaction, 'provider' | 'createdAt' | 'redirectUri' | 'returnTo'>
}

/** What a protocol returns when a login completes. */
export interface LoginResult {
  token: Token
  claims?: Record<string, unknown> | undefined
  userinfo?: Record<string, unknown> | undefined
}

/** A request about to be sent by the API client, for the protocol to authorize (header or signature). */
export interface OutgoingRequest {
  method: string
  url: URL
  headers: Headers
  body: BodyInit | null | undefined
}

const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/

/** The protocol-independent part of a consumer blueprint. */
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
    this.#refresher = new Refresher({
      provider: options.name,
      storage: () => this.storage,
      grant: async (token) => {
        this.log('refresh.start')
        try {
          const fresh = await this.refreshGrant(token)
          this.log('refresh.done')
          return fresh
        } catch (error) {
          this.log('refresh.failed', isDanceError(error) ? { error: error.code } : {})
          throw error
        }
      },
      validate: (original, fresh) => this.validateRefreshedToken(original, fresh),
      margin: this.refreshMargin,
      lock: options.refreshLock ?? new InProcessLock(),
      lockTtlMs: options.refreshLockTtlMs ?? 2 * (options.timeoutMs ?? DEFAULT_TIMEOUT_MS) + 5_000,
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

  /** The login route: 302 to the provider with a fresh transaction. */
  async login(scope: RequestScope): Promise<Response> {
    const request = scope.request()
    try {
      const url = new URL(request.url)
      const returnTo = safeReturnTo(url.searchParams.get('next'))
      const redirectUri = this.redirectUri(request)
      const start = await this.startLogin(request, redirectUri)
      const answer = await this.hooks.beforeLogin?.({
        provider: this.name,
        request,
        native: scope.native,
        authorizationUrl: start.authorizationUrl,
        returnTo,
      })
      if (answer instanceof Response) return answer
      this.log('login.redirect', { url: start.authorizationUrl })
      const cookie = this.transactions.create(
        { ...start.transaction, provider: this.name, createdAt: Date.now(), redirectUri, returnTo },
        this.cookieOptions(request),
      )
      return redirect(start.authorizationUrl.href, [cookie])
    } catch (error) {
      return this.fail(scope, error, [])
    }
  }

  /** The callback route: consume the transaction once, get the token, run the hook, store, redirect. */
  async authorized(scope: RequestScope): Promise<Response> {
    const request = scope.request()
    const cookies: string[] = []
    try {
      const params = await this.callbackParams(request)
      this.log('callback.received', { method: request.method, params: params.keys() })
      const handle = this.callbackHandle(params)
      if (!handle) {
        throw new DanceError('state_missing', 'The callback has no state: it was not started by this app.', {
          provider: this.name,
        })
      }
      const cookieOptions = this.cookieOptions(request)
      cookies.push(this.transactions.clearCookie(this.name, handle, cookieOptions))
      const { transaction } = this.transactions.consume(request, this.name, handle, cookieOptions)
      this.log('callback.transaction')
      const result = await this.finishLogin(params, transaction, request)
      this.log('callback.token')
      const decision = await this.hooks.authorized?.({
        provider: this.name,
        request,
        native: scope.native,
        token: result.token,
        claims: result.claims,
        userinfo: result.userinfo,
        returnTo: transaction.returnTo,
      })
      const { store, userId, accountId, response } = normalizeDecision(decision)
      const regenerate = this.options.regenerateSession
      if (regenerate === true || (regenerate === undefined && scope.session?.regenerate)) {
        await regenerateSession(scope)
        this.log('session.regenerated')
      }
      if (store) {
        await this.saveToken(scope, result.token, { userId, accountId })
        this.log('callback.stored')
      }
      if (response) return withCookies(response, cookies)
      return redirect(transaction.returnTo ?? this.afterLoginUrl(result.token, request), cookies)
    } catch (error) {
      // A failed callback ends every login of this provider in progress in this browser, so a forged
      // or replayed callback cannot leave a usable transaction behind.
      for (const clear of this.transactions.clearAll(request, this.name, this.cookieOptions(request)))
        if (!cookies.includes(clear)) cookies.push(clear)
      return this.fail(scope, error, cookies)
    }
  }

  /** Turns any failure into the error hook's answer or our error page; never throws. */
  protected async fail(scope: RequestScope, cause: unknown, cookies: string[]): Promise<Response> {
    const error = isDanceError(cause)
      ? cause
      : // Provider failures all arrive as DanceErrors; anything else is the app's (a hook, a storage).
        new DanceError('internal_error', 'The login failed because of an error in the app.', { cause })
    error.provider ??= this.name
    this.log('callback.failed', { status: error.status, error: error.code })
    try {
      const answer = await this.hooks.error?.({
        provider: this.name,
        request: scope.request(),
        native: scope.native,
        error,
      })
      if (answer instanceof Response) return withCookies(answer, cookies)
    } catch (hookError) {
      console.error(`[oauth-dance] the ${this.name} error hook threw`, hookError)
    }
    return errorPage(error, cookies)
  }

  // ---- tokens in the current request ------------------------------------------------------------

  /** The storage key for the current request's user and an optional provider account. */
  async tokenKey(scope: RequestScope, accountId?: string): Promise<TokenKey> {
    const resolver = this.options.user
    if (!resolver) return { provider: this.name, accountId }
    const memoKey = `user\u0000${this.name}`
    let userId = scope.memo.get(memoKey) as Promise<string | undefined> | undefined
    if (!userId) {
      userId = Promise.resolve(
        resolver({ native: scope.native, request: scope.request(), session: scope.session }),
      ).then((id) => (id === undefined || id === null || id === '' ? undefined : String(id)))
      scope.memo.set(memoKey, userId)
    }
    const id = await userId
    if (id === undefined && this.options.userRequired) {
      throw new DanceError('user_required', `Using ${this.name} needs a logged-in user, and there is none.`, {
        provider: this.name,
      })
    }
    return { provider: this.name, userId: id, accountId }
  }

  /** The stored token for the current request (read from storage at most once per request). */
  loadToken(scope: RequestScope, key: TokenKey): Promise<Token | undefined> {
    // Not `async`: the memoised promise is handed back as is, without wrapping it in another one.
    try {
      const memoKey = `token\u0000${serializeKey(key)}`
      const memo = scope.memo
      let pending = memo.get(memoKey) as Promise<Token | undefined> | undefined
      if (!pending) {
        pending = Promise.resolve(this.storage.get(key, { session: scope.session }))
        memo.set(memoKey, pending)
        pending.catch(() => memo.delete(memoKey))
      }
      return pending
    } catch (error) {
      // A storage that throws synchronously still rejects, as it did when this method was async.
      return Promise.reject(error)
    }
  }

  /** Stores a token for the current request's user (or the given one) and updates the request cache. */
  async saveToken(
    scope: RequestScope,
    token: Token,
    who: { userId?: string; accountId?: string } = {},
  ): Promise<void> {
    const base = await this.tokenKeyFor(scope, who)
    await this.storage.set(base, token, { session: scope.session })
    scope.memo.set(`token\u0000${serializeKey(base)}`, Promise.resolve(token))
  }

  /** Deletes the token for the current request's user and clears the request cache. */
  async deleteToken(scope: RequestScope, accountId?: string): Promise<void> {
    const key = await this.tokenKey(scope, accountId)
    await this.storage.delete(key, { session: scope.session })
    scope.memo.set(`token\u0000${serializeKey(key)}`, Promise.resolve(undefined))
  }

  /**
   * A token fit to use now: refreshed first when it expires within the margin and can be refreshed.
   * Concurrent callers share one refresh (across processes too, with a `refreshLock`).
   */
  async validToken(scope: RequestScope, accountId?: string): Promise<Token | undefined> {
    // Without a user resolver the key needs no await (tokenKey would answer the same, one tick later).
    const key = this.options.user ? await this.tokenKey(scope, accountId) : { provider: this.name, accountId }
    const token = await this.loadToken(scope, key)
    if (!token || !refreshDue(token, this.refreshMargin) || !this.canRefresh(token)) return token
    try {
      return await this.refresh(scope, key, token, 'expiring')
    } catch (error) {
      // A provider hiccup inside the margin need not fail the request: the old token still works.
      if (isTransientRefreshFailure(error) && !isExpiring(token, 0)) return token
      throw error
    }
  }

  /**
   * Refreshes `token` once for all concurrent callers (single flight, then the `refreshLock` and a
   * re-read of the storage), saves and returns the new token. Throws `reauth_required` after deleting
   * the token when the provider refuses the refresh token (`invalid_grant`); on a transient failure
   * (`refresh_failed`, `provider_timeout`) the token is kept and nothing is retried.
   * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
   */
  async refresh(
    scope: RequestScope,
    key: TokenKey,
    token: Token,
    reason: RefreshReason = 'expiring',
  ): Promise<Token> {
    const memoKey = `token\u0000${serializeKey(key)}`
    try {
      const fresh = await this.#refresher.refresh(key, token, { session: scope.session }, reason)
      scope.memo.set(memoKey, Promise.resolve(fresh))
      return fresh
    } catch (error) {
      if (isDanceError(error, 'reauth_required')) scope.memo.set(memoKey, Promise.resolve(undefined))
      throw error
    }
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
   * failed revocation; the result reports it. Waits for a refresh of the token in flight, so a late
   * refresh cannot store the token again.
   * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
   */
  async revokeAndDelete(scope: RequestScope, accountId?: string): Promise<LogoutResult> {
    const key = await this.tokenKey(scope, accountId)
    const context = { session: scope.session }
    const seen = await this.storage.get(key, context)
    const token = seen
      ? await this.#refresher.exclusive(key, seen, context, async (current) => {
          await this.storage.delete(key, context)
          return current ?? seen
        })
      : undefined
    scope.memo.set(`token\u0000${serializeKey(key)}`, Promise.resolve(undefined))
    if (!token) return { revoked: false, reason: 'no_token' }
    try {
      return (await this.revokeToken(token)) ? { revoked: true } : { revoked: false, reason: 'unsupported' }
    } catch (cause) {
      const error = isDanceError(cause)
        ? cause
        : new DanceError('revocation_failed', `Revoking the ${this.name} token failed.`, {
            cause,
            provider: this.name,
          })
      return { revoked: false, reason: 'failed', error }
    }
  }

  /**
   * Authorizes and sends an API request. On a `401` with `invalid_token` (RFC 6750 §3.1) a refreshable
   * token is refreshed once and the request retried once; a second 401 is `api_unauthorized`.
   * `request` is the caller's to give away (the client builds one per call): when no retry is possible
   * it is authorized in place; otherwise each attempt authorizes a copy.
   * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
   */
  async send(
    scope: RequestScope,
    request: OutgoingRequest,
    token: Token,
    init: ApiRequestInit,
    accountId?: string,
  ): Promise<Response> {
    const { json: _json, form: _form, query: _query, headers: _headers, body: _body, ...rest } = init
    const attempt = async (outgoing: OutgoingRequest, current: Token): Promise<Response> => {
      const authorizing = this.authorizeRequest(outgoing, current)
      // OAuth 2 authorizes synchronously: no extra await (and microtask) then.
      if (authorizing) await authorizing
      const logging = this.log.enabled()
      if (logging) this.log('api.request', { method: outgoing.method, url: outgoing.url })
      const answer = await this.apiFetch(outgoing.url, {
        ...rest,
        method: outgoing.method,
        headers: outgoing.headers,
        body: outgoing.body ?? null,
      })
      if (logging) {
        this.log('api.response', { method: outgoing.method, url: outgoing.url, status: answer.status })
      }
      return answer
    }
    // The retry must start from the request as the client built it (a query token or a signature of
    // the first attempt must not carry over), so the first attempt works on a copy only then.
    const retryable = this.canRefresh(token) && isReplayable(request.body)
    const response = await attempt(retryable ? copyRequest(request) : request, token)
    if (response.status !== 401 || !retryable || !isInvalidTokenChallenge(response)) return response
    await response.body?.cancel().catch(() => {})
    const fresh = await this.refresh(scope, await this.tokenKey(scope, accountId), token, 'rejected')
    const retried = await attempt(request, fresh)
    if (retried.status === 401) {
      await retried.body?.cancel().catch(() => {})
      throw new DanceError('api_unauthorized', `${this.name} rejected a freshly refreshed token.`, {
        provider: this.name,
      })
    }
    return retried
  }

  // ---- helpers --------------------------------------------------------------------------------

  /** The redirect URI for this request: the configured one, or our callback path on the request origin. */
  redirectUri(request: Request): string {
    if (this.options.redirectUrl) return this.options.redirectUrl
    return new URL(this.authorizedPath, new URL(request.url).origin).href
  }

  /** The current request scope, for this blueprint's client. */
  scope(): RequestScope {
    return requireScope(`The ${this.name} client`)
  }

  protected cookieOptions(request: Request) {
    const secure = new URL(request.url).protocol === 'https:'
    return { secure, sameSite: this.formPostCallback ? ('None' as const) : ('Lax' as const) }
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

  private async tokenKeyFor(
    scope: RequestScope,
    who: { userId?: string; accountId?: string },
  ): Promise<TokenKey> {
    if (who.userId !== undefined) return { provider: this.name, userId: who.userId, accountId: who.accountId }
    return this.tokenKey(scope, who.accountId)
  }
}

/**
 * What {@link Blueprint.revokeAndDelete} did at the provider; the local token is deleted in every case.
 * @see https://www.rfc-editor.org/rfc/rfc7009#section-2.2
 */
export type LogoutResult =
  | { revoked: true }
  | { revoked: false; reason: 'no_token' | 'unsupported' }
  | { revoked: false; reason: 'failed'; error: DanceError }

function copyRequest(request: OutgoingRequest): OutgoingRequest {
  return { ...request, url: new URL(request.url), headers: new Headers(request.headers) }
}

function isTransientRefreshFailure(error: unknown): boolean {
  return isDanceError(error) && (error.code === 'refresh_failed' || error.code === 'provider_timeout')
}

function isInvalidTokenChallenge(response: Response): boolean {
  const challenge = response.headers.get('www-authenticate')
  // Providers that send no challenge at all on 401 (many do) mean the same thing.
  return challenge === null || /invalid_token/i.test(challenge)
}

function isReplayable(body: BodyInit | null | undefined): boolean {
  return body === undefined || body === null || typeof body === 'string' || body instanceof URLSearchParams
}

function isAbsoluteHttp(value: string): boolean {
  // The app's own configured redirectTo may be absolute (another app of the owner); `next` never may.
  return /^https?:\/\//i.test(value)
}

function normalizeDecision(decision: AuthorizedResult): {
  store: boolean
  userId?: string
  accountId?: string
  response?: Response
} {
  if (decision === undefined || decision === true) return { store: true }
  if (decision === false) return { store: false }
  if (decision instanceof Response) return { store: true, response: decision }
  return {
    store: decision.store ?? true,
    ...(decision.userId !== undefined && { userId: decision.userId }),
    ...(decision.accountId !== undefined && { accountId: decision.accountId }),
    ...(decision.response !== undefined && { response: decision.response }),
  }
}
