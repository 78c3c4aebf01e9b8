/**
 * Maps oauth4webapi's errors to our stable codes, by phase.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2.1
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 * @see https://www.rfc-editor.org/rfc/rfc9207#section-2.4
 */
import * as oauth from 'oauth4webapi'
import { DanceError, type DanceErrorCode } from '../errors.js'

/** Where in the dance the error happened; decides some codes (`invalid_grant` on refresh → re-auth). */
export type OAuthPhase = 'callback' | 'token' | 'refresh' | 'userinfo' | 'revocation' | 'discovery'

/** Turns anything thrown by oauth4webapi (or our transport) into a {@link DanceError}. */
export function toDanceError(error: unknown, phase: OAuthPhase, provider: string): DanceError {
  if (error instanceof DanceError) {
    error.provider ??= provider
    return error
  }
  const make = (
    code: DanceErrorCode,
    message: string,
    extra: { providerError?: string; providerErrorDescription?: string; status?: number } = {},
  ) => new DanceError(code, message, { cause: redactCause(error), provider, ...extra })

  if (error instanceof oauth.AuthorizationResponseError) {
    const code = error.error === 'access_denied' ? 'access_denied' : 'provider_error'
    return make(code, `${provider} refused the authorization (${safeToken(error.error)}).`, {
      providerError: error.error,
      ...(error.error_description !== undefined && { providerErrorDescription: error.error_description }),
    })
  }
  if (error instanceof oauth.ResponseBodyError) {
    if (phase === 'refresh' && error.error === 'invalid_grant') {
      return make(
        'reauth_required',
        `${provider} no longer accepts the refresh token; the user must log in again.`,
        {
          providerError: error.error,
        },
      )
    }
    if (error.status >= 500) {
      return make(
        phase === 'refresh' ? 'refresh_failed' : 'provider_unavailable',
        `${provider} failed (HTTP ${error.status}).`,
        {
          providerError: error.error,
        },
      )
    }
    return make(
      phase === 'refresh' ? 'refresh_failed' : 'token_rejected',
      `${provider} rejected the request (${safeToken(error.error)}).`,
      {
        providerError: error.error,
        ...(error.error_description !== undefined && { providerErrorDescription: error.error_description }),
        ...(phase === 'refresh' && { status: 401 }),
      },
    )
  }
  if (error instanceof oauth.WWWAuthenticateChallengeError) {
    return make(
      phase === 'refresh' ? 'refresh_failed' : 'token_rejected',
      `${provider} rejected our credentials (HTTP ${error.status}).`,
      {
        status: 401,
      },
    )
  }
  if (error instanceof oauth.OperationProcessingError) {
    const message = error.message
    // Our configuration, not the provider's answer: an http(s)-less or plain-http endpoint.
    if (error.code === oauth.HTTP_REQUEST_FORBIDDEN || error.code === oauth.REQUEST_PROTOCOL_FORBIDDEN) {
      return make(
        'config_invalid',
        `${provider}: provider endpoints must use https (allowInsecureRequests is for development only).`,
      )
    }
    if (phase === 'callback') {
      if (message.includes('"state"'))
        return make('state_mismatch', 'The callback state does not match this login.')
      if (message.includes('"iss"') && message.includes('missing'))
        return make(
          'issuer_missing',
          `The callback lacks the "iss" parameter ${provider} promised (RFC 9207).`,
        )
      if (message.includes('"iss"'))
        return make('issuer_mismatch', 'The callback came from a different issuer (mix-up defence).')
      return make('callback_invalid', 'The callback is malformed.')
    }
    if (
      error.code === oauth.JWT_CLAIM_COMPARISON ||
      error.code === oauth.JWT_TIMESTAMP_CHECK ||
      error.code === oauth.KEY_SELECTION ||
      /JWT|ID Token|id_token/i.test(message)
    ) {
      return make('id_token_invalid', `${provider}'s ID token is not valid: ${message}`)
    }
    if (phase === 'userinfo' && error.code === oauth.JSON_ATTRIBUTE_COMPARISON) {
      return make('userinfo_invalid', `${provider}'s UserInfo response does not match the ID token.`)
    }
    return make(
      phase === 'refresh' ? 'refresh_failed' : 'provider_response_invalid',
      `${provider} answered with an unusable response.`,
      {
        ...(phase === 'refresh' && { status: 502 }),
      },
    )
  }
  if (error instanceof oauth.UnsupportedOperationError) {
    return make(
      phase === 'callback' ? 'callback_invalid' : 'provider_response_invalid',
      `Unsupported response from ${provider}: ${error.message}`,
    )
  }
  if (error instanceof TypeError && phase === 'callback') {
    return make('callback_invalid', 'The callback is malformed.')
  }
  return make(
    phase === 'refresh' ? 'refresh_failed' : 'provider_response_invalid',
    `${provider} answered unexpectedly.`,
  )
}

/**
 * oauth4webapi attaches what it rejected as the error's `cause`: the callback parameters (with the
 * code), or the token response body (with the tokens), and a JSON parse error quotes the body. Apps
 * log errors, so keep only name, message, code and status, never the chain below.
 */
function redactCause(error: unknown): Error {
  const source = error instanceof Error ? error : new Error(String(error))
  const copy = new Error(source.message)
  copy.name = source.name
  copy.stack = source.stack ?? `${source.name}: ${source.message}`
  for (const key of ['code', 'status', 'error'] as const) {
    const value: unknown = (source as unknown as Record<string, unknown>)[key]
    if (typeof value === 'string' || typeof value === 'number') Object.assign(copy, { [key]: value })
  }
  return copy
}

/** Provider `error` values are attacker-influenced: keep them short and to the RFC 6749 character set. */
function safeToken(value: string): string {
  // Narrower than RFC 6749's set: a message may end up in an app's HTML unescaped.
  return value.replace(/[^A-Za-z0-9_.-]/g, '').slice(0, 64)
}
