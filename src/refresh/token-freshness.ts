/**
 * When a token is due for a refresh, whether someone refreshed it meanwhile, and what to store: the
 * pure rules the {@link Refresher} applies to tokens.
 */
import { createHash } from 'node:crypto'
import { withMembers } from '../objects.js'
import { serializeKey, type TokenKey } from '../storage/types.js'
import { isExpiring, type Token } from '../token.js'

/**
 * Why a refresh is wanted: the token expires within the margin, or the API rejected it.
 */
export type RefreshReason = 'expiring' | 'rejected'

/**
 * The single-flight and lock key: the storage key plus the refresh token, hashed. The refresh token
 * makes it unique per browser even where the storage key is not (session storage has no user id).
 */
export function flightId(key: TokenKey, token: Token): string {
  const secret = typeof token.refresh_token === 'string' ? token.refresh_token : ''
  return createHash('sha256').update(serializeKey(key)).update('\u0000').update(secret).digest('base64url')
}

/**
 * True when the token should be refreshed before use: it expires within `margin` seconds, or within
 * half its lifetime when that is shorter, so a provider issuing 30-second tokens does not get a
 * refresh on every request under a 60-second margin.
 */
export function refreshDue(token: Token, margin: number, now?: number): boolean {
  const lifetime = token.expires_in
  const effective = typeof lifetime === 'number' && lifetime > 0 ? Math.min(margin, lifetime / 2) : margin
  return isExpiring(token, effective, now)
}

/**
 * True when the stored token is no longer the one we saw expiring or rejected.
 */
export function refreshedMeanwhile(
  seen: Token,
  current: Token,
  reason: RefreshReason,
  margin: number,
): boolean {
  if (current.access_token !== seen.access_token) return true
  // A rejected token is not fixed by a later expiry date; only a new access token helps.
  return reason === 'expiring' && !refreshDue(current, margin)
}

/**
 * The refreshed token to store: what the provider sent, plus the members it may omit because they did
 * not change (refresh token: RFC 6749 §6; scope: §5.1; the ID token, kept for logout's `id_token_hint`).
 * @see [RFC 6749 - The OAuth 2.0 Authorization Framework](https://www.rfc-editor.org/rfc/rfc6749.html#section-6)
 */
export function mergeRefreshed(original: Token, fresh: Token): Token {
  const kept: Token = {}
  for (const member of ['refresh_token', 'scope', 'id_token'] as const) {
    if (fresh[member] === undefined && original[member] !== undefined) kept[member] = original[member]
  }
  return withMembers(fresh, kept)
}
