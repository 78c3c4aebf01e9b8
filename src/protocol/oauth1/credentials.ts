/**
 * Reading the provider's answers to the two OAuth 1.0a back-channel requests (temporary credentials
 * and token credentials): form-encoded `oauth_token` and `oauth_token_secret`, each exactly once, or a
 * failure mapped to a DanceError. A 401 names the clocks, since a stale timestamp is the usual cause.
 */
import { DanceError } from '../../errors.js'

/** Which of the two credential requests an answer belongs to, for messages. */
export type CredentialsStage = 'temporary credentials' | 'token credentials'

/** Whether a token secret may be empty (RSA-SHA1 never uses it). */
export interface ReadCredentialsOptions {
  provider: string
  stage: CredentialsStage
  allowEmptySecret?: boolean
}

/**
 * A hint for a refused signature: both clocks, so a skew is visible at a glance.
 */
export function clockHint(response: Response, now = Date.now()): string {
  const local = new Date(now).toISOString()
  const dateHeader = response.headers.get('date')
  const server = dateHeader === null ? Number.NaN : Date.parse(dateHeader)
  if (Number.isNaN(server)) {
    return `Check the consumer credentials, and that this machine's clock is right (local time ${local}; the provider sent no Date).`
  }
  const skew = Math.round((now - server) / 1000)
  return `Check the consumer credentials and the clock: the provider's Date is ${new Date(server).toISOString()}, local time is ${local} (${skew} s apart).`
}

/**
 * Checks a credentials response and returns its parameters; throws a DanceError otherwise.
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-2.1)
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-2.3)
 */
export async function readCredentials(
  response: Response,
  options: ReadCredentialsOptions,
): Promise<URLSearchParams> {
  const { provider, stage } = options
  const text = await response.text()
  const looksLikeHtml = /^\s*</.test(text)
  const params = looksLikeHtml ? new URLSearchParams() : new URLSearchParams(text)
  // The OAuth Problem Reporting extension's `oauth_problem` is the one error field providers share.
  const problem = params.get('oauth_problem') ?? undefined
  const fields = { provider, ...(problem !== undefined && { providerError: problem }) }
  if (response.status === 401 || problem === 'timestamp_refused') {
    throw new DanceError(
      'oauth1_signature_rejected',
      `The provider refused the signed ${stage} request (HTTP ${response.status}). ${clockHint(response)}`,
      fields,
    )
  }
  if (response.status >= 500) {
    throw new DanceError(
      'provider_unavailable',
      `The provider failed the ${stage} request (HTTP ${response.status}).`,
      fields,
    )
  }
  if (response.status < 200 || response.status >= 300) {
    throw new DanceError(
      'provider_response_invalid',
      `The provider rejected the ${stage} request (HTTP ${response.status}).`,
      fields,
    )
  }
  if (looksLikeHtml) {
    throw new DanceError(
      'provider_response_invalid',
      `The provider answered the ${stage} request with HTML, not form-encoded credentials.`,
      fields,
    )
  }
  for (const name of ['oauth_token', 'oauth_token_secret']) {
    const values = params.getAll(name)
    const emptyOk = name === 'oauth_token_secret' && options.allowEmptySecret
    if (values.length !== 1 || (values[0] === '' && !emptyOk)) {
      throw new DanceError(
        'provider_response_invalid',
        `The provider's ${stage} response must carry ${name} exactly once${emptyOk ? '' : ', not empty'}.`,
        fields,
      )
    }
  }
  return params
}
