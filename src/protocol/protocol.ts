/**
 * What a consumer blueprint asks of its protocol (OAuth 2, OpenID Connect or OAuth 1.0a): start a
 * login, find the callback's key, finish the login, authorize an API request, and where the protocol
 * can, refresh and revoke tokens. The blueprint owns the routes, the transaction, hooks and storage;
 * the protocol owns every exchange with the provider.
 */
import type { Token } from '../token.js'
import type { FetchLike } from './http.js'
import type { IdTokenClaims } from './oidc/id-token.js'

/** What a protocol remembers between the login and the callback; the blueprint seals it into the transaction. */
export interface LoginState {
  /** The value the callback carries back: `state` (OAuth 2) or the temporary `oauth_token` (OAuth 1). */
  key: string
  /** PKCE code verifier (RFC 7636). */
  verifier?: string | undefined
  /** OpenID Connect nonce. */
  nonce?: string | undefined
  /** The issuer the request was sent to, for the mix-up defence (RFC 9700 §4.4.2). */
  issuer?: string | undefined
  /** `max_age` sent in the authorization request, so `auth_time` is checked. */
  maxAge?: number | undefined
  /** OAuth 1.0a temporary credentials secret (RFC 5849 §2.1). */
  tokenSecret?: string | undefined
}

/** The login state as the callback hands it back, with the redirect URI the login sent. */
export interface CallbackState extends LoginState {
  /** The exact redirect URI of the authorization request (RFC 6749 §4.1.3). */
  redirectUri: string
}

/** What a protocol returns when a login starts. */
export interface LoginStart {
  authorizationUrl: URL
  state: LoginState
}

/** What a protocol returns when a login completes. */
export interface LoginResult {
  token: Token
  /** Validated ID token claims (OpenID Connect). */
  claims?: Record<string, unknown> | undefined
  /** UserInfo, its `sub` checked against the ID token (OpenID Connect). */
  userinfo?: Record<string, unknown> | undefined
  /** What the browser posted about the user (Apple's `user` field): unsigned, never merged into claims. */
  unverifiedUser?: Record<string, unknown> | undefined
}

/** A request about to be sent by the API client, for the protocol to authorize (header or signature). */
export interface OutgoingRequest {
  method: string
  url: URL
  headers: Headers
  body: BodyInit | null | undefined
}

/** What every protocol is built with: who it is for and how it reaches the provider. */
export interface ProtocolContext {
  /** The blueprint name, for errors and logs. */
  readonly name: string
  /** The back channel: timeout, size cap, no redirects. */
  readonly transport: FetchLike
  /** Development only: allow `http:` provider endpoints. */
  readonly allowInsecureRequests?: boolean | undefined
  /** The transport presents a TLS client certificate (RFC 8705): the provider's mTLS endpoint aliases apply. */
  readonly mutualTls?: boolean | undefined
}

/** Where RP-initiated logout sends the browser, and what it tells the provider. */
export interface EndSessionRequest {
  /** The stored token, for `id_token_hint`. */
  readonly token: Token | undefined
  /** Absolute post-logout URL, already on the app's public origin. */
  readonly postLogoutRedirectUrl: string | undefined
  /** Opaque value the provider echoes back. */
  readonly state?: string | undefined
}

/** A protocol a {@link Blueprint} composes. */
export interface Protocol {
  /** Which protocol this is. */
  readonly kind: 'oauth1' | 'oauth2' | 'oidc'
  /** True when the provider POSTs the callback (`response_mode=form_post`): the transaction cookie is then `SameSite=None`. */
  readonly postsCallback: boolean
  /** Builds the provider URL and the state to remember for a new login. */
  startLogin(redirectUri: string): Promise<LoginStart>
  /** The key a callback carries (`state`, or OAuth 1's `oauth_token`), if exactly one. */
  callbackKey(params: URLSearchParams): string | undefined
  /** Validates the callback against the login's state and exchanges it for a token. */
  finishLogin(params: URLSearchParams, state: CallbackState): Promise<LoginResult>
  /** Adds the token to an outgoing API request (Bearer header, quirks, or an OAuth 1 signature). */
  authorizeRequest(request: OutgoingRequest, token: Token): Promise<void> | void
  /** True when API requests with this token carry proofs a server may ask to see again with its nonce (DPoP). */
  sendsProofs?(token: Token): boolean
  /**
   * Reads what an API answer to `url` tells the protocol (a DPoP nonce); true when the request is to
   * be sent again, once, because the answer asked for a proof with that nonce.
   */
  retryWithNonce?(url: URL, response: Response): boolean
  /** True when this token can be refreshed. */
  canRefresh(token: Token): boolean
  /** One refresh token grant; throws a DanceError marked with what the provider can have seen. */
  refresh(token: Token): Promise<Token>
  /** Revokes the token at the provider; false when the provider cannot revoke. */
  revoke(token: Token): Promise<boolean>
  /** The claims of the token's validated ID token; undefined for protocols without ID tokens. */
  idTokenClaims(token: Token | undefined): IdTokenClaims | undefined
  /** Fetches UserInfo for the token, its `sub` required to be `subject`; undefined without a UserInfo endpoint. */
  userinfo(token: Token, subject: string): Promise<Record<string, unknown> | undefined>
  /** The provider's RP-initiated logout URL, or undefined when it has none. */
  endSessionUrl(request: EndSessionRequest): Promise<string | undefined>
}
