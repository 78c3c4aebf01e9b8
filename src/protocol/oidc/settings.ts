/**
 * What an OpenID Connect protocol is configured with beyond OAuth 2's settings: the issuer, discovery,
 * ID token rules, UserInfo, and the provider rules presets need (tenants, extra claim checks, a user
 * the browser posts).
 */
import type { OAuth2Settings } from '../oauth2/settings.js'
import type { IdTokenClaims } from './id-token.js'
import type { TenantIssuerRule } from './tenant.js'

/** The settings of an OpenID Provider; endpoints come from discovery. */
export interface OidcSettings
  extends Omit<
    OAuth2Settings,
    | 'authorizationUrl'
    | 'tokenUrl'
    | 'issuer'
    | 'userinfoUrl'
    | 'revocationUrl'
    | 'issuerParameterSupported'
    | 'pushedAuthorizationRequestUrl'
  > {
  /** The issuer identifier, exactly as the provider's discovery document names it. */
  issuer: string
  /** Where the discovery document is, when not `<issuer>/.well-known/openid-configuration`. */
  discoveryUrl?: string | undefined
  /**
   * With `discoveryUrl`: the discovery document's issuer may be any that matches this, instead of
   * `issuer` exactly (a tenant named by its domain, whose document names the tenant's ID). The document
   * then decides the issuer ID tokens and `iss` are held to; its HTTPS origin is what vouches for it.
   */
  issuerPattern?: RegExp | undefined
  /** Re-read the discovery document after this many seconds (default 86 400). */
  discoveryMaxAge?: number | undefined
  /** The registered ID token signing algorithm; `'none'` is the only way to accept unsigned ID tokens. */
  idTokenSignedResponseAlg?: string | undefined
  /** Ask the provider to re-authenticate users older than this (seconds); `auth_time` is then checked. */
  maxAge?: number | undefined
  /**
   * Send a `nonce` and require it back (default true). Turn off only for a provider that drops it
   * (LinkedIn); the code, PKCE and `state` still bind the login.
   */
  nonce?: boolean | undefined
  /** Fetch UserInfo at login, its `sub` required to match (default true when the provider has one). */
  fetchUserinfo?: boolean | undefined
  /** Leeway for `exp`, `nbf` and `auth_time`, in seconds (default 30). */
  clockTolerance?: number | undefined
  /** Seconds to add to the local clock when it is known to be wrong (default 0). */
  clockSkew?: number | undefined
  /** A key id a JWKS re-fetch did not find is not fetched for again for this long (s, default 30). */
  jwksRefetchCooldown?: number | undefined
  /** Multi-tenant issuer rule (Microsoft Entra ID). */
  tenantIssuer?: TenantIssuerRule | undefined
  /** Extra checks of the validated claims (Google `hd`); throw a DanceError to refuse the login. */
  validateClaims?: ((claims: IdTokenClaims) => void) | undefined
  /**
   * Reads what the browser posted about the user along with the callback (Sign in with Apple's `user`
   * field); the result reaches the `authorized` hook as `unverifiedUser`, never as verified claims.
   */
  postedUser?: ((params: URLSearchParams) => Record<string, unknown> | undefined) | undefined
}
