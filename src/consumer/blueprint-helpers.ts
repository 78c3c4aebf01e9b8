/**
 * Small pure helpers of the consumer Blueprint: reading the `authorized` hook's decision, recognising an
 * `invalid_token` challenge, and deciding whether a request or a refresh failure allows another try.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1 (the invalid_token challenge)
 */
import { isDanceError } from '../errors.js'
import type { OutgoingRequest } from './blueprint-options.js'
import type { AuthorizedResult } from './hooks.js'

/**
 * A copy of the request whose URL and headers can be changed without touching the original, so a retry
 * starts from the request as the client built it.
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export function copyRequest(request: OutgoingRequest): OutgoingRequest {
  return { ...request, url: new URL(request.url), headers: new Headers(request.headers) }
}

/**
 * True for a refresh failure worth outliving (`refresh_failed`, `provider_timeout`), as opposed to a
 * refused refresh token.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-6
 */
export function isTransientRefreshFailure(error: unknown): boolean {
  return isDanceError(error) && (error.code === 'refresh_failed' || error.code === 'provider_timeout')
}

/**
 * True when a 401 says the access token was refused (`invalid_token`, or no challenge at all).
 * @see https://www.rfc-editor.org/rfc/rfc6750#section-3.1
 */
export function isInvalidTokenChallenge(response: Response): boolean {
  const challenge = response.headers.get('www-authenticate')
  // Providers that send no challenge at all on 401 (many do) mean the same thing.
  return challenge === null || /invalid_token/i.test(challenge)
}

/**
 * True when a request body can be sent twice (none, a string or form parameters; a stream cannot).
 * @see https://fetch.spec.whatwg.org/#concept-body-source
 */
export function isReplayable(body: BodyInit | null | undefined): boolean {
  return body === undefined || body === null || typeof body === 'string' || body instanceof URLSearchParams
}

/**
 * True for an absolute `http:` or `https:` URL.
 * @see https://www.rfc-editor.org/rfc/rfc3986#section-4.3
 */
export function isAbsoluteHttp(value: string): boolean {
  // The app's own configured redirectTo may be absolute (another app of the owner); `next` never may.
  return /^https?:\/\//i.test(value)
}

/**
 * The `authorized` hook's answer in one shape: whether to store the token, for whom, and any response.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-4.1.2
 */
export function normalizeDecision(decision: AuthorizedResult): {
  store: boolean
  userId?: string
  accountId?: string
  response?: Response
} {
  if (decision === undefined || decision === true) return { store: true }
  if (decision === false) return { store: false }
  if (decision instanceof Response) return { store: true, response: decision }
  return {
    store: decision.store ?? true,
    ...(decision.userId !== undefined && { userId: decision.userId }),
    ...(decision.accountId !== undefined && { accountId: decision.accountId }),
    ...(decision.response !== undefined && { response: decision.response }),
  }
}
