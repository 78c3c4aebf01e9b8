/**
 * The table that turns oauth4webapi's errors into our stable codes: its error classes and `code`
 * constants, narrowed by the phase and by the structured `cause` it attaches, never by message text.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.2
 */
import * as oauth from 'oauth4webapi'
import type { DanceErrorCode } from '../../errors.js'


/** Where in the dance the error happened; decides some codes (`invalid_grant` on refresh → re-auth). */
export type OAuthPhase = 'callback' | 'token' | 'refresh' | 'userinfo' | 'revocation' | 'discovery'

/** An error of one of oauth4webapi's own classes, each with a `code` (its argument checks are plain `TypeError`s). */
export type Oauth4webapiError =
  | oauth.AuthorizationResponseError
  | oauth.ResponseBodyError
  | oauth.WWWAuthenticateChallengeError
  | oauth.OperationProcessingError
  | oauth.UnsupportedOperationError

/** True when `error` is of one of oauth4webapi's error classes, which {@link OAUTH4WEBAPI_CODES} classifies. */
export function isOauth4webapiError(error: unknown): error is Oauth4webapiError {
  return (
    error instanceof oauth.AuthorizationResponseError ||
    error instanceof oauth.ResponseBodyError ||
    error instanceof oauth.WWWAuthenticateChallengeError ||
    error instanceof oauth.OperationProcessingError ||
    error instanceof oauth.UnsupportedOperationError
  )
}

/** One row of {@link OAUTH4WEBAPI_CODES}: which errors it takes, and what they become. */
export interface Oauth4webapiRow {
  /** oauth4webapi's `error.code` (one of its exported constants); absent: any of its errors. */
  readonly code?: string
  /** The phases the row applies in; absent: every phase. */
  readonly phases?: readonly OAuthPhase[]
  /** What else must hold, read from the error's own fields and its structured `cause`. */
  readonly when?: (error: Oauth4webapiError) => boolean
  /** Our stable code. */
  readonly ours: DanceErrorCode
  /** Our fixed message; a function when it shows the provider's HTTP status (a number). */
  readonly message?: string | ((httpStatus: number) => string)
  /** For `id_token_invalid`: which check failed, in our own words (completes "X's ID token is not valid: "). */
  readonly reason?: string
  /** Overrides the HTTP status of our code. */
  readonly status?: number
}

/** Our reasons for an ID token claim that is missing or of the wrong type. */
const MALFORMED_CLAIM = {
  iss: 'its "iss" is missing or not a string',
  sub: 'its "sub" is missing or not a string',
  aud: 'its "aud" is missing or malformed',
  exp: 'its "exp" is missing or not a time',
  iat: 'its "iat" is missing or not a time',
  nbf: 'its "nbf" is not a time',
  nonce: 'its "nonce" is missing',
  auth_time: 'its "auth_time" is missing or not a time',
} as const

const LOGIN = ['token', 'refresh'] as const satisfies readonly OAuthPhase[]

/**
 * oauth4webapi's errors → our codes; the first row that fits wins. ID token rows apply where a token
 * response is processed (login and refresh); the claim a reason names comes from oauth4webapi's
 * `cause` (`cause.claim`, or the claims it refused), never from its message.
 */
export const OAUTH4WEBAPI_CODES = [
  // The authorization response carried `error` (RFC 6749 §4.1.2.1).
  {
    code: oauth.AUTHORIZATION_RESPONSE_ERROR,
    when: (e) => providerErrorIs(e, 'access_denied'),
    ours: 'access_denied',
    message: 'The authorization was denied at the provider.',
  },
  {
    code: oauth.AUTHORIZATION_RESPONSE_ERROR,
    ours: 'provider_error',
    message: 'The provider refused the authorization.',
  },
  // A token endpoint error response (RFC 6749 §5.2); oauth4webapi makes one of 4xx answers only, a 5xx
  // is not conform (RESPONSE_IS_NOT_CONFORM, the last rows).
  {
    code: oauth.RESPONSE_BODY_ERROR,
    phases: ['refresh'],
    when: (e) => providerErrorIs(e, 'invalid_grant'),
    ours: 'reauth_required',
    message: 'The provider no longer accepts the refresh token; the user must log in again.',
  },
  {
    code: oauth.RESPONSE_BODY_ERROR,
    phases: ['refresh'],
    ours: 'refresh_failed',
    message: 'The provider rejected the request.',
    status: 401,
  },
  { code: oauth.RESPONSE_BODY_ERROR, ours: 'token_rejected', message: 'The provider rejected the request.' },
  // A `WWW-Authenticate` challenge (RFC 6750 §3): our client credentials or access token were refused.
  {
    code: oauth.WWW_AUTHENTICATE_CHALLENGE,
    phases: ['refresh'],
    ours: 'refresh_failed',
    message: (s: number) => `The provider rejected our credentials (HTTP ${s}).` as const,
    status: 401,
  },
  {
    code: oauth.WWW_AUTHENTICATE_CHALLENGE,
    ours: 'token_rejected',
    message: (s: number) => `The provider rejected our credentials (HTTP ${s}).` as const,
    status: 401,
  },
  // Our configuration, not the provider's answer: an http(s)-less or plain-http endpoint.
  {
    code: oauth.HTTP_REQUEST_FORBIDDEN,
    ours: 'config_invalid',
    message: 'Provider endpoints must use https (allowInsecureRequests is for development only).',
  },
  {
    code: oauth.REQUEST_PROTOCOL_FORBIDDEN,
    ours: 'config_invalid',
    message: 'Provider endpoints must use https (allowInsecureRequests is for development only).',
  },
  // `iss` and `state` are checked before oauth4webapi, with codes of their own: what it still refuses
  // in a callback (an `id_token` or `token`, a duplicated parameter) is a malformed callback.
  {
    code: oauth.UNSUPPORTED_OPERATION,
    phases: ['callback'],
    ours: 'callback_invalid',
    message: 'The provider answered with something this client does not support.',
  },
  { phases: ['callback'], ours: 'callback_invalid', message: 'The callback is malformed.' },
  // ID token claim comparisons: `cause.claim` names the claim.
  {
    code: oauth.JWT_CLAIM_COMPARISON,
    phases: LOGIN,
    when: (e) => causeClaim(e) === 'iss',
    ours: 'id_token_invalid',
    reason: 'its "iss" is not the provider\'s issuer',
  },
  {
    code: oauth.JWT_CLAIM_COMPARISON,
    phases: LOGIN,
    // Without `expected`: several audiences and no `azp` (Core §3.1.3.7 step 4 and 5).
    when: (e) => causeClaim(e) === 'aud' && !('expected' in causeRecord(e)),
    ours: 'id_token_invalid',
    reason: 'its "aud" names other audiences too, and it has no "azp"',
  },
  {
    code: oauth.JWT_CLAIM_COMPARISON,
    phases: LOGIN,
    when: (e) => causeClaim(e) === 'aud',
    ours: 'id_token_invalid',
    reason: 'its "aud" does not name this client',
  },
  {
    code: oauth.JWT_CLAIM_COMPARISON,
    phases: LOGIN,
    when: (e) => causeClaim(e) === 'azp',
    ours: 'id_token_invalid',
    reason: 'its "azp" is not this client',
  },
  {
    code: oauth.JWT_CLAIM_COMPARISON,
    phases: LOGIN,
    when: (e) => causeClaim(e) === 'nonce',
    ours: 'id_token_invalid',
    reason: 'its "nonce" is not the one of this login',
  },
  {
    code: oauth.JWT_CLAIM_COMPARISON,
    phases: LOGIN,
    ours: 'id_token_invalid',
    reason: 'a claim does not have the expected value',
  },
  // ID token time checks: `cause.claim` names the claim.
  {
    code: oauth.JWT_TIMESTAMP_CHECK,
    phases: LOGIN,
    when: (e) => causeClaim(e) === 'exp',
    ours: 'id_token_invalid',
    reason: 'it has expired',
  },
  {
    code: oauth.JWT_TIMESTAMP_CHECK,
    phases: LOGIN,
    when: (e) => causeClaim(e) === 'nbf',
    ours: 'id_token_invalid',
    reason: 'it is not valid yet ("nbf")',
  },
  {
    code: oauth.JWT_TIMESTAMP_CHECK,
    phases: LOGIN,
    when: (e) => causeClaim(e) === 'auth_time',
    ours: 'id_token_invalid',
    reason: 'its "auth_time" is too old',
  },
  {
    code: oauth.JWT_TIMESTAMP_CHECK,
    phases: LOGIN,
    ours: 'id_token_invalid',
    reason: 'one of its times is out of range',
  },
  // A claim missing or of the wrong type: oauth4webapi attaches the claims (and no `claim`).
  ...(['iss', 'sub', 'aud', 'exp', 'iat', 'nbf', 'nonce', 'auth_time'] as const).map(
    (claim) =>
      ({
        code: oauth.INVALID_RESPONSE,
        phases: LOGIN,
        when: (e: Oauth4webapiError) => faultyClaimOf(e) === claim,
        ours: 'id_token_invalid',
        reason: MALFORMED_CLAIM[claim],
      }) as const,
  ),
  {
    code: oauth.INVALID_RESPONSE,
    phases: LOGIN,
    when: (e) => claimsOf(e) !== undefined,
    ours: 'id_token_invalid',
    reason: 'a claim is missing or malformed',
  },
  // The JOSE header's `alg` is not the registered one (or not one the provider advertises).
  {
    code: oauth.INVALID_RESPONSE,
    phases: LOGIN,
    when: (e) => isRecord(causeRecord(e).header) && 'expected' in causeRecord(e),
    ours: 'id_token_invalid',
    reason: 'its signing algorithm is not one this client accepts',
  },
  // Not three dot-separated parts, or a header or payload that is not a JSON object: the cause is the JWT.
  {
    code: oauth.INVALID_RESPONSE,
    phases: LOGIN,
    when: (e) => typeof e.cause === 'string',
    ours: 'id_token_invalid',
    reason: 'it is not a well-formed JWT',
  },
  // A header or payload that is not base64url: the cause is oauth4webapi's decoding TypeError.
  {
    code: oauth.PARSE_ERROR,
    phases: LOGIN,
    when: (e) =>
      e.cause instanceof TypeError && (e.cause as { code?: unknown }).code === 'ERR_INVALID_ARG_VALUE',
    ours: 'id_token_invalid',
    reason: 'it is not a well-formed JWT',
  },
  // The token response's `id_token` member itself: missing (required in an OpenID login) or not a string.
  {
    code: oauth.INVALID_RESPONSE,
    phases: LOGIN,
    when: (e) => refusedMember(causeRecord(e).body) === 'id_token',
    ours: 'id_token_invalid',
    reason: 'it is missing or not a string',
  },
  {
    code: oauth.UNSUPPORTED_OPERATION,
    phases: LOGIN,
    when: (e) => isRecord(causeRecord(e).header),
    ours: 'id_token_invalid',
    reason: 'its header has a critical extension ("crit") this client does not support',
  },
  {
    code: oauth.UNSUPPORTED_OPERATION,
    phases: LOGIN,
    // A JWE (five parts) with no decryption configured: the cause is the token.
    when: (e) => typeof e.cause === 'string',
    ours: 'id_token_invalid',
    reason: 'it is encrypted, which this client does not support',
  },
  {
    code: oauth.KEY_SELECTION,
    phases: LOGIN,
    ours: 'id_token_invalid',
    reason: 'no key of the provider matches its signature',
  },
  // UserInfo's `sub` is not the ID token's (Core §5.3.2).
  {
    code: oauth.JSON_ATTRIBUTE_COMPARISON,
    phases: ['userinfo'],
    ours: 'userinfo_invalid',
    message: "The provider's UserInfo response does not match the ID token.",
  },
  {
    code: oauth.UNSUPPORTED_OPERATION,
    ours: 'provider_response_invalid',
    message: 'The provider answered with something this client does not support.',
  },
  {
    phases: ['refresh'],
    ours: 'refresh_failed',
    message: 'The provider answered with an unusable response.',
    status: 502,
  },
  { ours: 'provider_response_invalid', message: 'The provider answered with an unusable response.' },
] as const satisfies readonly Oauth4webapiRow[]

/** A row of {@link OAUTH4WEBAPI_CODES}, with its literal message or reason. */
export type Oauth4webapiEntry = (typeof OAUTH4WEBAPI_CODES)[number]

/** The first row of {@link OAUTH4WEBAPI_CODES} that fits `error` in `phase` (the last fits every error). */
export function classifyOauth4webapiError(error: Oauth4webapiError, phase: OAuthPhase): Oauth4webapiEntry {
  const rows: readonly Oauth4webapiRow[] = OAUTH4WEBAPI_CODES
  const index = rows.findIndex(
    (row) =>
      (row.code === undefined || row.code === error.code) &&
      (row.phases === undefined || row.phases.includes(phase)) &&
      (row.when === undefined || row.when(error)),
  )
  return OAUTH4WEBAPI_CODES[index]!
}

const isString = (v: unknown) => typeof v === 'string'
const isTime = (v: unknown) => typeof v === 'number' && Number.isFinite(v)

/**
 * The ID token claims oauth4webapi requires (present) or checks the type of (when present), each with
 * the shape it wants. `nonce` and `auth_time` are required only by some logins; a broken standard claim
 * is found first, so they are named only when nothing else is wrong.
 */
const CLAIM_SHAPES: ReadonlyArray<readonly [keyof typeof MALFORMED_CLAIM, boolean, (v: unknown) => boolean]> =
  [
    ['iss', true, isString],
    ['sub', true, isString],
    ['aud', true, (v) => typeof v === 'string' || Array.isArray(v)],
    ['exp', true, isTime],
    ['iat', true, isTime],
    ['nbf', false, isTime],
    ['auth_time', false, (v) => isTime(v) && (v as number) >= 0],
    ['nonce', true, () => true],
    ['auth_time', true, () => true],
  ]

/** Which claim an ID token claim-shape error is about, from the claims oauth4webapi attached. */
function faultyClaimOf(error: Oauth4webapiError): keyof typeof MALFORMED_CLAIM | undefined {
  const claims = claimsOf(error)
  if (!claims) return undefined
  return CLAIM_SHAPES.find(([claim, required, fits]) =>
    claims[claim] === undefined ? required : !fits(claims[claim]),
  )?.[0]
}

/** The claims of an ID token oauth4webapi refused for a missing or mistyped claim (`cause: { claims }`). */
function claimsOf(error: Oauth4webapiError): Record<string, unknown> | undefined {
  const cause = causeRecord(error)
  return isRecord(cause.claims) && !('claim' in cause) ? cause.claims : undefined
}

/**
 * Which member of a token response oauth4webapi refused, checking them in its order: an `id_token`
 * is named only when everything checked before it is sound.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1
 */
function refusedMember(body: unknown): string | undefined {
  if (!isRecord(body)) return 'body'
  const filled = (v: unknown) => typeof v === 'string' && v !== ''
  if (!filled(body.access_token)) return 'access_token'
  if (!filled(body.token_type)) return 'token_type'
  if (body.expires_in !== undefined) {
    const seconds =
      typeof body.expires_in === 'number' ? body.expires_in : Number.parseFloat(String(body.expires_in))
    if (!Number.isFinite(seconds) || seconds < 0) return 'expires_in'
  }
  if (body.refresh_token !== undefined && !filled(body.refresh_token)) return 'refresh_token'
  if (body.scope !== undefined && typeof body.scope !== 'string') return 'scope'
  return filled(body.id_token) ? undefined : 'id_token'
}

function providerErrorIs(error: Oauth4webapiError, code: string): boolean {
  return (
    (error instanceof oauth.AuthorizationResponseError || error instanceof oauth.ResponseBodyError) &&
    error.error === code
  )
}

function causeClaim(error: Oauth4webapiError): unknown {
  return causeRecord(error).claim
}

function causeRecord(error: Oauth4webapiError): Record<string, unknown> {
  return isRecord(error.cause) ? error.cause : {}
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
