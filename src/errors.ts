/**
 * Every error oauth-dance throws is a {@link DanceError} with a stable {@link DanceErrorCode}.
 *
 * Codes are part of the public API: they never change meaning, and new ones are only added.
 * `status` is the HTTP status the callback answers with when the error ends a login.
 */

/** Stable error codes, grouped by where they arise. */
export const ERROR_CODES = {
  // Configuration and programming errors (thrown at start-up or by misuse).
  config_invalid: 500,
  config_missing_credentials: 500,
  duplicate_blueprint: 500,
  outside_request: 500,
  blueprint_not_registered: 500,
  session_unavailable: 500,
  // The browser's callback request (forged, malformed, expired or replayed): 400.
  state_missing: 400,
  state_mismatch: 400,
  transaction_missing: 400,
  transaction_expired: 400,
  transaction_invalid: 400,
  callback_invalid: 400,
  issuer_mismatch: 400,
  issuer_missing: 400,
  oauth1_token_mismatch: 400,
  oauth1_verifier_missing: 400,
  // A login or logout asked for from an origin that is not the app's public origin (a forged Host).
  origin_not_allowed: 400,
  // A login route that takes only a POST was asked without the session's CSRF token (or by GET: 405).
  csrf_invalid: 403,
  // The user or provider refused authentication: 401.
  access_denied: 401,
  provider_error: 401,
  token_rejected: 401,
  id_token_invalid: 401,
  userinfo_invalid: 401,
  // The provider authenticated the user, but the app's policy refuses the account (Google hd, Entra tenant).
  account_not_allowed: 403,
  reauth_required: 401,
  user_required: 401,
  api_unauthorized: 401,
  // An API path that would leave the blueprint's base path (`..`, plain or percent-encoded).
  api_path_invalid: 400,
  // The provider answered something unusable: 502. It did not answer in time: 504.
  provider_response_invalid: 502,
  provider_unavailable: 502,
  oauth1_callback_not_confirmed: 502,
  // A provider refused our OAuth 1.0a signature (bad consumer credentials, or clocks apart).
  oauth1_signature_rejected: 502,
  discovery_failed: 502,
  // The provider refused a pushed authorization request (RFC 9126): a login cannot start.
  par_rejected: 502,
  refresh_failed: 502,
  revocation_failed: 502,
  provider_timeout: 504,
  // An API redirect that cannot be followed without handing a credential to another origin.
  api_redirect_refused: 502,
  // The testing kit: a login driven by `loginAs` did not end in the app taking it.
  test_login_failed: 500,
  // Recorded API calls (oauth-dance/testing): a replayed call the recording does not hold, or recorded
  // calls a test never made.
  recorded_call_missing: 500,
  recorded_call_unused: 500,
  // Our own side failed.
  storage_error: 500,
  internal_error: 500,
  crypto_error: 500,
} as const satisfies Record<string, number>

/** A stable, documented error code. */
export type DanceErrorCode = keyof typeof ERROR_CODES

/** Options accepted by {@link DanceError}. */
export interface DanceErrorOptions {
  /** The underlying error, kept for logs; never shown to the browser. */
  cause?: unknown
  /** Overrides the default HTTP status of the code. */
  status?: number
  /** The provider's `error` value (RFC 6749 §4.1.2.1 / §5.2), when there is one. */
  providerError?: string
  /** The provider's `error_description`; untrusted text, escape it before showing it. */
  providerErrorDescription?: string
  /** The provider's `error_uri`: a page about the error; untrusted, never follow it for the user. */
  providerErrorUri?: string
  /** Other untrusted detail from the provider's answer (an unexpected `issuer`, a URL). */
  providerDetail?: string
  /** The blueprint (provider name) the error belongs to. */
  provider?: string | undefined
}

/**
 * A message argument that must be fixed text: a string literal (or union of them), never a computed
 * `string`, so provider text cannot be passed where a message is built. Used by our error helpers.
 */
export type FixedText<T extends string> = string extends T ? never : T

/** The most characters kept of each provider-supplied field: enough for logs, bounded for memory. */
export const PROVIDER_TEXT_LIMIT = 512

/** Provider text as kept on an error: at most {@link PROVIDER_TEXT_LIMIT} characters. */
function bounded(text: string | undefined): string | undefined {
  if (text === undefined) return undefined
  const value = String(text)
  return value.length > PROVIDER_TEXT_LIMIT ? value.slice(0, PROVIDER_TEXT_LIMIT) : value
}

/**
 * The one error class of oauth-dance. Its `message` is our own text (fixed per failure, with our own
 * facts such as the blueprint name or an HTTP status number): no text a provider chose ever appears in
 * it. What the provider said is kept apart, bounded, in `providerError`, `providerErrorDescription`,
 * `providerErrorUri` and `providerDetail`: untrusted, for logs, never for display.
 * @see [RFC 6749 - The OAuth 2.0 Authorization Framework](https://www.rfc-editor.org/rfc/rfc6749.html#section-5.2)
 */
export class DanceError extends Error {
  /** The stable code; switch on this, not on the message. */
  readonly code: DanceErrorCode
  /** The HTTP status a failed login answers with. */
  readonly status: number
  /** The provider's `error` value, if the provider sent one; untrusted, at most 512 characters. */
  readonly providerError: string | undefined
  /** The provider's `error_description`; untrusted, at most 512 characters. */
  readonly providerErrorDescription: string | undefined
  /**
   * The provider's `error_uri` (a page about the error, RFC 6749 §4.1.2.1 / §5.2); untrusted, at most
   * 512 characters: log it, never redirect to it.
   */
  readonly providerErrorUri: string | undefined
  /** Other detail from the provider's answer (an unexpected `issuer`); untrusted, bounded. */
  readonly providerDetail: string | undefined
  /** The blueprint name, when known. */
  readonly provider: string | undefined

  constructor(code: DanceErrorCode, message: string, options: DanceErrorOptions = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause })
    this.name = 'DanceError'
    this.code = code
    this.status = options.status ?? ERROR_CODES[code]
    this.providerError = bounded(options.providerError)
    this.providerErrorDescription = bounded(options.providerErrorDescription)
    this.providerErrorUri = bounded(options.providerErrorUri)
    this.providerDetail = bounded(options.providerDetail)
    this.provider = options.provider
  }
}

/**
 * `unowned` as an error of the blueprint `provider`. Every error oauth-dance creates for a blueprint
 * names it from the start, so this only wraps errors the app's own code threw (a hook, a storage, lock
 * or fetch of its own): a new error with the same code, status, message and provider fields, and the
 * original as its cause. An error that already names a blueprint is returned as it is.
 */
export function ownedBy(unowned: DanceError, provider: string): DanceError {
  if (unowned.provider !== undefined) return unowned
  return new DanceError(unowned.code, unowned.message, {
    cause: unowned,
    status: unowned.status,
    provider,
    ...(unowned.providerError !== undefined && { providerError: unowned.providerError }),
    ...(unowned.providerErrorDescription !== undefined && {
      providerErrorDescription: unowned.providerErrorDescription,
    }),
    ...(unowned.providerErrorUri !== undefined && { providerErrorUri: unowned.providerErrorUri }),
    ...(unowned.providerDetail !== undefined && { providerDetail: unowned.providerDetail }),
  })
}

/** True when `value` is a {@link DanceError}, optionally with the given code. */
export function isDanceError(value: unknown, code?: DanceErrorCode): value is DanceError {
  return value instanceof DanceError && (code === undefined || value.code === code)
}
