/**
 * Putting an OAuth 2 access token on an API request: the `Authorization` header by default (RFC 6750
 * §2.1), or where a provider's quirks say (another scheme, a header of its own, a form body, the query).
 */
import { DanceError } from '../../errors.js'
import type { Token } from '../../token.js'
import type { OutgoingRequest } from '../protocol.js'
import type { OAuth2Quirks } from './quirks.js'

/**
 * Adds `token` to `request` as the provider expects; throws `api_unauthorized` when it has no access token.
 * @see [RFC 6750 - The OAuth 2.0 Authorization Framework: Bearer Token Usage](https://www.rfc-editor.org/rfc/rfc6750.html#section-2.1)
 */
export function authorizeBearer(
  request: OutgoingRequest,
  token: Token,
  quirks: OAuth2Quirks,
  clientId: string,
  name: string,
): void {
  const accessToken = token.access_token
  if (typeof accessToken !== 'string') {
    throw new DanceError('api_unauthorized', `The stored ${name} token has no access token.`, {
      provider: name,
    })
  }
  // Most providers have none; skip the entries arrays on every API call then.
  for (const headers of [quirks.apiHeaders, quirks.headers]) {
    if (!headers) continue
    for (const [header, value] of Object.entries(headers)) {
      if (!request.headers.has(header)) request.headers.set(header, value)
    }
  }
  if (quirks.clientIdHeader) request.headers.set(quirks.clientIdHeader, clientId)
  if (quirks.tokenHeader) {
    request.headers.set(quirks.tokenHeader, accessToken)
    return
  }
  if (quirks.tokenBodyParameter && putTokenInFormBody(request, quirks.tokenBodyParameter, accessToken)) return
  if (quirks.tokenQueryParameter) {
    // Only for providers that require it (RFC 6750 §2.3 discourages it; RFC 9700 G9).
    if (!request.url.searchParams.has(quirks.tokenQueryParameter)) {
      request.url.searchParams.set(quirks.tokenQueryParameter, accessToken)
    }
    return
  }
  request.headers.set('authorization', `${quirks.authorizationScheme ?? 'Bearer'} ${accessToken}`)
}

/** Adds the token to a form body (or an empty one) of a non-GET request; false when it cannot. */
function putTokenInFormBody(request: OutgoingRequest, name: string, token: string): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false
  const type = request.headers.get('content-type')
  const empty = request.body === undefined || request.body === null || request.body === ''
  const form =
    type?.startsWith('application/x-www-form-urlencoded') &&
    (typeof request.body === 'string' || request.body instanceof URLSearchParams)
  if (!empty && !form) return false
  const body = new URLSearchParams(empty ? '' : (request.body as string | URLSearchParams))
  // A token the caller put in the body on purpose wins (another workspace's token, say).
  if (!body.has(name)) body.set(name, token)
  request.body = body.toString()
  request.headers.set('content-type', 'application/x-www-form-urlencoded')
  return true
}
