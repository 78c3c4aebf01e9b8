/**
 * The OAuth 2 consumer blueprint: authorization code grant with PKCE (S256) and state, always.
 * Built on oauth4webapi; quirks of non-conforming providers are applied as data (see `OAuth2Quirks`).
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 * @see https://www.rfc-editor.org/rfc/rfc7636 (PKCE)
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1.1
 */
import { createHash } from 'node:crypto'
import * as oauth from 'oauth4webapi'
import { type ApiUrlResolver, apiUrlResolver } from '../client/url.js'
import { randomToken } from '../crypto/random.js'
import { DanceError, type FixedText } from '../errors.js'
import type { FetchLike } from '../protocol/http.js'
import { toDanceError } from '../protocol/oauth2-errors.js'
import { markGrantOutcome, neverSent } from '../refresh/refresh-outcome.js'
import { type Token, withExpiresAt } from '../token.js'
import { Blueprint, type LoginResult, type LoginStart, type OutgoingRequest } from './blueprint.js'
import { fromEnv, requireFromEnv } from './env.js'
import type { OAuth2BlueprintOptions } from './oauth2-options.js'
import { normalizeTokenResponse, type OAuth2Quirks } from './oauth2-quirks.js'
import type { Transaction } from './transaction.js'

// The options moved to their own file; every import path that named them here still works.
export type { ClientAuthMethod, OAuth2BlueprintOptions } from './oauth2-options.js'

/**
 * A consumer blueprint for any OAuth 2 provider.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export class OAuth2Blueprint extends Blueprint {
  override readonly protocol = 'oauth2' as const
  readonly clientId: string
  readonly baseUrl: string | undefined
  readonly quirks: OAuth2Quirks
  protected readonly oauthOptions: OAuth2BlueprintOptions
  // Mutable so OIDC can replace them once discovery has loaded (and Apple its signed client secret).
  protected as: oauth.AuthorizationServer
  protected oauthClient: oauth.Client
  protected clientAuth: oauth.ClientAuth
  protected readonly tokenFetch: FetchLike

  constructor(options: OAuth2BlueprintOptions) {
    super(options)
    this.oauthOptions = options
    const env = options.env ?? process.env
    this.clientId = requireFromEnv(options.clientId, options.name, 'CLIENT_ID', env, 'clientId')
    const method = options.clientAuth ?? 'client_secret_basic'
    const secret =
      method === 'none'
        ? undefined
        : requireFromEnv(options.clientSecret, options.name, 'CLIENT_SECRET', env, 'clientSecret')
    this.clientAuth =
      method === 'none'
        ? oauth.None()
        : method === 'client_secret_post'
          ? oauth.ClientSecretPost(secret!)
          : oauth.ClientSecretBasic(secret!)
    this.quirks = options.quirks ?? {}
    this.baseUrl = fromEnv(options.baseUrl, options.name, 'BASE_URL', env)
    for (const [label, url] of [
      ['authorizationUrl', options.authorizationUrl],
      ['tokenUrl', options.tokenUrl],
    ] as const) {
      if (!URL.canParse(url))
        throw new DanceError('config_invalid', `${options.name}: ${label} "${url}" is not a URL.`)
    }
    this.as = {
      issuer: options.issuer ?? new URL(options.authorizationUrl).origin,
      authorization_endpoint: options.authorizationUrl,
      token_endpoint: options.tokenUrl,
      ...(options.revocationUrl !== undefined && { revocation_endpoint: options.revocationUrl }),
      ...(options.userinfoUrl !== undefined && { userinfo_endpoint: options.userinfoUrl }),
      ...(options.issuerParameterSupported && { authorization_response_iss_parameter_supported: true }),
    }
    this.oauthClient = { client_id: this.clientId }
    const quirks = this.quirks
    const transport = this.transport
    this.tokenFetch = async (input, init) => {
      const [url, request] = shapeTokenRequest(input, renameClientIdParameter(init, quirks), quirks)
      return normalizeTokenResponse(await transport(url, request), quirks)
    }
  }

  /** Options passed to every oauth4webapi request: our transport, and http only when allowed. */
  protected requestOptions(fetchImpl: FetchLike = this.transport) {
    return {
      [oauth.customFetch]: fetchImpl,
      ...(this.options.allowInsecureRequests && { [oauth.allowInsecureRequests]: true }),
    }
  }

  /** The scope string for the authorization request. */
  protected scopeString(): string | undefined {
    const scope = this.oauthOptions.scope
    if (scope === undefined) return undefined
    return typeof scope === 'string' ? scope : scope.join(this.quirks.scopeSeparator ?? ' ')
  }

  /** Extra authorization parameters: subclasses (OIDC, presets) add theirs. */
  protected authorizationParams(): Record<string, string> {
    return { ...this.oauthOptions.authorizationParams }
  }

  protected override async startLogin(_request: Request, redirectUri: string): Promise<LoginStart> {
    await this.ready()
    const url = new URL(this.as.authorization_endpoint!)
    const state = randomToken()
    const usePkce = this.oauthOptions.pkce !== false
    const verifier = usePkce ? randomToken() : undefined
    const params = url.searchParams
    params.set('response_type', 'code')
    params.set(this.quirks.clientIdParameter ?? 'client_id', this.clientId)
    params.set('redirect_uri', redirectUri)
    const scope = this.scopeString()
    if (scope) params.set('scope', scope)
    params.set('state', state)
    if (verifier) {
      // RFC 7636 §4.2 S256, hashed synchronously: WebCrypto's async digest (what oauth4webapi's helper
      // uses) queued a thread-pool job per login and was a third of the login's CPU (bench/RESULTS.md).
      params.set('code_challenge', createHash('sha256').update(verifier).digest('base64url'))
      params.set('code_challenge_method', 'S256')
    }
    const extra = await this.loginExtras()
    for (const [name, value] of Object.entries({ ...this.authorizationParams(), ...extra.params }))
      params.set(name, value)
    return {
      authorizationUrl: url,
      transaction: { handle: state, verifier, issuer: this.as.issuer, ...extra.transaction },
    }
  }

  /** Hook for OIDC: a nonce and `max_age` to add to the request and remember. */
  protected async loginExtras(): Promise<{
    params: Record<string, string>
    transaction: Partial<Transaction>
  }> {
    return { params: {}, transaction: {} }
  }

  /** Hook for OIDC: load discovery metadata before use. */
  protected async ready(): Promise<void> {}

  protected override callbackHandle(params: URLSearchParams): string | undefined {
    const states = params.getAll('state')
    return states.length === 1 && states[0] ? states[0] : undefined
  }

  /**
   * The RFC 9207 `iss` and the `state` of a callback, checked here (in oauth4webapi's order) so each
   * failure has its own code; oauth4webapi reports them all under one code, told apart only by text.
   * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
   */
  #checkIssuerAndState(params: URLSearchParams, expectedState: string): void {
    const fail = <M extends string>(
      code: 'issuer_missing' | 'issuer_mismatch' | 'state_mismatch',
      message: FixedText<M>,
    ) => new DanceError(code, message, { provider: this.name })
    const issuers = params.getAll('iss')
    if (!issuers[0] && issuers.length <= 1 && this.as.authorization_response_iss_parameter_supported) {
      throw fail('issuer_missing', 'The callback lacks the "iss" parameter the provider promised (RFC 9207).')
    }
    if (issuers.length > 1 || (issuers[0] && issuers[0] !== this.as.issuer)) {
      throw fail('issuer_mismatch', 'The callback came from a different issuer (mix-up defence).')
    }
    const states = params.getAll('state')
    if (states.length !== 1 || states[0] !== expectedState) {
      throw fail('state_mismatch', 'The callback state does not match this login.')
    }
  }

  protected override async finishLogin(
    params: URLSearchParams,
    transaction: Transaction,
  ): Promise<LoginResult> {
    await this.ready()
    if (transaction.issuer !== undefined && transaction.issuer !== this.as.issuer) {
      throw new DanceError('issuer_mismatch', 'The login was started with a different issuer.', {
        provider: this.name,
      })
    }
    let validated: URLSearchParams
    try {
      const checked = new URLSearchParams(params)
      // Without a known issuer we cannot compare `iss`; the distinct callback path per blueprint and
      // the provider-bound transaction are the mix-up defence then (RFC 9700 §4.4.2.2).
      if (!this.oauthOptions.issuer && !this.isIssuerKnown()) checked.delete('iss')
      this.#checkIssuerAndState(checked, transaction.handle)
      validated = oauth.validateAuthResponse(this.as, this.oauthClient, checked, transaction.handle)
    } catch (error) {
      throw toDanceError(error, 'callback', this.name)
    }
    // A code-flow callback carries exactly one non-empty code and never a token (RFC 9700 §2.1.2).
    // Checked here so a malformed callback is a 400 and reaches no endpoint (oauth4webapi would
    // silently take the first of two codes).
    const codes = validated.getAll('code')
    if (codes.length !== 1 || !codes[0] || validated.has('access_token')) {
      throw new DanceError(
        'callback_invalid',
        'The callback does not carry exactly one authorization code.',
        {
          provider: this.name,
        },
      )
    }
    let response: Response
    try {
      const additionalParameters: Record<string, string> = {
        ...this.quirks.tokenRequestParams,
        ...this.oauthOptions.tokenParams,
      }
      if (this.quirks.clientIdInTokenBody) additionalParameters.client_id = this.clientId
      response = await oauth.authorizationCodeGrantRequest(
        this.as,
        this.oauthClient,
        this.clientAuth,
        validated,
        transaction.redirectUri,
        transaction.verifier ?? oauth.nopkce,
        { ...this.requestOptions(this.tokenFetch), additionalParameters },
      )
    } catch (error) {
      // Never retried: an authorization code is single-use (RFC 6749 §4.1.2).
      throw toDanceError(error, 'token', this.name)
    }
    return this.processTokenResponse(response, transaction)
  }

  /** True when the issuer comes from discovery (OIDC) rather than a guess. */
  protected isIssuerKnown(): boolean {
    return false
  }

  /** Validates the token response; OIDC overrides this to validate the ID token and fetch UserInfo. */
  protected async processTokenResponse(response: Response, _transaction: Transaction): Promise<LoginResult> {
    try {
      const result = await oauth.processAuthorizationCodeResponse(this.as, this.oauthClient, response)
      return { token: withExpiresAt({ ...result } as Token) }
    } catch (error) {
      throw toDanceError(error, 'token', this.name)
    }
  }

  override canRefresh(token: Token): boolean {
    return (
      this.oauthOptions.refresh !== false &&
      typeof token.refresh_token === 'string' &&
      token.refresh_token !== ''
    )
  }

  protected override async refreshGrant(token: Token): Promise<Token> {
    // Each failure says what the provider can have seen (refresh/refresh-outcome.ts): the refresher
    // presents a refresh token again only when it provably was not spent.
    try {
      await this.ready()
    } catch (error) {
      throw markGrantOutcome(toDanceError(error, 'refresh', this.name), 'not-sent')
    }
    let response: Response
    try {
      const additionalParameters: Record<string, string> = { ...this.quirks.tokenRequestParams }
      if (this.quirks.clientIdInTokenBody) additionalParameters.client_id = this.clientId
      response = await oauth.refreshTokenGrantRequest(
        this.quirks.refreshTokenUrl ? { ...this.as, token_endpoint: this.quirks.refreshTokenUrl } : this.as,
        this.oauthClient,
        this.clientAuth,
        token.refresh_token!,
        {
          ...this.requestOptions(this.tokenFetch),
          additionalParameters,
        },
      )
    } catch (error) {
      // No answer: refused before sending (connection, DNS) is not sent; a timeout or reset may be.
      const outcome = neverSent(error) ? 'not-sent' : 'maybe-spent'
      throw markGrantOutcome(toDanceError(error, 'refresh', this.name), outcome)
    }
    try {
      return await this.processRefreshResponse(response, token)
    } catch (error) {
      // An OAuth error answer (any status, including GitHub-style 200s) issued nothing; an error
      // status did not either. Anything else (a token refused here, JWKS trouble) may have spent it.
      const refused = error instanceof oauth.ResponseBodyError || response.status >= 400
      throw markGrantOutcome(toDanceError(error, 'refresh', this.name), refused ? 'refused' : 'maybe-spent')
    }
  }

  /** Validates a refresh response; OIDC overrides this to check the new ID token against the old one. */
  protected async processRefreshResponse(response: Response, _previous: Token): Promise<Token> {
    const result = await oauth.processRefreshTokenResponse(this.as, this.oauthClient, response)
    return withExpiresAt({ ...result } as Token)
  }

  /** Built on first use: the base URL is parsed once per blueprint, not once per API call. */
  #apiUrl: ApiUrlResolver | undefined

  override resolveApiUrl(path: string | URL): URL {
    this.#apiUrl ??= apiUrlResolver(this.name, this.baseUrl, this.oauthOptions.allowedApiOrigins)
    return this.#apiUrl(path)
  }

  override authorizeRequest(request: OutgoingRequest, token: Token): void {
    const accessToken = token.access_token
    if (typeof accessToken !== 'string') {
      throw new DanceError('api_unauthorized', `The stored ${this.name} token has no access token.`, {
        provider: this.name,
      })
    }
    const apiHeaders = this.quirks.apiHeaders
    // Most providers have none; skip the entries array on every API call then.
    if (apiHeaders) {
      for (const [name, value] of Object.entries(apiHeaders)) {
        if (!request.headers.has(name)) request.headers.set(name, value)
      }
    }
    if (this.quirks.clientIdHeader) request.headers.set(this.quirks.clientIdHeader, this.clientId)
    if (this.quirks.tokenHeader) {
      request.headers.set(this.quirks.tokenHeader, accessToken)
      return
    }
    if (
      this.quirks.tokenBodyParameter &&
      putTokenInFormBody(request, this.quirks.tokenBodyParameter, accessToken)
    )
      return
    if (this.quirks.tokenQueryParameter) {
      // Only for providers that require it (RFC 6750 §2.3 discourages it; RFC 9700 G9).
      if (!request.url.searchParams.has(this.quirks.tokenQueryParameter)) {
        request.url.searchParams.set(this.quirks.tokenQueryParameter, accessToken)
      }
      return
    }
    request.headers.set('authorization', `${this.quirks.authorizationScheme ?? 'Bearer'} ${accessToken}`)
  }

  /**
   * Revokes the token at the provider (RFC 7009), refresh token first. Resolves false when the provider
   * has no revocation endpoint; throws `revocation_failed` when it fails.
   * @see https://www.rfc-editor.org/rfc/rfc7009#section-2
   */
  override async revokeToken(token: Token): Promise<boolean> {
    if (!this.as.revocation_endpoint) return false
    const value = token.refresh_token ?? token.access_token
    if (typeof value !== 'string') return false
    try {
      const response = await oauth.revocationRequest(this.as, this.oauthClient, this.clientAuth, value, {
        ...this.requestOptions(),
        additionalParameters: { token_type_hint: token.refresh_token ? 'refresh_token' : 'access_token' },
      })
      await oauth.processRevocationResponse(response)
      return true
    } catch (error) {
      const mapped = toDanceError(error, 'revocation', this.name)
      throw new DanceError('revocation_failed', `Revoking the ${this.name} token failed.`, {
        cause: mapped,
        provider: this.name,
      })
    }
  }
}

/** Renames `client_id` in a token request body for providers that call it otherwise (TikTok `client_key`). */
function renameClientIdParameter(
  init: RequestInit | undefined,
  quirks: OAuth2Quirks,
): RequestInit | undefined {
  const name = quirks.clientIdParameter
  if (!name || !init?.body || !(init.body instanceof URLSearchParams || typeof init.body === 'string'))
    return init
  const body = new URLSearchParams(init.body)
  const id = body.get('client_id')
  if (id === null) return init
  body.delete('client_id')
  body.set(name, id)
  return { ...init, body }
}

/** Moves a token request's parameters into its query for providers that read them there (ClickUp). */
function shapeTokenRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
  quirks: OAuth2Quirks,
): [string | URL | Request, RequestInit | undefined] {
  if (!quirks.tokenParamsInQuery || input instanceof Request) return [input, init]
  if (!(init?.body instanceof URLSearchParams || typeof init?.body === 'string')) return [input, init]
  const url = new URL(input)
  for (const [name, value] of new URLSearchParams(init.body)) url.searchParams.append(name, value)
  const headers = new Headers(init.headers)
  headers.delete('content-type')
  return [url.href, { ...init, body: null, headers }]
}

/** Adds the token to a form body (or an empty one) of a non-GET request; false when it cannot. */
function putTokenInFormBody(request: OutgoingRequest, name: string, token: string): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false
  const type = request.headers.get('content-type')
  const empty = request.body === undefined || request.body === null || request.body === ''
  const form =
    type?.startsWith('application/x-www-form-urlencoded') &&
    (typeof request.body === 'string' || request.body instanceof URLSearchParams)
  if (!empty && !form) return false
  const body = new URLSearchParams(empty ? '' : (request.body as string | URLSearchParams))
  // A token the caller put in the body on purpose wins (another workspace's token, say).
  if (!body.has(name)) body.set(name, token)
  request.body = body.toString()
  request.headers.set('content-type', 'application/x-www-form-urlencoded')
  return true
}
