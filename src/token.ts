import { withMembers } from './objects.js'

/**
 * A token as the provider returned it (RFC 6749 §5.1 member names), plus `expires_at`, which we add.
 *
 * OAuth 1.0a tokens use `oauth_token` and `oauth_token_secret` (RFC 5849 §2.3).
 * Unknown members the provider sent are kept, so nothing a provider returns is lost.
 *
 * @see [RFC 6749 - The OAuth 2.0 Authorization Framework](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.1)
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-2.3)
 */
export interface Token {
  access_token?: string
  token_type?: string
  refresh_token?: string
  /** Seconds of validity at issue time, as the provider sent it. */
  expires_in?: number
  /** Absolute expiry in seconds since the epoch, computed on receipt from `expires_in`. */
  expires_at?: number
  scope?: string
  id_token?: string
  oauth_token?: string
  oauth_token_secret?: string
  [member: string]: unknown
}

/** Seconds since the epoch, the unit of `expires_at`. */
export function nowSeconds(): number {
  return Math.floor(Date.now() / 1000)
}

/**
 * Adds `expires_at` when `expires_in` is present (a number or a numeric string), measured from now.
 */
export function withExpiresAt(token: Token, now = nowSeconds()): Token {
  const raw = token.expires_in as unknown
  const seconds = typeof raw === 'string' && /^\d+$/.test(raw) ? Number(raw) : raw
  if (typeof seconds !== 'number' || !Number.isFinite(seconds) || seconds < 0) return token
  return withMembers(token, { expires_in: seconds, expires_at: now + Math.floor(seconds) })
}

/**
 * The token as its reader sees it at `now`: `expires_in` counts the seconds left until `expires_at`
 * (never below 0), so the two agree however long the token was stored. A token without a numeric
 * `expires_at` is returned as it is.
 */
export function withRemainingLifetime(token: Token, now = nowSeconds()): Token {
  const expiresAt = token.expires_at
  if (typeof expiresAt !== 'number' || !Number.isFinite(expiresAt)) return token
  const remaining = Math.max(0, Math.floor(expiresAt - now))
  return token.expires_in === remaining ? token : { ...token, expires_in: remaining }
}

/** True when the token has an expiry and it is within `marginSeconds` of now (or past). */
export function isExpiring(token: Token, marginSeconds = 0, now = nowSeconds()): boolean {
  return typeof token.expires_at === 'number' && token.expires_at - marginSeconds <= now
}

/** The granted scopes, split on spaces or commas (GitHub joins them with commas). */
export function grantedScopes(token: Token): string[] {
  return typeof token.scope === 'string' ? token.scope.split(/[\s,]+/).filter(Boolean) : []
}
