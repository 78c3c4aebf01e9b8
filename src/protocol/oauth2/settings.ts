/**
 * What an OAuth 2 protocol is configured with, after the blueprint has read the environment: client
 * credentials, endpoints, scopes, PKCE, client authentication, refresh and provider quirks.
 */
import type { ClientPrivateKey } from './client-key.js'
import type { OAuth2Quirks } from './quirks.js'

/**
 * How the client authenticates at the token endpoint: the shared secret in the header or the body
 * (RFC 6749), a JWT assertion signed with the secret (`client_secret_jwt`) or with the client's private
 * key (`private_key_jwt`, RFC 7523), by the TLS client certificate (`tls_client_auth`,
 * `self_signed_tls_client_auth`, RFC 8705; needs `clientCertificate`), or not at all (public clients).
 * @see [RFC 6749 - The OAuth 2.0 Authorization Framework](https://www.rfc-editor.org/rfc/rfc6749.html#section-2.3.1)
 * @see [RFC 7523 - JWT Profile for OAuth 2.0 Client Authentication and Authorization Grants](https://www.rfc-editor.org/rfc/rfc7523.html#section-2.2)
 */
export type ClientAuthMethod =
  | 'client_secret_basic'
  | 'client_secret_post'
  | 'client_secret_jwt'
  | 'private_key_jwt'
  | 'tls_client_auth'
  | 'self_signed_tls_client_auth'
  | 'none'

/** How the provider returns the callback's parameters: in the query, posted, or in a signed JWT (JARM). */
export type ResponseMode = 'query' | 'form_post' | 'jwt' | 'form_post.jwt'

/** The security profiles a blueprint can be held to (`fapi2`: FAPI 2.0, see `fapi2.ts`). */
export type SecurityProfile = 'fapi2'

/** The settings of an OAuth 2 provider, as data. */
export interface OAuth2Settings {
  /** Scopes to request: a list, or a string already joined. */
  scope?: string | readonly string[] | undefined
  /** The provider's authorization endpoint. */
  authorizationUrl: string
  /** Extra authorization request parameters (`prompt`, `access_type`...). */
  authorizationParams?: Readonly<Record<string, string>> | undefined
  /** The provider's token endpoint. */
  tokenUrl: string
  /** Extra token request parameters for the code exchange. */
  tokenParams?: Readonly<Record<string, string>> | undefined
  /** Token revocation endpoint (RFC 7009). */
  revocationUrl?: string | undefined
  /** UserInfo endpoint (OpenID Connect). */
  userinfoUrl?: string | undefined
  /** The provider's issuer identifier; enables the RFC 9207 `iss` check. */
  issuer?: string | undefined
  /** The provider always sends `iss` in the callback (RFC 9207); a callback without it is rejected. */
  issuerParameterSupported?: boolean | undefined
  /** PKCE with S256 (default true). Turn off only for a provider that rejects it. */
  pkce?: boolean | undefined
  /**
   * Push each authorization request to the provider first (RFC 9126), so the browser carries only
   * `client_id` and `request_uri`. Also on, whatever this says, when the provider's metadata sets
   * `require_pushed_authorization_requests`.
   */
  pushedAuthorizationRequests?: boolean | undefined
  /**
   * Sign each authorization request as a JWT with the client's private key (JAR, RFC 9101; needs
   * `clientPrivateKey`). Also on when the provider's metadata sets `require_signed_request_object`.
   */
  signedRequests?: boolean | undefined
  /** The provider's pushed authorization request endpoint (OpenID Connect: from discovery). */
  pushedAuthorizationRequestUrl?: string | undefined
  /**
   * Bind tokens to a key pair made for each login (DPoP, RFC 9449): the token request, each refresh,
   * UserInfo and every API call carry a proof signed with it, so a stolen token is useless alone.
   */
  dpop?: boolean | undefined
  /**
   * Hold the blueprint to a security profile: `fapi2` (FAPI 2.0) turns on PAR, PKCE, DPoP and the
   * `iss` check, uses `private_key_jwt`, and refuses a configuration that turns any of it off.
   */
  profile?: SecurityProfile | undefined
  /** Token endpoint client authentication (default `client_secret_basic`). */
  clientAuth?: ClientAuthMethod | undefined
  /** Whether refresh tokens are used to refresh expiring access tokens (default true). */
  refresh?: boolean | undefined
  /**
   * `form_post` makes the provider POST the callback (the transaction cookie is then `SameSite=None`);
   * `jwt` and `form_post.jwt` ask for the callback as a signed JWT (JARM), verified against the
   * provider's keys before anything in it is used.
   */
  responseMode?: ResponseMode | undefined
  /** Provider quirks; see {@link OAuth2Quirks}. */
  quirks?: OAuth2Quirks | undefined
}

/** The client's credentials, resolved from options or the environment. */
export interface OAuth2Credentials {
  readonly clientId: string
  /** Absent for public clients (`clientAuth: 'none'`). */
  readonly clientSecret?: string | undefined
  /** Computes the client secret per token request (Apple's signed JWT), sent as `client_secret_post`. */
  readonly clientSecretFactory?: (() => string | Promise<string>) | undefined
  /** The key `private_key_jwt` signs its client assertions with. */
  readonly clientPrivateKey?: ClientPrivateKey | undefined
}
