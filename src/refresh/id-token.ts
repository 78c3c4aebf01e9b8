/**
 * The identity rule for refreshed ID tokens: the new token must name the same issuer, subject,
 * audience and authorized party as the one the user logged in with. Signatures and expiry are the
 * protocol's business; this compares claims only, so it guards every protocol that returns ID tokens.
 */
import { DanceError } from '../errors.js'
import { decodeJwt } from '../jwt.js'
import type { Token } from '../token.js'

/** The claims of a JWT, decoded without verifying it; throws `id_token_invalid` when it is not a JWT. */
export function decodeJwtClaims(jwt: string, provider?: string): Record<string, unknown> {
  const decoded = decodeJwt(jwt)
  if (!decoded) throw new DanceError('id_token_invalid', 'The ID token cannot be decoded.', { provider })
  return decoded.payload
}

function audiences(value: unknown): string {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return JSON.stringify(list.map(String).sort())
}

/**
 * Throws `id_token_invalid` unless `fresh.id_token` has the same `iss`, `sub`, `aud` and `azp` as
 * `original.id_token`. Does nothing unless both tokens carry an ID token.
 * @see [OpenID Connect Core 1.0 - Refresh Response](https://openid.net/specs/openid-connect-core-1_0.html#RefreshTokenResponse)
 */
export function assertSameIdentity(original: Token, fresh: Token, provider?: string): void {
  if (typeof original.id_token !== 'string' || typeof fresh.id_token !== 'string') return
  if (original.id_token === fresh.id_token) return
  const before = decodeJwtClaims(original.id_token, provider)
  const after = decodeJwtClaims(fresh.id_token, provider)
  for (const claim of ['iss', 'sub'] as const) {
    if (typeof after[claim] !== 'string' || after[claim] !== before[claim]) {
      throw new DanceError(
        'id_token_invalid',
        `The refreshed ID token has a different "${claim}" than the one the user logged in with.`,
        { provider },
      )
    }
  }
  if (audiences(after.aud) !== audiences(before.aud)) {
    throw new DanceError('id_token_invalid', 'The refreshed ID token has a different audience.', { provider })
  }
  if (after.azp !== before.azp) {
    throw new DanceError('id_token_invalid', 'The refreshed ID token has a different "azp".', { provider })
  }
}
