/**
 * The OpenID Connect consumer blueprint: any OpenID Provider from its issuer URL and credentials.
 * Discovery (issuer checked), state + PKCE + nonce, RFC 9207 `iss` when advertised, the ID token
 * validated (signature against the JWKS, `iss`, `aud`/`azp`, `exp`/`iat`, `nonce`, `auth_time`),
 * UserInfo with its `sub` checked, refreshed ID tokens compared with the first, RP-initiated logout.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html
 */
import * as oauth from 'oauth4webapi'
import { DanceError } from '../errors.js'
import { DiscoveryCache, discoverProvider } from '../protocol/discovery.js'
import {
  type IdTokenClaims,
  IdTokenSignatures,
  idTokenError,
  storedIdTokenClaims,
} from '../protocol/id-token.js'
import { toDanceError } from '../protocol/oauth2-errors.js'
import { type Token, withExpiresAt } from '../token.js'
import type { LoginResult } from './blueprint.js'
import { requireFromEnv } from './env.js'
import { OAuth2Blueprint, type OAuth2BlueprintOptions } from './oauth2-blueprint.js'
import { checkTenantAllowed, type TenantIssuerRule, tenantMetadata } from './oidc-tenant.js'
import { redirect } from './responses.js'
import type { Transaction } from './transaction.js'

export type { TenantIssuerRule } from './oidc-tenant.js'

/** Options of {@link OidcBlueprint}. Endpoints come from discovery, so none are given here. */
export interface OidcBlueprintOptions
  extends Omit<
    OAuth2BlueprintOptions,
    'authorizationUrl' | 'tokenUrl' | 'issuer' | 'userinfoUrl' | 'revocationUrl' | 'issuerParameterSupported'
  > {
  /** The issuer identifier, exactly as the provider's discovery document names it. */
  issuer: string
  /** Where the discovery document is, when not `<issuer>/.well-known/openid-configuration`. */
  discoveryUrl?: string
  /** Re-read the discovery document after this many seconds (default 86 400). */
  discoveryMaxAge?: number
  /** The registered ID token signing algorithm; `'none'` is the only way to accept unsigned ID tokens. */
  idTokenSignedResponseAlg?: string
  /** Ask the provider to re-authenticate users older than this (seconds); `auth_time` is then checked. */
  maxAge?: number
  /**
   * Send a `nonce` and require it back (default true). Turn off only for a provider that drops it
   * (LinkedIn); the code, PKCE and `state` still bind the login.
   */
  nonce?: boolean
  /** Fetch UserInfo at login, its `sub` required to match (default true when the provider has one). */
  fetchUserinfo?: boolean
  /** Leeway for `exp`, `nbf` and `auth_time`, in seconds (default 30). */
  clockTolerance?: number
  /** Seconds to add to the local clock when it is known to be wrong (default 0). */
  clockSkew?: number
  /** A key id a JWKS re-fetch did not find is not fetched for again for this long (s, default 30). */
  jwksRefetchCooldown?: number
  /** `form_post` makes the provider POST the callback (the transaction cookie is then `SameSite=None`). */
  responseMode?: 'query' | 'form_post'
  /** Where the provider sends the browser after RP-initiated logout (absolute, or a path on this app). */
  postLogoutRedirectUrl?: string
  /** Multi-tenant issuer rule (Microsoft Entra ID). */
  tenantIssuer?: TenantIssuerRule
  /** Extra checks of the validated claims (Google `hd`); throw a DanceError to refuse the login. */
  validateClaims?: (claims: IdTokenClaims) => void
  /** Computes the client secret for each token request (Apple's signed JWT); overrides `clientSecret`. */
  clientSecretFactory?: () => string
}

/** Options of {@link OidcBlueprint.logoutUrl}. */
export interface OidcLogoutOptions {
  /** Overrides the blueprint's `postLogoutRedirectUrl`. */
  postLogoutRedirectUrl?: string
  /** Opaque value the provider echoes back to the post-logout URL. */
  state?: string
  /** The linked account whose token is dropped. */
  accountId?: string
}

/**
 * A consumer blueprint for any OpenID Provider, built from its issuer.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#CodeFlowAuth
 */
export class OidcBlueprint extends OAuth2Blueprint {
  readonly issuer: string
  protected readonly oidcOptions: OidcBlueprintOptions
  readonly #discovery: DiscoveryCache
  readonly #signatures: IdTokenSignatures

  constructor(options: OidcBlueprintOptions) {
    const { issuer } = options
    const env = options.env ?? process.env
    const factory = options.clientSecretFactory
    super({
      ...options,
      authorizationUrl: issuer,
      tokenUrl: issuer,
      issuer,
      scope: withOpenid(options.scope),
      ...(factory && { clientAuth: 'none' as const }),
    })
    this.issuer = issuer
    this.oidcOptions = options
    this.formPostCallback = options.responseMode === 'form_post'
    const clientSecret =
      factory || options.clientAuth === 'none'
        ? undefined
        : requireFromEnv(options.clientSecret, options.name, 'CLIENT_SECRET', env, 'clientSecret')
    if (factory) {
      // client_secret_post with a secret made afresh per request (Apple's short-lived ES256 JWT).
      this.clientAuth = (_as, client, body) => {
        body.set('client_id', client.client_id)
        body.set('client_secret', factory())
      }
    }
    this.oauthClient = {
      client_id: this.clientId,
      ...(options.idTokenSignedResponseAlg !== undefined && {
        id_token_signed_response_alg: options.idTokenSignedResponseAlg,
      }),
      [oauth.clockTolerance]: options.clockTolerance ?? 30,
      [oauth.clockSkew]: options.clockSkew ?? 0,
    }
    const transport = this.transport
    this.#discovery = new DiscoveryCache(
      () =>
        discoverProvider({
          issuer,
          discoveryUrl: options.discoveryUrl,
          fetch: transport,
          allowInsecureRequests: options.allowInsecureRequests,
          provider: options.name,
        }),
      options.discoveryMaxAge,
    )
    this.#signatures = new IdTokenSignatures({
      provider: options.name,
      fetch: transport,
      allowInsecureRequests: options.allowInsecureRequests,
      clientSecret,
      allowUnsigned: options.idTokenSignedResponseAlg === 'none',
      refetchCooldownSeconds: options.jwksRefetchCooldown,
    })
  }

  /** The discovered provider metadata (fetched on first use). */
  async metadata(): Promise<oauth.AuthorizationServer> {
    await this.ready()
    return this.as
  }

  protected override async ready(): Promise<void> {
    this.as = await this.#discovery.get()
  }

  protected override isIssuerKnown(): boolean {
    return true
  }

  protected override async loginExtras(): Promise<{
    params: Record<string, string>
    transaction: Partial<Transaction>
  }> {
    const nonce = this.oidcOptions.nonce === false ? undefined : oauth.generateRandomNonce()
    const maxAge = this.oidcOptions.maxAge
    const params: Record<string, string> = nonce ? { nonce } : {}
    if (maxAge !== undefined) params.max_age = String(maxAge)
    if (this.oidcOptions.responseMode === 'form_post') params.response_mode = 'form_post'
    return { params, transaction: { nonce, ...(maxAge !== undefined && { maxAge }) } }
  }

  protected override async processTokenResponse(
    response: Response,
    transaction: Transaction,
  ): Promise<LoginResult> {
    const as = await this.#metadataFor(response)
    let result: oauth.TokenEndpointResponse
    try {
      result = await oauth.processAuthorizationCodeResponse(as, this.oauthClient, response, {
        expectedNonce: transaction.nonce ?? oauth.expectNoNonce,
        requireIdToken: true,
        ...(transaction.maxAge !== undefined && { maxAge: transaction.maxAge }),
      })
    } catch (error) {
      throw idTokenError(error, 'token', this.name)
    }
    await this.#signatures.verify(this.as, response, result.id_token!)
    const claims = oauth.getValidatedIdTokenClaims(result) as unknown as IdTokenClaims
    const rule = this.oidcOptions.tenantIssuer
    if (rule) checkTenantAllowed(rule, claims, this.name)
    this.oidcOptions.validateClaims?.(claims)
    const token = withExpiresAt({ ...result } as Token)
    const userinfo = await this.#fetchUserinfo(as, token, claims.sub)
    return { token, claims, userinfo }
  }

  protected override async processRefreshResponse(response: Response, previous: Token): Promise<Token> {
    await this.ready()
    const as = await this.#metadataFor(response)
    let result: oauth.TokenEndpointResponse
    try {
      result = await oauth.processRefreshTokenResponse(as, this.oauthClient, response)
    } catch (error) {
      throw idTokenError(error, 'refresh', this.name)
    }
    const token = withExpiresAt({ ...result } as Token)
    if (typeof result.id_token !== 'string') {
      // Most providers send no new ID token on refresh; keep the login's one (claims, id_token_hint).
      if (typeof previous.id_token === 'string') token.id_token = previous.id_token
      return token
    }
    await this.#signatures.verify(this.as, response, result.id_token)
    const fresh = oauth.getValidatedIdTokenClaims(result) as unknown as IdTokenClaims
    const old = storedIdTokenClaims(previous)
    // Core §12.2: same iss, sub, aud and azp as the ID token of the login.
    for (const claim of ['iss', 'sub', 'aud', 'azp'] as const) {
      if (old && JSON.stringify(old[claim]) !== JSON.stringify(fresh[claim])) {
        throw new DanceError(
          'id_token_invalid',
          `${this.name}'s refreshed ID token has a different "${claim}" than the one from login.`,
          { provider: this.name },
        )
      }
    }
    return token
  }

  override async revokeToken(token: Token): Promise<boolean> {
    await this.ready()
    return super.revokeToken(token)
  }

  /**
   * The claims of the current user's ID token (validated at login or refresh), or undefined.
   * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
   */
  async idTokenClaims(accountId?: string): Promise<IdTokenClaims | undefined> {
    const scope = this.scope()
    return storedIdTokenClaims(await this.loadToken(scope, await this.tokenKey(scope, accountId)))
  }

  /**
   * Fetches UserInfo for the current user now, with its `sub` required to match the ID token's.
   * Throws `reauth_required` without a token, `userinfo_invalid` on a mismatch.
   * @see https://openid.net/specs/openid-connect-core-1_0.html#UserInfoResponse
   */
  async userinfo(accountId?: string): Promise<Record<string, unknown>> {
    const scope = this.scope()
    const token = await this.validToken(scope, accountId)
    const claims = storedIdTokenClaims(token)
    if (!token || !claims) {
      throw new DanceError('reauth_required', `No ${this.name} login for this request.`, {
        provider: this.name,
      })
    }
    await this.ready()
    const info = await this.#fetchUserinfo(this.as, token, claims.sub, true)
    return info ?? {}
  }

  /**
   * RP-initiated logout: drops (and revokes, where supported) the local token and returns where to send
   * the browser: the provider's
   * `end_session_endpoint` (with `id_token_hint`, `client_id`, `post_logout_redirect_uri`) or, when the
   * provider has none, the post-logout URL itself. Clear your own session as well.
   * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
   */
  async logoutUrl(options: OidcLogoutOptions = {}): Promise<string> {
    const scope = this.scope()
    const configured = options.postLogoutRedirectUrl ?? this.oidcOptions.postLogoutRedirectUrl
    // A relative post-logout URL lands on the public origin, never on a Host the request made up.
    const postLogout =
      configured === undefined ? undefined : new URL(configured, this.publicOrigin(scope.request())).href
    const token = await this.loadToken(scope, await this.tokenKey(scope, options.accountId))
    // Local first, and the refresh token revoked too when the provider can: logout never depends on it.
    await this.revokeAndDelete(scope, options.accountId)
    await this.ready()
    const endpoint = this.as.end_session_endpoint
    if (typeof endpoint !== 'string') return postLogout ?? '/'
    const url = new URL(endpoint)
    if (typeof token?.id_token === 'string') url.searchParams.set('id_token_hint', token.id_token)
    url.searchParams.set('client_id', this.clientId)
    if (postLogout) url.searchParams.set('post_logout_redirect_uri', postLogout)
    if (options.state) url.searchParams.set('state', options.state)
    return url.href
  }

  /**
   * {@link logoutUrl} as a 302 Response, for frameworks that speak Web Responses.
   * @see https://openid.net/specs/openid-connect-rpinitiated-1_0.html#RPLogout
   */
  async logout(options: OidcLogoutOptions = {}): Promise<Response> {
    return redirect(await this.logoutUrl(options))
  }

  #metadataFor(response: Response): Promise<oauth.AuthorizationServer> | oauth.AuthorizationServer {
    const rule = this.oidcOptions.tenantIssuer
    return rule ? tenantMetadata(this.as, rule, response) : this.as
  }

  async #fetchUserinfo(
    as: oauth.AuthorizationServer,
    token: Token,
    subject: string,
    force = false,
  ): Promise<Record<string, unknown> | undefined> {
    if (typeof as.userinfo_endpoint !== 'string') return undefined
    if (!force && this.oidcOptions.fetchUserinfo === false) return undefined
    try {
      const response = await oauth.userInfoRequest(
        as,
        this.oauthClient,
        token.access_token!,
        this.requestOptions(),
      )
      return { ...(await oauth.processUserInfoResponse(as, this.oauthClient, subject, response)) }
    } catch (error) {
      throw toDanceError(error, 'userinfo', this.name)
    }
  }
}

/** The scope with `openid` first, whatever the app asked for. */
function withOpenid(scope: string | readonly string[] | undefined): string | readonly string[] {
  if (scope === undefined) return ['openid', 'profile', 'email']
  const list = typeof scope === 'string' ? scope.split(/\s+/).filter(Boolean) : [...scope]
  return list.includes('openid') ? list : ['openid', ...list]
}
