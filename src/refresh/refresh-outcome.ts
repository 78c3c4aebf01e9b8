/**
 * What a failed refresh ends in: the code the app sees. Whether the refresh token may have been spent
 * is marked by the grant itself (`grant-outcome.ts`).
 */
import { DanceError, isDanceError, ownedBy } from '../errors.js'

const KEPT_CODES = new Set([
  'reauth_required',
  'provider_timeout',
  'refresh_failed',
  'id_token_invalid',
  'storage_error',
])

/**
 * Every refresh failure as one of: `reauth_required` (the refresh token is dead), `provider_timeout`,
 * `id_token_invalid`, `storage_error`, or `refresh_failed` (anything else; the tokens are kept).
 * @see [RFC 6749 - The OAuth 2.0 Authorization Framework](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2)
 */
export function classifyRefreshError(error: unknown, provider: string): DanceError {
  if (isDanceError(error) && KEPT_CODES.has(error.code)) return ownedBy(error, provider)
  return new DanceError('refresh_failed', `Refreshing the ${provider} token failed; the token is kept.`, {
    cause: error,
    provider,
  })
}
