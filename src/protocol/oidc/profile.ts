/**
 * OpenID Connect as a profile of the OAuth 2 code flow: metadata from discovery (issuer checked), a
 * nonce and `max_age` per login, the ID token validated (signature against the JWKS, `iss`,
 * `aud`/`azp`, `exp`/`iat`, `nonce`, `auth_time`), UserInfo with its `sub` checked, RP-initiated logout.
 */
import * as oauth from 'oauth4webapi'
import { type Token, withExpiresAt } from '../../token.js'
import { toDanceError } from '../oauth2/errors.js'
import type { OAuth2Profile } from '../oauth2/profile.js'
import type { CallbackState, EndSessionRequest, LoginResult, ProtocolContext } from '../protocol.js'
import { DiscoveryCache, discoverProvider } from './discovery.js'
import { type IdTokenClaims, IdTokenSignatures, idTokenError, storedIdTokenClaims } from './id-token.js'
import type { OidcSettings } from './settings.js'
import { checkTenantAllowed, tenantMetadata } from './tenant.js'

/** The OpenID Connect profile of one blueprint. */
export class OidcProfile implements OAuth2Profile {
  readonly kind = 'oidc' as const
  readonly postsCallback: boolean
  readonly issuerKnown = true
  readonly client: oauth.Client
  readonly #settings: OidcSettings
  readonly #context: ProtocolContext
  readonly #discovery: DiscoveryCache
  readonly #signatures: IdTokenSignatures

  constructor(
    settings: OidcSettings,
    clientId: string,
    clientSecret: string | undefined,
    context: ProtocolContext,
  ) {
    this.#settings = settings
    this.#context = context
    this.postsCallback = settings.responseMode?.startsWith('form_post') === true
    this.client = {
      client_id: clientId,
      ...(settings.idTokenSignedResponseAlg !== undefined && {
        id_token_signed_response_alg: settings.idTokenSignedResponseAlg,
      }),
      // With a client certificate, the discovered mTLS endpoint aliases are where it is expected.
      ...(context.mutualTls && { use_mtls_endpoint_aliases: true }),
      [oauth.clockTolerance]: settings.clockTolerance ?? 30,
      [oauth.clockSkew]: settings.clockSkew ?? 0,
    }
    this.#discovery = new DiscoveryCache(
      () =>
        discoverProvider({
          issuer: settings.issuer,
          discoveryUrl: settings.discoveryUrl,
          issuerPattern: settings.issuerPattern,
          fetch: context.transport,
          allowInsecureRequests: context.allowInsecureRequests,
          provider: context.name,
        }),
      settings.discoveryMaxAge,
    )
    this.#signatures = new IdTokenSignatures({
      provider: context.name,
      fetch: context.transport,
      allowInsecureRequests: context.allowInsecureRequests,
      clientSecret,
      allowUnsigned: settings.idTokenSignedResponseAlg === 'none',
      refetchCooldownSeconds: settings.jwksRefetchCooldown,
    })
  }

  server(): Promise<oauth.AuthorizationServer> {
    return this.#discovery.get()
  }

  loginExtras() {
    const nonce = this.#settings.nonce === false ? undefined : oauth.generateRandomNonce()
    const maxAge = this.#settings.maxAge
    const params: Record<string, string> = nonce ? { nonce } : {}
    if (maxAge !== undefined) params.max_age = String(maxAge)
    const mode = this.#settings.responseMode
    if (mode && mode !== 'query') params.response_mode = mode
    return { params, state: { nonce, ...(maxAge !== undefined && { maxAge }) } }
  }

  async codeResult(
    as: oauth.AuthorizationServer,
    response: Response,
    state: CallbackState,
    params: URLSearchParams,
    dpop?: oauth.DPoPHandle,
  ): Promise<LoginResult> {
    const server = await this.#metadataFor(as, response)
    let result: oauth.TokenEndpointResponse
    try {
      result = await oauth.processAuthorizationCodeResponse(server, this.client, response, {
        expectedNonce: state.nonce ?? oauth.expectNoNonce,
        requireIdToken: true,
        ...(state.maxAge !== undefined && { maxAge: state.maxAge }),
      })
    } catch (error) {
      throw idTokenError(error, 'token', this.#context.name)
    }
    await this.#signatures.verify(as, response, result.id_token!)
    const claims = oauth.getValidatedIdTokenClaims(result) as unknown as IdTokenClaims
    const rule = this.#settings.tenantIssuer
    if (rule) checkTenantAllowed(rule, claims, this.#context.name)
    this.#settings.validateClaims?.(claims)
    const token = withExpiresAt({ ...result } as Token)
    const userinfo =
      this.#settings.fetchUserinfo === false
        ? undefined
        : await this.#fetchUserinfo(server, token, claims.sub, dpop)
    const posted = this.#settings.postedUser?.(params)
    return { token, claims, userinfo, ...(posted && { unverifiedUser: posted }) }
  }

  async refreshResult(as: oauth.AuthorizationServer, response: Response, previous: Token): Promise<Token> {
    const server = await this.#metadataFor(as, response)
    let result: oauth.TokenEndpointResponse
    try {
      result = await oauth.processRefreshTokenResponse(server, this.client, response)
    } catch (error) {
      throw idTokenError(error, 'refresh', this.#context.name)
    }
    const token = withExpiresAt({ ...result } as Token)
    if (typeof result.id_token !== 'string') {
      // Most providers send no new ID token on refresh; keep the login's one (claims, id_token_hint).
      if (typeof previous.id_token === 'string') token.id_token = previous.id_token
      return token
    }
    // Signed by the provider here; that it names the same user is the refresher's identity rule.
    await this.#signatures.verify(as, response, result.id_token)
    return token
  }

  idTokenClaims(token: Token | undefined): IdTokenClaims | undefined {
    return storedIdTokenClaims(token)
  }

  async userinfo(
    token: Token,
    subject: string,
    dpop?: oauth.DPoPHandle,
  ): Promise<Record<string, unknown> | undefined> {
    return this.#fetchUserinfo(await this.server(), token, subject, dpop)
  }

  async endSessionUrl(request: EndSessionRequest): Promise<string | undefined> {
    const endpoint = (await this.server()).end_session_endpoint
    if (typeof endpoint !== 'string') return undefined
    const url = new URL(endpoint)
    const { token, postLogoutRedirectUrl, state } = request
    if (typeof token?.id_token === 'string') url.searchParams.set('id_token_hint', token.id_token)
    url.searchParams.set('client_id', this.client.client_id)
    if (postLogoutRedirectUrl) url.searchParams.set('post_logout_redirect_uri', postLogoutRedirectUrl)
    if (state) url.searchParams.set('state', state)
    return url.href
  }

  #metadataFor(
    as: oauth.AuthorizationServer,
    response: Response,
  ): Promise<oauth.AuthorizationServer> | oauth.AuthorizationServer {
    const rule = this.#settings.tenantIssuer
    return rule ? tenantMetadata(as, rule, response) : as
  }

  async #fetchUserinfo(
    as: oauth.AuthorizationServer,
    token: Token,
    subject: string,
    dpop: oauth.DPoPHandle | undefined,
    nonceRetried = false,
  ): Promise<Record<string, unknown> | undefined> {
    if (typeof as.userinfo_endpoint !== 'string') return undefined
    try {
      const headers = this.#settings.quirks?.headers
      const response = await oauth.userInfoRequest(as, this.client, token.access_token!, {
        [oauth.customFetch]: this.#context.transport,
        ...(headers && { headers }),
        ...(this.#context.allowInsecureRequests && { [oauth.allowInsecureRequests]: true }),
        ...(dpop && { DPoP: dpop }),
      })
      return { ...(await oauth.processUserInfoResponse(as, this.client, subject, response)) }
    } catch (error) {
      // A DPoP server asking for a (fresh) nonce gave it with the refusal: once more, with it.
      if (dpop && !nonceRetried && oauth.isDPoPNonceError(error)) {
        return this.#fetchUserinfo(as, token, subject, dpop, true)
      }
      throw toDanceError(error, 'userinfo', this.#context.name)
    }
  }
}
