/**
 * The checks of an authorization code callback made before oauth4webapi's own, so each failure has a
 * code of its own (oauth4webapi reports `iss` and `state` failures under one code).
 */
import { DanceError, type FixedText } from '../../errors.js'

/**
 * Checks the RFC 9207 `iss` (when known) and the `state` of a callback, in oauth4webapi's order.
 * @see [RFC 9207 - OAuth 2.0 Authorization Server Issuer Identification](https://www.rfc-editor.org/rfc/rfc9207.html#section-2.4)
 */
export function checkIssuerAndState(
  params: URLSearchParams,
  expected: { issuer: string; state: string; issuerRequired: boolean },
  provider: string,
): void {
  const fail = <M extends string>(
    code: 'issuer_missing' | 'issuer_mismatch' | 'state_mismatch',
    message: FixedText<M>,
  ) => new DanceError(code, message, { provider })
  const issuers = params.getAll('iss')
  if (!issuers[0] && issuers.length <= 1 && expected.issuerRequired) {
    throw fail('issuer_missing', 'The callback lacks the "iss" parameter the provider promised (RFC 9207).')
  }
  if (issuers.length > 1 || (issuers[0] && issuers[0] !== expected.issuer)) {
    throw fail('issuer_mismatch', 'The callback came from a different issuer (mix-up defence).')
  }
  const states = params.getAll('state')
  if (states.length !== 1 || states[0] !== expected.state) {
    throw fail('state_mismatch', 'The callback state does not match this login.')
  }
}

/**
 * Throws `callback_invalid` unless the validated callback carries exactly one non-empty code, no token,
 * no `error` and no `response`: a malformed callback is a 400 and reaches no endpoint (oauth4webapi
 * would take the first of two codes, and lets an empty `error` or `response` through as none).
 * @see [RFC 6749 - The OAuth 2.0 Authorization Framework](https://www.rfc-editor.org/rfc/rfc6749.html#section-3.1)
 */
export function checkSingleCode(validated: URLSearchParams, provider: string): void {
  const codes = validated.getAll('code')
  if (
    codes.length !== 1 ||
    !codes[0] ||
    validated.has('access_token') ||
    validated.has('error') ||
    // A JARM answer's parameter, even empty, in a callback read as plain parameters (or inside a JARM one).
    validated.has('response')
  ) {
    throw new DanceError('callback_invalid', 'The callback does not carry exactly one authorization code.', {
      provider,
    })
  }
}
