/**
 * Maps oauth4webapi's errors to our stable codes, by phase, through the table in `oauth4webapi-codes.ts`.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
import * as oauth from 'oauth4webapi'
import { DanceError, ownedBy } from '../../errors.js'
import {
  classifyOauth4webapiError,
  isOauth4webapiError,
  type OAuthPhase,
  type Oauth4webapiError,
} from './oauth4webapi-codes.js'

export type { OAuthPhase } from './oauth4webapi-codes.js'

/**
 * Turns anything thrown by oauth4webapi (or our transport) into a {@link DanceError}. Messages are our
 * own fixed text per case; what the provider sent (`error`, `error_description`, `error_uri`, the reason
 * oauth4webapi gave about its answer) goes, bounded, into the untrusted `provider*` fields.
 */
export function toDanceError(error: unknown, phase: OAuthPhase, provider: string): DanceError {
  if (error instanceof DanceError) return ownedBy(error, provider)
  // oauth4webapi's own words about the provider's answer: useful in logs, kept out of the message.
  const detail = error instanceof Error ? { providerDetail: error.message } : {}
  const options = { cause: redactCause(error), provider }
  if (!isOauth4webapiError(error)) {
    const malformedCallback = error instanceof TypeError && phase === 'callback'
    return malformedCallback
      ? new DanceError('callback_invalid', 'The callback is malformed.', { ...options, ...detail })
      : new DanceError(
          phase === 'refresh' ? 'refresh_failed' : 'provider_response_invalid',
          'The provider answered unexpectedly.',
          { ...options, ...detail },
        )
  }
  const row = classifyOauth4webapiError(error, phase)
  const extra = { ...options, ...providerFields(error), ...('status' in row && { status: row.status }) }
  if (row.ours === 'id_token_invalid') {
    return new DanceError('id_token_invalid', `${provider}'s ID token is not valid: ${row.reason}.`, extra)
  }
  const httpStatus = 'status' in error && typeof error.status === 'number' ? error.status : 0
  const message = typeof row.message === 'function' ? row.message(httpStatus) : row.message
  return new DanceError(row.ours, message, extra)
}

/**
 * What the provider said, bounded by {@link DanceError}, in its untrusted fields: its `error`,
 * `error_description` and `error_uri`, or oauth4webapi's words about its answer.
 */
function providerFields(error: Oauth4webapiError): {
  providerError?: string
  providerErrorDescription?: string
  providerErrorUri?: string
  providerDetail?: string
} {
  if (error instanceof oauth.WWWAuthenticateChallengeError) return {}
  if (error instanceof oauth.AuthorizationResponseError || error instanceof oauth.ResponseBodyError) {
    const errorUri =
      error instanceof oauth.AuthorizationResponseError
        ? (error.cause.get('error_uri') ?? undefined)
        : typeof error.cause.error_uri === 'string'
          ? error.cause.error_uri
          : undefined
    return {
      providerError: error.error,
      ...(error.error_description !== undefined && { providerErrorDescription: error.error_description }),
      ...(errorUri !== undefined && { providerErrorUri: errorUri }),
    }
  }
  return { providerDetail: error.message }
}

/**
 * oauth4webapi attaches what it rejected as the error's `cause`: the callback parameters (with the
 * code), or the token response body (with the tokens), and a JSON parse error quotes the body. Apps
 * log errors, so keep only name, message, code and status, never the chain below.
 */
export function redactCause(error: unknown): Error {
  const source = error instanceof Error ? error : new Error(String(error))
  const copy = new Error(source.message)
  copy.name = source.name
  copy.stack = source.stack ?? `${source.name}: ${source.message}`
  for (const key of ['code', 'status', 'error'] as const) {
    const value: unknown = (source as unknown as Record<string, unknown>)[key]
    if (typeof value === 'string' || typeof value === 'number') Object.assign(copy, { [key]: value })
  }
  // The HTTP status of an answer oauth4webapi could not use (its cause is the Response): the refresher
  // tells an error answer (nothing spent) from a lost one by it.
  const answer: unknown = source.cause
  if (!('status' in copy) && answer instanceof Response) Object.assign(copy, { status: answer.status })
  return copy
}
