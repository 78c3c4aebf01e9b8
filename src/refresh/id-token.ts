/**
 * The identity rule for refreshed ID tokens: the new token must name the same issuer, subject and
 * audience as the one the user logged in with. Signature and expiry are the OIDC blueprint's business;
 * this only compares claims, so it also guards blueprints that do not validate ID tokens.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RefreshTokenResponse
 */
import { DanceError } from '../errors.js'
import type { Token } from '../token.js'

/**
 * The claims of a JWT, decoded without verifying it; throws `id_token_invalid` when it is not a JWT.
 * @see https://www.rfc-editor.org/rfc/rfc7519#section-7.2
 */
export function decodeJwtClaims(jwt: string, provider?: string): Record<string, unknown> {
  const parts = jwt.split('.')
  try {
    if (parts.length !== 3 || !parts[1]) throw new Error('not a compact JWS')
    const claims: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    if (claims === null || typeof claims !== 'object' || Array.isArray(claims))
      throw new Error('not an object')
    return claims as Record<string, unknown>
  } catch (cause) {
    throw new DanceError('id_token_invalid', 'The ID token cannot be decoded.', { cause, provider })
  }
}

function audiences(value: unknown): string {
  const list = Array.isArray(value) ? value : value === undefined ? [] : [value]
  return JSON.stringify(list.map(String).sort())
}

/**
 * Throws `id_token_invalid` unless `fresh.id_token` has the same `iss`, `sub` and `aud` as
 * `original.id_token` (compared exactly). Does nothing unless both tokens carry an ID token.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RefreshTokenResponse
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
}
