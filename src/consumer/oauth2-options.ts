/**
 * The options of the generic OAuth2Blueprint: client credentials, endpoints, scopes, PKCE, client
 * authentication, refresh and provider quirks.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1 (client authentication)
 * @see https://www.rfc-editor.org/rfc/rfc7636 (PKCE)
 */
import type { BlueprintOptions } from './blueprint-options.js'
import type { OAuth2Quirks } from './oauth2-quirks.js'

/**
 * How the client authenticates at the token endpoint (RFC 6749 §2.3.1).
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-2.3.1
 */
export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post' | 'none'

/**
 * Options of a generic OAuth 2 blueprint.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1
 */
export interface OAuth2BlueprintOptions extends BlueprintOptions {
  /** Client id; defaults to `<NAME>_OAUTH_CLIENT_ID`. */
  clientId?: string
  /** Client secret; defaults to `<NAME>_OAUTH_CLIENT_SECRET`. Required unless `clientAuth` is `none`. */
  clientSecret?: string
  /** Scopes to request: a list, or a string already joined. */
  scope?: string | readonly string[]
  /** The provider's authorization endpoint. */
  authorizationUrl: string
  /** Extra authorization request parameters (`prompt`, `access_type`...). */
  authorizationParams?: Readonly<Record<string, string>>
  /** The provider's token endpoint. */
  tokenUrl: string
  /** Extra token request parameters. */
  tokenParams?: Readonly<Record<string, string>>
  /** Base URL that API paths are resolved against (`https://api.github.com/`). */
  baseUrl?: string
  /** Other origins the client may send the token to with absolute URLs. */
  allowedApiOrigins?: readonly string[]
  /** Token revocation endpoint (RFC 7009). */
  revocationUrl?: string
  /** UserInfo endpoint (OpenID Connect). */
  userinfoUrl?: string
  /** The provider's issuer identifier; enables the RFC 9207 `iss` check. */
  issuer?: string
  /** The provider always sends `iss` in the callback (RFC 9207); a callback without it is rejected. */
  issuerParameterSupported?: boolean
  /** PKCE with S256 (default true). Turn off only for a provider that rejects it. */
  pkce?: boolean
  /** Token endpoint client authentication (default `client_secret_basic`). */
  clientAuth?: ClientAuthMethod
  /** Whether refresh tokens are used to refresh expiring access tokens (default true). */
  refresh?: boolean
  /** Provider quirks; see {@link OAuth2Quirks}. */
  quirks?: OAuth2Quirks
}
