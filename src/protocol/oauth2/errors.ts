/**
 * Maps oauth4webapi's errors to our stable codes, by phase.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
import * as oauth from 'oauth4webapi'
import { DanceError, type DanceErrorCode, type FixedText } from '../../errors.js'

/** Where in the dance the error happened; decides some codes (`invalid_grant` on refresh → re-auth). */
export type OAuthPhase = 'callback' | 'token' | 'refresh' | 'userinfo' | 'revocation' | 'discovery'

/**
 * Turns anything thrown by oauth4webapi (or our transport) into a {@link DanceError}. Messages are our
 * own fixed text per case; what the provider sent (`error`, `error_description`, `error_uri`, the reason
 * oauth4webapi gave about its answer) goes, bounded, into the untrusted `provider*` fields.
 */
export function toDanceError(error: unknown, phase: OAuthPhase, provider: string): DanceError {
  if (error instanceof DanceError) {
    error.provider ??= provider
    return error
  }
  const make = <M extends string>(
    code: DanceErrorCode,
    message: FixedText<M>,
    extra: {
      providerError?: string
      providerErrorDescription?: string
      providerDetail?: string
      status?: number
    } = {},
  ) => new DanceError(code, message, { cause: redactCause(error), provider, ...extra })
  // oauth4webapi's own words about the provider's answer: useful in logs, kept out of the message.
  const detail = error instanceof Error ? { providerDetail: error.message } : {}

  if (error instanceof oauth.AuthorizationResponseError) {
    const errorUri = error.cause.get('error_uri')
    const fields = {
      providerError: error.error,
      ...(error.error_description !== undefined && { providerErrorDescription: error.error_description }),
      ...(errorUri !== null && { providerDetail: errorUri }),
    }
    return error.error === 'access_denied'
      ? make('access_denied', 'The authorization was denied at the provider.', fields)
      : make('provider_error', 'The provider refused the authorization.', fields)
  }
  if (error instanceof oauth.ResponseBodyError) {
    const errorUri = typeof error.cause.error_uri === 'string' ? error.cause.error_uri : undefined
    const fields = {
      providerError: error.error,
      ...(error.error_description !== undefined && { providerErrorDescription: error.error_description }),
      ...(errorUri !== undefined && { providerDetail: errorUri }),
    }
    if (phase === 'refresh' && error.error === 'invalid_grant') {
      return make(
        'reauth_required',
        'The provider no longer accepts the refresh token; the user must log in again.',
        fields,
      )
    }
    if (error.status >= 500) {
      return make(
        phase === 'refresh' ? 'refresh_failed' : 'provider_unavailable',
        `The provider failed (HTTP ${error.status}).`,
        fields,
      )
    }
    return make(
      phase === 'refresh' ? 'refresh_failed' : 'token_rejected',
      'The provider rejected the request.',
      {
        ...fields,
        ...(phase === 'refresh' && { status: 401 }),
      },
    )
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return make(
      phase === 'refresh' ? 'refresh_failed' : 'token_rejected',
      `The provider rejected our credentials (HTTP ${error.status}).`,
      { status: 401 },
    )
  }
  if (error instanceof oauth.OperationProcessingError) {
    const message = error.message
    // Our configuration, not the provider's answer: an http(s)-less or plain-http endpoint.
    if (error.code === oauth.HTTP_REQUEST_FORBIDDEN || error.code === oauth.REQUEST_PROTOCOL_FORBIDDEN) {
      return make(
        'config_invalid',
        'Provider endpoints must use https (allowInsecureRequests is for development only).',
        detail,
      )
    }
    // `iss` and `state` are checked before oauth4webapi (consumer/oauth2-blueprint.ts), with codes
    // of their own: what it still refuses here is a malformed callback.
    if (phase === 'callback') return make('callback_invalid', 'The callback is malformed.', detail)
    if (
      error.code === oauth.JWT_CLAIM_COMPARISON ||
      error.code === oauth.JWT_TIMESTAMP_CHECK ||
      error.code === oauth.KEY_SELECTION ||
      /JWT|ID Token|id_token/i.test(message)
    ) {
      return make(
        'id_token_invalid',
        `The provider's ID token is not valid: ${idTokenReason(message)}.`,
        detail,
      )
    }
    if (phase === 'userinfo' && error.code === oauth.JSON_ATTRIBUTE_COMPARISON) {
      return make('userinfo_invalid', "The provider's UserInfo response does not match the ID token.", detail)
    }
    return make(
      phase === 'refresh' ? 'refresh_failed' : 'provider_response_invalid',
      'The provider answered with an unusable response.',
      { ...detail, ...(phase === 'refresh' && { status: 502 }) },
    )
  }
  if (error instanceof oauth.UnsupportedOperationError) {
    return make(
      phase === 'callback' ? 'callback_invalid' : 'provider_response_invalid',
      'The provider answered with something this client does not support.',
      detail,
    )
  }
  if (error instanceof TypeError && phase === 'callback') {
    return make('callback_invalid', 'The callback is malformed.', detail)
  }
  return make(
    phase === 'refresh' ? 'refresh_failed' : 'provider_response_invalid',
    'The provider answered unexpectedly.',
    detail,
  )
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

/** Which check failed, as our own fixed text, chosen by the claim oauth4webapi names (never copied). */
const CLAIM_REASONS = {
  iss: 'its "iss" is not the provider\'s issuer',
  aud: 'its "aud" does not name this client',
  azp: 'its "azp" is not this client',
  sub: 'its "sub" is missing or not a string',
  exp: 'it has expired, or has no valid "exp"',
  iat: 'its "iat" is missing or not a time',
  nbf: 'it is not valid yet ("nbf")',
  nonce: 'its "nonce" is not the one of this login',
  auth_time: 'its "auth_time" is missing or too old',
  alg: 'its signing algorithm is not one this client accepts',
} as const

/** The reason for a failed ID token check, picked from {@link CLAIM_REASONS} (a generic one otherwise). */
export function idTokenReason(
  message: string,
): (typeof CLAIM_REASONS)[keyof typeof CLAIM_REASONS] | 'a check failed' {
  const claim = /"(iss|aud|azp|sub|exp|iat|nbf|nonce|auth_time|alg)"/.exec(message)?.[1]
  return claim ? CLAIM_REASONS[claim as keyof typeof CLAIM_REASONS] : 'a check failed'
}
