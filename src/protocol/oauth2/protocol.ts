/**
 * The OAuth 2 authorization code flow with PKCE (S256) and state, always, on oauth4webapi. OpenID
 * Connect is the same flow with another {@link OAuth2Profile}; provider quirks are data it applies.
 *
 * @see [RFC 6749 - The OAuth 2.0 Authorization Framework](https://www.rfc-editor.org/rfc/rfc6749.html#section-4.1)
 * @see [RFC 9700 - Best Current Practice for OAuth 2.0 Security](https://www.rfc-editor.org/rfc/rfc9700.html#section-2.1.1)
 */
import { hash } from 'node:crypto'
import * as oauth from 'oauth4webapi'
import { randomToken } from '../../crypto/random.js'
import { DanceError } from '../../errors.js'
import { markGrantOutcome, neverSent } from '../../grant-outcome.js'
import { decodeJwt } from '../../jwt.js'
import { withMembers } from '../../objects.js'
import type { Token } from '../../token.js'
import type { FetchLike } from '../http.js'
import type { IdTokenClaims } from '../oidc/id-token.js'
import type {
  CallbackState,
  EndSessionRequest,
  LoginResult,
  LoginStart,
  OutgoingRequest,
  Protocol,
  ProtocolContext,
} from '../protocol.js'
import { authorizeBearer } from './bearer.js'
import { checkIssuerAndState, checkSingleCode } from './callback.js'
import { type LoadedClientKey, loadClientKey } from './client-key.js'
import {
  DPOP_KEY_MEMBER,
  DpopNonces,
  dpopKeyOf,
  isDpopBound,
  isNonceChallenge,
  isNonceRefusal,
  newDpopKey,
  resourceProof,
  withoutDpopKey,
} from './dpop.js'
import { toDanceError } from './errors.js'
import { FAPI2_ALGORITHMS, fapi2Settings } from './fapi2.js'
import { type OAuth2Profile, plainProfile } from './profile.js'
import { pushAuthorizationRequest, pushesRequests } from './pushed-request.js'
import type { OAuth2Quirks } from './quirks.js'
import { signedRequestParams, signsRequests } from './request-object.js'
import { revocationFetch } from './revocation-request.js'
import type { OAuth2Credentials, OAuth2Settings } from './settings.js'
import { tokenEndpointFetch } from './token-endpoint.js'

/** An authorization endpoint split for building login URLs on it. */
interface EndpointParts {
  /** The endpoint as configured or discovered. */
  readonly href: string
  /** The endpoint without its query and fragment. */
  readonly base: string
  /** Its own query (`?…` or empty), kept under the login's parameters. */
  readonly search: string
  /** Its fragment (`#…` or empty). */
  readonly hash: string
}

/** The OAuth 2 protocol of one blueprint. */
export class OAuth2Protocol implements Protocol {
  readonly kind: 'oauth2' | 'oidc'
  readonly postsCallback: boolean
  /** The client id this protocol authenticates with. */
  readonly clientId: string
  /** The configured issuer, if any (OpenID Connect always has one). */
  readonly issuer: string | undefined
  /** The provider's deviations from the standard, applied here. */
  readonly quirks: OAuth2Quirks
  /** What this protocol was configured with. */
  readonly settings: OAuth2Settings
  readonly #context: ProtocolContext
  readonly #profile: OAuth2Profile
  readonly #clientAuth: oauth.ClientAuth
  readonly #revocationClientAuth: oauth.ClientAuth
  /** The client's private key, checked at start-up: client assertions and signed requests. */
  readonly #clientKey: LoadedClientKey | undefined
  readonly #tokenFetch: FetchLike
  readonly #revocationFetch: FetchLike
  /** DPoP server nonces by origin, shared by every user of this blueprint. */
  readonly #nonces = new DpopNonces()
  /** The authorization endpoint last used, split once rather than parsed on every login. */
  #endpoint: EndpointParts | undefined

  constructor(
    settings: OAuth2Settings,
    credentials: OAuth2Credentials,
    context: ProtocolContext,
    profile: OAuth2Profile,
  ) {
    this.settings =
      settings.profile === 'fapi2'
        ? fapi2Settings(settings, credentials, context.name, context.mutualTls === true)
        : settings
    this.#context = context
    this.#profile = profile
    this.kind = profile.kind
    this.postsCallback = profile.postsCallback
    this.clientId = credentials.clientId
    this.issuer = settings.issuer
    this.quirks = settings.quirks ?? {}
    this.#clientKey = clientKeyFor(this.settings, credentials, context.name)
    this.#clientAuth = clientAuthFor(this.settings, credentials, this.#clientKey, context.name)
    const revocationAuth = this.quirks.revocationClientAuth
    this.#revocationClientAuth =
      revocationAuth === 'bearer'
        ? revokedTokenAsBearer
        : revocationAuth
          ? clientAuthFor(
              { ...this.settings, clientAuth: revocationAuth },
              credentials,
              this.#clientKey,
              context.name,
            )
          : this.#clientAuth
    if (this.settings.signedRequests && !this.#clientKey) {
      throw new DanceError(
        'config_invalid',
        `${context.name}: signedRequests needs the client's private key (\`clientPrivateKey\`).`,
        { provider: context.name },
      )
    }
    this.#tokenFetch = tokenEndpointFetch(this.#nonces.recording(context.transport), this.quirks)
    this.#revocationFetch = revocationFetch(context.transport, this.quirks)
  }

  /** The authorization server's metadata (discovered first, for OpenID Connect). */
  metadata(): Promise<oauth.AuthorizationServer> {
    return this.#profile.server()
  }

  async startLogin(redirectUri: string): Promise<LoginStart> {
    const as = await this.#profile.server()
    const endpoint = this.#endpointOf(as)
    const state = randomToken()
    const verifier = this.settings.pkce !== false ? randomToken() : undefined
    // Built apart and parsed into a URL once: each `set` on `url.searchParams` re-serialises the URL.
    const params = new URLSearchParams(endpoint.search)
    params.set('response_type', 'code')
    params.set(this.quirks.clientIdParameter ?? 'client_id', this.clientId)
    params.set('redirect_uri', redirectUri)
    const scope = this.#scopeString()
    if (scope) params.set(this.quirks.scopeParameter ?? 'scope', scope)
    params.set('state', state)
    if (verifier) {
      // RFC 7636 §4.2 S256, hashed synchronously: WebCrypto's async digest queues a thread-pool job per
      // login, a third of the login's CPU (bench/NOTES.md).
      params.set('code_challenge', hash('sha256', verifier, 'base64url'))
      params.set('code_challenge_method', 'S256')
    }
    const extra = this.#profile.loginExtras()
    // In this order, a parameter in both takes the profile's value, in the place the first one had.
    const configured = this.settings.authorizationParams
    if (configured) for (const name of Object.keys(configured)) params.set(name, configured[name]!)
    for (const name of Object.keys(extra.params)) params.set(name, extra.params[name]!)
    const sent = signsRequests(as, this.settings.signedRequests)
      ? await signedRequestParams(as, this.#profile.client, params, this.#clientKey, this.#context.name)
      : params
    const query = sent.toString()
    const authorizationUrl = pushesRequests(as, this.settings.pushedAuthorizationRequests)
      ? await pushAuthorizationRequest(as, sent, {
          client: this.#profile.client,
          clientAuth: this.#clientAuth,
          options: this.#requestOptions(this.#context.transport),
          provider: this.#context.name,
        })
      : new URL(`${endpoint.base}${query && `?${query}`}${endpoint.hash}`)
    return { authorizationUrl, state: { key: state, verifier, issuer: as.issuer, ...extra.state } }
  }

  /** The authorization endpoint of `as` in parts: before the query, the query, the fragment. */
  #endpointOf(as: oauth.AuthorizationServer): EndpointParts {
    const href = as.authorization_endpoint!
    if (this.#endpoint?.href !== href) {
      const url = new URL(href)
      const { search, hash } = url
      url.search = ''
      url.hash = ''
      this.#endpoint = { href, base: url.href, search, hash }
    }
    return this.#endpoint
  }

  callbackKey(params: URLSearchParams): string | undefined {
    // JARM: the state is inside the signed response; read unverified here only to find the login's
    // transaction, and verified with the rest before anything is used.
    if (this.#jarm) return jarmState(params)
    const states = params.getAll('state')
    return states.length === 1 && states[0] ? states[0] : undefined
  }

  async finishLogin(posted: URLSearchParams, state: CallbackState): Promise<LoginResult> {
    const { name } = this.#context
    const as = await this.#profile.server()
    const params = this.#jarm ? await this.#openJarm(as, posted) : posted
    if (state.issuer !== undefined && state.issuer !== as.issuer) {
      throw new DanceError('issuer_mismatch', 'The login was started with a different issuer.', {
        provider: name,
      })
    }
    let validated: URLSearchParams
    try {
      const checked = new URLSearchParams(params)
      // Without a known issuer `iss` cannot be compared; the distinct callback path per blueprint and
      // the provider-bound transaction are the mix-up defence then (RFC 9700 §4.4.2.2).
      if (!this.settings.issuer && !this.#profile.issuerKnown) checked.delete('iss')
      checkIssuerAndState(
        checked,
        {
          issuer: as.issuer,
          state: state.key,
          issuerRequired:
            as.authorization_response_iss_parameter_supported === true || this.settings.profile === 'fapi2',
        },
        name,
      )
      validated = oauth.validateAuthResponse(as, this.#profile.client, checked, state.key)
    } catch (error) {
      throw toDanceError(error, 'callback', name)
    }
    checkSingleCode(validated, name)
    const fromCallback = this.#callbackTokenParams(params)
    // A key pair per login when tokens are DPoP-bound: it is stored with the token it binds.
    const key = this.settings.dpop ? await newDpopKey() : undefined
    const dpop = key && this.#nonces.handle(this.#profile.client, key.pair)
    let response: Response
    try {
      const exchange = () =>
        oauth.authorizationCodeGrantRequest(
          as,
          this.#profile.client,
          this.#clientAuth,
          validated,
          state.redirectUri,
          state.verifier ?? oauth.nopkce,
          {
            ...this.#tokenRequestOptions(withMembers(this.settings.tokenParams, fromCallback)),
            ...(dpop && { DPoP: dpop }),
          },
        )
      response = await exchange()
      // Otherwise never retried (a code is single-use, RFC 6749 §4.1.2); a refusal for want of a DPoP
      // nonce spent nothing (RFC 9449 §8), so it is sent once more, with the nonce.
      if (dpop && (await isNonceRefusal(response))) response = await exchange()
    } catch (error) {
      throw toDanceError(error, 'token', name)
    }
    try {
      const answered = await this.#profile.codeResult(as, response, state, params, dpop)
      const result = { ...answered, token: withoutDpopKey(answered.token) }
      // Callback parameters are kept in the token, so every refresh of it can send them again.
      const withParams =
        Object.keys(fromCallback).length > 0
          ? { ...result, token: withMembers(fromCallback, result.token) }
          : result
      return key ? { ...withParams, token: this.#boundToKey(withParams.token, key.jwk) } : withParams
    } catch (error) {
      throw toDanceError(error, 'token', name)
    }
  }

  /** True when the callback comes as a signed JWT (JARM). */
  get #jarm(): boolean {
    return this.settings.responseMode?.endsWith('jwt') === true
  }

  /**
   * The parameters of a JARM callback, once its signature, issuer, audience and expiry are verified
   * against the provider's keys (the state is checked with the others next).
   * @see [JWT Secured Authorization Response Mode for OAuth 2.0 (JARM)](https://openid.net/specs/oauth-v2-jarm-final.html#section-2.4)
   */
  async #openJarm(as: oauth.AuthorizationServer, posted: URLSearchParams): Promise<URLSearchParams> {
    try {
      return await oauth.validateJwtAuthResponse(as, this.#profile.client, posted, oauth.skipStateCheck, {
        [oauth.customFetch]: this.#context.transport,
        ...(this.#context.allowInsecureRequests && { [oauth.allowInsecureRequests]: true }),
      })
    } catch (error) {
      throw toDanceError(error, 'callback', this.#context.name)
    }
  }

  canRefresh(token: Token): boolean {
    return (
      this.settings.refresh !== false && typeof token.refresh_token === 'string' && token.refresh_token !== ''
    )
  }

  async refresh(token: Token): Promise<Token> {
    const { name } = this.#context
    // Each failure says what the provider can have seen (grant-outcome.ts): the refresher presents a
    // refresh token again only when it provably was not spent.
    if (!this.canRefresh(token)) {
      throw markGrantOutcome(
        new DanceError('refresh_failed', `${name} tokens cannot be refreshed.`, { provider: name }),
        'not-sent',
      )
    }
    let as: oauth.AuthorizationServer
    try {
      as = await this.#profile.server()
    } catch (error) {
      throw markGrantOutcome(toDanceError(error, 'refresh', name), 'not-sent')
    }
    const kept = this.#keptCallbackParams(token)
    let dpop: oauth.DPoPHandle | undefined
    try {
      if (isDpopBound(token)) dpop = this.#nonces.handle(this.#profile.client, await dpopKeyOf(token, name))
    } catch (error) {
      throw markGrantOutcome(toDanceError(error, 'refresh', name), 'not-sent')
    }
    let response: Response
    try {
      const endpoint = this.quirks.refreshTokenUrl
      const grant = () =>
        oauth.refreshTokenGrantRequest(
          endpoint ? { ...as, token_endpoint: endpoint } : as,
          this.#profile.client,
          this.#clientAuth,
          token.refresh_token!,
          { ...this.#tokenRequestOptions(kept), ...(dpop && { DPoP: dpop }) },
        )
      response = await grant()
      // Refused for want of a DPoP nonce: nothing was spent (RFC 9449 §8); once more, with it.
      if (dpop && (await isNonceRefusal(response))) response = await grant()
    } catch (error) {
      // No answer: refused before sending (connection, DNS) is not sent; a timeout or reset may be.
      const outcome = neverSent(error) ? 'not-sent' : 'maybe-spent'
      throw markGrantOutcome(toDanceError(error, 'refresh', name), outcome)
    }
    try {
      const refreshed = withoutDpopKey(await this.#profile.refreshResult(as, response, token))
      const fresh = kept ? withMembers(kept, refreshed) : refreshed
      return dpop ? this.#boundToKey(fresh, token[DPOP_KEY_MEMBER] as JsonWebKey) : fresh
    } catch (error) {
      // An OAuth error answer (any status, including GitHub-style 200s) issued nothing; an error
      // status did not either. Anything else (a token refused here, JWKS trouble) may have spent it.
      const refused = error instanceof oauth.ResponseBodyError || response.status >= 400
      throw markGrantOutcome(toDanceError(error, 'refresh', name), refused ? 'refused' : 'maybe-spent')
    }
  }

  /**
   * Revokes the token at the provider, the refresh token when there is one. Resolves false when the
   * provider has no revocation endpoint; throws `revocation_failed` when it fails.
   * @see [RFC 7009 - OAuth 2.0 Token Revocation](https://www.rfc-editor.org/rfc/rfc7009.html#section-2.1)
   */
  async revoke(token: Token): Promise<boolean> {
    const { name } = this.#context
    let as: oauth.AuthorizationServer
    try {
      as = await this.#profile.server()
    } catch (error) {
      throw revocationFailed(toDanceError(error, 'revocation', name), name)
    }
    if (!as.revocation_endpoint) return false
    const refresh = this.quirks.revokedToken === 'access_token' ? undefined : token.refresh_token
    const value = refresh ?? token.access_token
    if (typeof value !== 'string') return false
    try {
      const response = await oauth.revocationRequest(
        as,
        this.#profile.client,
        this.#revocationClientAuth,
        value,
        {
          ...this.#requestOptions(this.#revocationFetch),
          additionalParameters: { token_type_hint: refresh ? 'refresh_token' : 'access_token' },
        },
      )
      await oauth.processRevocationResponse(response)
      return true
    } catch (error) {
      throw revocationFailed(toDanceError(error, 'revocation', name), name)
    }
  }

  authorizeRequest(request: OutgoingRequest, token: Token): Promise<void> | void {
    if (!isDpopBound(token)) {
      authorizeBearer(request, token, this.quirks, this.clientId, this.#context.name)
      return
    }
    return this.#authorizeWithProof(request, token)
  }

  /** True for a DPoP-bound token: an API answer may ask for the request again with a server nonce. */
  sendsProofs(token: Token): boolean {
    return isDpopBound(token)
  }

  /**
   * Learns the DPoP nonce an API answer carries; true when the answer refused the proof for want of
   * one (`use_dpop_nonce`), so the request is to be sent again, once.
   * @see [RFC 9449 - OAuth 2.0 Demonstrating Proof of Possession (DPoP)](https://www.rfc-editor.org/rfc/rfc9449.html#section-9)
   */
  retryWithNonce(url: URL, response: Response): boolean {
    this.#nonces.record(response.url || url, response)
    return isNonceChallenge(response)
  }

  async #authorizeWithProof(request: OutgoingRequest, token: Token): Promise<void> {
    const name = this.#context.name
    authorizeBearer(request, token, { ...this.quirks, authorizationScheme: 'DPoP' }, this.clientId, name)
    const pair = await dpopKeyOf(token, name)
    const nonce = this.#nonces.get(request.url.origin)
    request.headers.set(
      'dpop',
      await resourceProof(pair, request.method, request.url, token.access_token!, nonce),
    )
  }

  /**
   * The token with its DPoP key kept in it, when the provider bound it (`token_type` DPoP); a provider
   * that ignored the proof returned a Bearer token, which needs no key.
   */
  #boundToKey(token: Token, jwk: JsonWebKey): Token {
    if (typeof token.token_type !== 'string' || token.token_type.toLowerCase() !== 'dpop') {
      if (this.settings.profile !== 'fapi2') return token
      const provider = this.#context.name
      throw new DanceError(
        'provider_response_invalid',
        'The provider issued a bearer token where FAPI 2.0 requires a sender-constrained one.',
        { provider },
      )
    }
    return withMembers(token, { [DPOP_KEY_MEMBER]: jwk })
  }

  idTokenClaims(token: Token | undefined): IdTokenClaims | undefined {
    return this.#profile.idTokenClaims(token)
  }

  async userinfo(token: Token, subject: string): Promise<Record<string, unknown> | undefined> {
    if (!isDpopBound(token)) return this.#profile.userinfo(token, subject)
    const pair = await dpopKeyOf(token, this.#context.name)
    return this.#profile.userinfo(token, subject, this.#nonces.handle(this.#profile.client, pair))
  }

  endSessionUrl(request: EndSessionRequest): Promise<string | undefined> {
    return this.#profile.endSessionUrl(request)
  }

  /** The callback parameters `callbackTokenParams` names, as the callback carried them. */
  #callbackTokenParams(params: URLSearchParams): Record<string, string> {
    const picked: Record<string, string> = {}
    for (const name of this.quirks.callbackTokenParams ?? []) {
      const value = params.get(name)
      if (value !== null) picked[name] = value
    }
    return picked
  }

  /** The callback parameters a token kept from its login, for its refresh; undefined when none. */
  #keptCallbackParams(token: Token): Record<string, string> | undefined {
    const names = this.quirks.callbackTokenParams
    if (!names?.length) return undefined
    const kept: Record<string, string> = {}
    for (const name of names) if (typeof token[name] === 'string') kept[name] = token[name] as string
    return kept
  }

  #scopeString(): string | undefined {
    const scope = this.settings.scope
    if (scope === undefined) return undefined
    return typeof scope === 'string' ? scope : scope.join(this.quirks.scopeSeparator ?? ' ')
  }

  #requestOptions(fetchImpl: FetchLike) {
    const headers = this.quirks.headers
    return {
      [oauth.customFetch]: fetchImpl,
      ...(this.#context.allowInsecureRequests && { [oauth.allowInsecureRequests]: true }),
      ...(headers && { headers }),
    }
  }

  #tokenRequestOptions(extra: Readonly<Record<string, string>> | undefined) {
    const additionalParameters: Record<string, string> = withMembers(
      this.quirks.tokenRequestParams,
      extra ?? {},
    )
    if (this.quirks.clientIdInTokenBody) additionalParameters.client_id = this.clientId
    return withMembers(this.#requestOptions(this.#tokenFetch), { additionalParameters })
  }
}

/** oauth4webapi's client authentication for the settings; a secret factory signs afresh per request. */
function clientAuthFor(
  settings: OAuth2Settings,
  credentials: OAuth2Credentials,
  key: LoadedClientKey | undefined,
  provider: string,
): oauth.ClientAuth {
  const factory = credentials.clientSecretFactory
  if (factory) {
    // client_secret_post with a secret made per request (Apple's short-lived ES256 JWT).
    return async (_as, client, body) => {
      body.set('client_id', client.client_id)
      body.set('client_secret', await factory())
    }
  }
  const method = settings.clientAuth ?? 'client_secret_basic'
  if (method === 'none') return oauth.None()
  if (method === 'tls_client_auth' || method === 'self_signed_tls_client_auth') return oauth.TlsClientAuth()
  if (method === 'private_key_jwt') return privateKeyJwt(key, provider)
  const secret = credentials.clientSecret ?? ''
  if (method === 'client_secret_jwt') return oauth.ClientSecretJwt(secret)
  return method === 'client_secret_post' ? oauth.ClientSecretPost(secret) : oauth.ClientSecretBasic(secret)
}

/**
 * Revocation authorized by the token it revokes (DigitalOcean): the `token` parameter, already in the
 * body, goes as a bearer header too, and no client credentials are sent.
 */
const revokedTokenAsBearer: oauth.ClientAuth = (_as, _client, body, headers) => {
  headers.set('authorization', `Bearer ${body.get('token') ?? ''}`)
}

/** The client's private key, read and checked now (FAPI 2.0 narrows its algorithms); none without one. */
function clientKeyFor(
  settings: OAuth2Settings,
  credentials: OAuth2Credentials,
  provider: string,
): LoadedClientKey | undefined {
  if (credentials.clientPrivateKey === undefined) return undefined
  const rules =
    settings.profile === 'fapi2' ? { allowed: FAPI2_ALGORITHMS, rsaDefault: 'PS256' as const } : {}
  return loadClientKey(credentials.clientPrivateKey, provider, rules)
}

/** `private_key_jwt` with the configured key, checked now; a fresh assertion is signed per request. */
function privateKeyJwt(key: LoadedClientKey | undefined, provider: string): oauth.ClientAuth {
  if (key === undefined) {
    throw new DanceError(
      'config_missing_credentials',
      `${provider}: clientAuth "private_key_jwt" needs \`clientPrivateKey\`.`,
      { provider },
    )
  }
  return async (as, client, body, headers) => {
    const signer = oauth.PrivateKeyJwt({ key: await key.cryptoKey(), ...(key.kid && { kid: key.kid }) })
    await signer(as, client, body, headers)
  }
}

/** The `state` inside a JARM `response` (unverified), if exactly one response carries exactly one. */
function jarmState(params: URLSearchParams): string | undefined {
  const responses = params.getAll('response')
  if (responses.length !== 1 || !responses[0]) return undefined
  const state = decodeJwt(responses[0])?.payload.state
  return typeof state === 'string' && state !== '' ? state : undefined
}

function revocationFailed(cause: DanceError, name: string): DanceError {
  return new DanceError('revocation_failed', `Revoking the ${name} token failed.`, { cause, provider: name })
}

/** An OAuth 2 protocol for `settings`: fixed endpoints, token answers as RFC 6749 defines them. */
export function oauth2Protocol(
  settings: OAuth2Settings,
  credentials: OAuth2Credentials,
  context: ProtocolContext,
): OAuth2Protocol {
  for (const [label, url] of [
    ['authorizationUrl', settings.authorizationUrl],
    ['tokenUrl', settings.tokenUrl],
    ...(settings.pushedAuthorizationRequests
      ? ([['pushedAuthorizationRequestUrl', settings.pushedAuthorizationRequestUrl ?? '']] as const)
      : []),
  ] as const) {
    if (!URL.canParse(url)) {
      throw new DanceError('config_invalid', `${context.name}: ${label} "${url}" is not a URL.`, {
        provider: context.name,
      })
    }
  }
  if (settings.issuerParameterSupported && !settings.issuer) {
    // The `iss` it sends can only be checked against a configured issuer; without one every login fails.
    throw new DanceError(
      'config_invalid',
      `${context.name}: issuerParameterSupported needs the provider's issuer (the \`issuer\` option).`,
      { provider: context.name },
    )
  }
  const as: oauth.AuthorizationServer = {
    issuer: settings.issuer ?? new URL(settings.authorizationUrl).origin,
    authorization_endpoint: settings.authorizationUrl,
    token_endpoint: settings.tokenUrl,
    ...(settings.revocationUrl !== undefined && { revocation_endpoint: settings.revocationUrl }),
    ...(settings.userinfoUrl !== undefined && { userinfo_endpoint: settings.userinfoUrl }),
    ...(settings.pushedAuthorizationRequestUrl !== undefined && {
      pushed_authorization_request_endpoint: settings.pushedAuthorizationRequestUrl,
    }),
    ...(settings.issuerParameterSupported && { authorization_response_iss_parameter_supported: true }),
  }
  return new OAuth2Protocol(
    settings,
    credentials,
    context,
    plainProfile(as, credentials.clientId, settings.responseMode),
  )
}
