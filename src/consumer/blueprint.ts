/**
 * The consumer blueprint: two routes (login and callback), the login transaction, hooks, token storage
 * and the request-scoped client, around a protocol object (OAuth 2, OpenID Connect or OAuth 1.0a) that
 * does every exchange with the provider. One class for every protocol and provider: a provider's quirks
 * are data its protocol applies, never a subclass.
 */
import { ApiClient, type ApiRequestInit, type ClientTarget, type LogoutResult } from '../client/api-client.js'
import { apiUrlResolver } from '../client/url.js'
import { type RequestScope, requireScope, urlOf } from '../context.js'
import { envOf, fromEnv, isProduction } from '../env.js'
import { DanceError } from '../errors.js'
import { createLog, type SwitchableLog } from '../log.js'
import { backChannelTls } from '../protocol/client-certificate.js'
import { apiDeadlines, apiFetch, apiSender, makeTransport } from '../protocol/http.js'
import type { IdTokenClaims } from '../protocol/oidc/id-token.js'
import type { OutgoingRequest, Protocol, ProtocolContext } from '../protocol/protocol.js'
import type { RefreshReason } from '../refresh/token-freshness.js'
import { SessionStorage } from '../storage/session.js'
import type { TokenKey, TokenStorage } from '../storage/types.js'
import type { Token } from '../token.js'
import { ApiCalls, DEFAULT_API_MAX_RESPONSE_BYTES, DEFAULT_API_TIMEOUT_MS } from './api-calls.js'
import type { BlueprintHooks } from './hooks.js'
import { csrfToken, type LoginForm, type LoginFormOptions, loginForm } from './login-csrf.js'
import type { BlueprintOptions } from './options.js'
import { PublicOrigin } from './public-origin.js'
import { answerResponse, type RouteAnswer, redirect } from './responses.js'
import { type HostMatcher, hostMatcher } from './route-host.js'
import { LoginRoutes } from './routes.js'
import { TransactionStore } from './transaction/transaction.js'
import { type TokenOwner, UserTokens } from './user-tokens.js'

const NAME_PATTERN = /^[a-z0-9][a-z0-9_-]{0,62}$/

/**
 * The mark every blueprint carries, the same in every loaded copy of oauth-dance (a registered
 * symbol), so an adapter can tell another copy's blueprint from an options object.
 */
export const BLUEPRINT_BRAND: unique symbol = Symbol.for('oauth-dance.blueprint')

/** Options of {@link Blueprint.logoutUrl}. */
export interface LogoutOptions {
  /** Where the provider sends the browser after logout (absolute, or a path on this app). */
  postLogoutRedirectUrl?: string
  /** Opaque value the provider echoes back to the post-logout URL. */
  state?: string
  /** The linked account whose token is dropped. */
  accountId?: string
}

/** Builds a protocol for a blueprint, given who it is for and its back channel. */
export type ProtocolFactory<P extends Protocol> = (context: ProtocolContext) => P

/**
 * A consumer blueprint for one provider. Make one with a preset (`makeGithubBlueprint`) or
 * `makeOAuth2Blueprint` / `makeOidcBlueprint` / `makeOAuth1Blueprint`, and mount it with an adapter.
 */
export class Blueprint<P extends Protocol = Protocol> implements ClientTarget {
  /** Marks a blueprint across copies of the package (see {@link BLUEPRINT_BRAND}). */
  readonly [BLUEPRINT_BRAND] = true
  /** The unique name, e.g. `github`. */
  readonly name: string
  /** Path of the login route. */
  readonly loginPath: string
  /** Path of the callback route. */
  readonly authorizedPath: string
  /** Base URL API paths are resolved against, if any. */
  readonly baseUrl: string | undefined
  /** The protocol that talks to the provider. */
  readonly protocol: P
  /** The request-scoped API client of this blueprint (the same as the preset module's export). */
  readonly client: ApiClient<Blueprint<P>>
  /** True when the login route is POST-only (`loginRequiresPost`): adapters hand it the posted form. */
  readonly loginPosts: boolean
  /** Where the post-logout URL of {@link logoutUrl} points unless given. */
  readonly #postLogoutRedirectUrl: string | undefined
  readonly #origin: PublicOrigin
  readonly #tokens: UserTokens
  readonly #routes: LoginRoutes
  readonly #calls: ApiCalls
  readonly #resolveApiUrl: (path: string | URL) => URL
  readonly #answersHost: HostMatcher

  constructor(options: BlueprintOptions, protocol: ProtocolFactory<P>) {
    if (!NAME_PATTERN.test(options.name)) {
      throw new DanceError('config_invalid', `Blueprint name "${options.name}" must match ${NAME_PATTERN}.`)
    }
    // Plain-http provider endpoints are for a provider on this machine: a stand-in's options carry the
    // switch, and a production app given them (or a leftover development config) would send codes,
    // client secrets and tokens over plain http.
    if (options.allowInsecureRequests === true && isProduction(options.env)) {
      throw new DanceError(
        'config_invalid',
        `The ${options.name} blueprint has \`allowInsecureRequests\`, which is for development: it is refused when NODE_ENV is production.`,
        { provider: options.name },
      )
    }
    const env = envOf(options.env)
    const log: SwitchableLog = createLog(options.name, options.logger)
    // A private CA and a client certificate ride on the back channel's own TLS agent: every connection
    // (provider and APIs) trusts the one and presents the other. makeTransport refuses them with an
    // injected fetch or off Node, rather than ignore them.
    const tls = backChannelTls(options.tls, options.clientCertificate, options.name)
    const transport = makeTransport({ ...options, tls, provider: options.name, log })
    this.name = options.name
    const prefix = (options.urlPrefix ?? '/login').replace(/\/+$/, '')
    this.loginPath = options.loginPath ?? `${prefix}/${options.name}`
    this.authorizedPath = options.authorizedPath ?? `${this.loginPath}/authorized`
    this.#postLogoutRedirectUrl = options.postLogoutRedirectUrl
    this.loginPosts = options.loginRequiresPost === true
    this.#answersHost = hostMatcher(options.name, options.host)
    this.#origin = new PublicOrigin(options)
    this.protocol = protocol({
      name: options.name,
      transport,
      allowInsecureRequests: options.allowInsecureRequests,
      mutualTls: tls?.cert !== undefined,
    })
    this.#tokens = new UserTokens(options, options.storage ?? new SessionStorage(), this.protocol, log)
    this.#routes = new LoginRoutes({
      options,
      protocol: this.protocol,
      origin: this.#origin,
      transactions: new TransactionStore({
        secret: options.secret,
        maxAgeSeconds: options.transactionMaxAge,
        env: options.env,
      }),
      tokens: this.#tokens,
      log,
      authorizedPath: this.authorizedPath,
    })
    this.baseUrl = fromEnv(options.baseUrl, options.name, 'BASE_URL', env)
    this.#resolveApiUrl = apiUrlResolver(options.name, this.baseUrl, options.allowedApiOrigins)
    this.#calls = new ApiCalls({
      name: options.name,
      protocol: this.protocol,
      tokens: this.#tokens,
      log,
      fetch: apiFetch({ fetch: options.fetch, tls }),
      sender: apiSender({ fetch: options.fetch, tls }),
      deadlines: apiDeadlines({ fetch: options.fetch, tls }),
      resolveApiUrl: this.#resolveApiUrl,
      timeoutMs: options.apiTimeoutMs ?? DEFAULT_API_TIMEOUT_MS,
      maxResponseBytes: options.apiMaxResponseBytes ?? DEFAULT_API_MAX_RESPONSE_BYTES,
    })
    this.client = new ApiClient<Blueprint<P>>(options.name, () => this)
  }

  /** Token storage; replaceable at any time. */
  get storage(): TokenStorage {
    return this.#tokens.storage
  }
  set storage(storage: TokenStorage) {
    this.#tokens.storage = storage
  }

  /** Hooks; replaceable at any time. */
  get hooks(): BlueprintHooks {
    return this.#routes.hooks
  }
  set hooks(hooks: BlueprintHooks) {
    this.#routes.hooks = hooks
  }

  /** Seconds before expiry at which tokens are refreshed. */
  get refreshMargin(): number {
    return this.#tokens.margin
  }

  // ---- routes ---------------------------------------------------------------------------------

  /**
   * Answers our two routes; undefined for any other request (another path, method, or a host the `host`
   * option leaves out), so the app handles it.
   */
  route(scope: RequestScope): Promise<Response> | undefined {
    return this.answer(scope)?.then(answerResponse)
  }

  /**
   * What {@link route} answers, before a redirect of ours becomes a standard Response: for adapters
   * that write it to their framework's own response (`RouteRedirect`: status 302, `location`, the
   * `Set-Cookie` values and the security headers). Any other answer is a Response.
   */
  answer(scope: RequestScope): Promise<RouteAnswer> | undefined {
    const request = scope.view?.() ?? scope.request()
    const url = urlOf(request)
    if (!this.#answersHost(url.host)) return undefined
    const path = url.pathname
    if (
      path === this.loginPath &&
      (request.method === 'GET' || (request.method === 'POST' && this.loginPosts))
    ) {
      return this.#routes.login(scope)
    }
    if (path === this.authorizedPath && (request.method === 'GET' || request.method === 'POST')) {
      return this.#routes.authorized(scope)
    }
    return undefined
  }

  /**
   * The login button of this blueprint for the current request: a form that POSTs to the login route
   * with the session's CSRF token (made on first use), as `html` or as parts for a template. Needed
   * with `loginRequiresPost`; works without it too. Throws `session_unavailable` without a session.
   */
  loginForm(options: LoginFormOptions = {}): LoginForm {
    const scope = this.#scope()
    return loginForm(this.loginPath, csrfToken(scope.session, this.name), this.name, options)
  }

  /**
   * Whether the routes answer requests for `host` (`hostname[:port]`, as in a URL): always, unless the
   * `host` option names others. Adapters ask before reading a posted callback's body.
   */
  answersHost(host: string): boolean {
    return this.#answersHost(host)
  }

  /** The login route: 302 to the provider with a fresh transaction. */
  login(scope: RequestScope): Promise<Response> {
    return this.#routes.login(scope).then(answerResponse)
  }

  /** The callback route: consume the transaction once, get the token, run the hook, store, redirect. */
  authorized(scope: RequestScope): Promise<Response> {
    return this.#routes.authorized(scope).then(answerResponse)
  }

  /**
   * The redirect URI for this request: the configured one, or the callback path on the public origin.
   * Throws `origin_not_allowed` when the request came to an origin the app does not serve.
   */
  redirectUri(request: Request): string {
    return this.#origin.redirectUri(request, this.authorizedPath)
  }

  /** The origin URLs for this request are built on; throws `origin_not_allowed` for any other. */
  publicOrigin(request: Request): string {
    return this.#origin.of(request)
  }

  // ---- tokens of the current request -------------------------------------------------------------

  /** The storage key for the current request's user and an optional provider account. */
  tokenKey(scope: RequestScope, accountId?: string): Promise<TokenKey> {
    return this.#tokens.key(scope, accountId)
  }

  /** The stored token under `key` (read from storage at most once per request). */
  loadToken(scope: RequestScope, key: TokenKey): Promise<Token | undefined> {
    return this.#tokens.load(scope, key)
  }

  /** The stored token of the current request's user (and account). */
  async storedToken(scope: RequestScope, accountId?: string): Promise<Token | undefined> {
    return this.#tokens.load(scope, await this.#tokens.key(scope, accountId))
  }

  /** Stores a token for the current request's user (or the given one) and updates the request cache. */
  saveToken(scope: RequestScope, token: Token, who: TokenOwner = {}): Promise<void> {
    return this.#tokens.save(scope, token, who)
  }

  /** Deletes the token for the current request's user and clears the request cache. */
  deleteToken(scope: RequestScope, accountId?: string): Promise<void> {
    return this.#tokens.delete(scope, accountId)
  }

  /**
   * A token fit to use now: refreshed first when it expires within the margin and can be refreshed.
   * Concurrent callers share one refresh (across processes too, with a `refreshLock`).
   */
  validToken(scope: RequestScope, accountId?: string): Promise<Token | undefined> {
    return this.#tokens.valid(scope, accountId)
  }

  /** Whether this token can be refreshed. */
  canRefresh(token: Token): boolean {
    return this.protocol.canRefresh(token)
  }

  /**
   * Refreshes `token` once for all concurrent callers, saves and returns the new token. Throws
   * `reauth_required` after deleting the token when the provider refuses the refresh token
   * (`invalid_grant`); on a transient failure (`refresh_failed`, `provider_timeout`) the token is kept.
   */
  refresh(
    scope: RequestScope,
    key: TokenKey,
    token: Token,
    reason: RefreshReason = 'expiring',
  ): Promise<Token> {
    return this.#tokens.refresh(scope, key, token, reason)
  }

  /**
   * Logs the current user out of this provider: deletes the local token first (so logout never depends
   * on the provider), then revokes it at the provider when it can. A failed revocation is reported in
   * the result, never thrown; a failed local delete still revokes, then throws.
   */
  revokeAndDelete(scope: RequestScope, accountId?: string): Promise<LogoutResult> {
    return this.#tokens.revokeAndDelete(scope, accountId)
  }

  /** The claims of the stored, validated ID token (OpenID Connect), or undefined. */
  async storedClaims(scope: RequestScope, accountId?: string): Promise<IdTokenClaims | undefined> {
    return this.protocol.idTokenClaims(await this.storedToken(scope, accountId))
  }

  // ---- API calls ------------------------------------------------------------------------------

  /** Resolves an API path against the provider's API base URL; refuses other origins. */
  resolveApiUrl(path: string | URL): URL {
    return this.#resolveApiUrl(path)
  }

  /**
   * Authorizes and sends an API request. On a `401` with `invalid_token` a refreshable token is
   * refreshed once and the request retried once; a second 401 is `api_unauthorized`.
   */
  send(
    scope: RequestScope,
    request: OutgoingRequest,
    token: Token,
    init: ApiRequestInit,
    accountId?: string,
  ): Promise<Response> {
    return this.#calls.send(scope, request, token, init, accountId)
  }

  // ---- the current user, inside a request -------------------------------------------------------

  /**
   * The claims of the current user's ID token (validated at login or refresh), or undefined.
   */
  idTokenClaims(accountId?: string): Promise<IdTokenClaims | undefined> {
    return this.storedClaims(this.#scope(), accountId)
  }

  /**
   * Fetches UserInfo for the current user now, its `sub` required to match the ID token's. Throws
   * `reauth_required` without a login, `userinfo_invalid` on a mismatch.
   * @see [OpenID Connect Core 1.0 - UserInfo Response](https://openid.net/specs/openid-connect-core-1_0.html#UserInfoResponse)
   */
  async userinfo(accountId?: string): Promise<Record<string, unknown>> {
    if (this.protocol.kind !== 'oidc') {
      throw new DanceError(
        'config_invalid',
        `${this.name} is not an OpenID Connect blueprint: UserInfo is checked against an ID token's subject.`,
        { provider: this.name },
      )
    }
    const token = await this.validToken(this.#scope(), accountId)
    const claims = this.protocol.idTokenClaims(token)
    if (!token || !claims) {
      throw new DanceError('reauth_required', `No ${this.name} login for this request.`, {
        provider: this.name,
      })
    }
    return (await this.protocol.userinfo(token, claims.sub)) ?? {}
  }

  /**
   * Logs the current user out: drops (and revokes, where supported) the local token and returns where
   * to send the browser: the provider's RP-initiated logout endpoint when it has one (with
   * `id_token_hint`, `client_id`, `post_logout_redirect_uri`), else the post-logout URL itself. Clear
   * your own session as well.
   * @see [OpenID Connect RP-Initiated Logout 1.0](https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout)
   */
  async logoutUrl(options: LogoutOptions = {}): Promise<string> {
    const scope = this.#scope()
    const configured = options.postLogoutRedirectUrl ?? this.#postLogoutRedirectUrl
    // A relative post-logout URL lands on the public origin, never on a Host the request made up.
    const postLogout =
      configured === undefined ? undefined : new URL(configured, this.#origin.of(scope.request())).href
    const token = await this.storedToken(scope, options.accountId)
    // Local first, and the refresh token revoked too when the provider can: logout never depends on it.
    await this.revokeAndDelete(scope, options.accountId)
    const url = await this.protocol.endSessionUrl({
      token,
      postLogoutRedirectUrl: postLogout,
      state: options.state,
    })
    return url ?? postLogout ?? '/'
  }

  /**
   * {@link logoutUrl} as a 302 Response, for frameworks that speak Web Responses.
   */
  async logout(options: LogoutOptions = {}): Promise<Response> {
    return redirect(await this.logoutUrl(options))
  }

  #scope(): RequestScope {
    return requireScope(`The ${this.name} blueprint`)
  }
}
