/**
 * The fetch the token endpoint is called through: the request shaped for providers that want it
 * otherwise (a renamed client id parameter, parameters in the query or a JSON body), the answer normalised by the
 * quirks before oauth4webapi validates it.
 */
import type { FetchLike } from '../http.js'
import { normalizeTokenResponse, type OAuth2Quirks } from './quirks.js'

/** The transport, wrapped to apply `quirks` to token requests and their answers. */
export function tokenEndpointFetch(transport: FetchLike, quirks: OAuth2Quirks): FetchLike {
  return async (input, init) => {
    const [url, request] = shapeTokenRequest(input, renameClientIdParameter(init, quirks), quirks)
    return normalizeTokenResponse(await transport(url, request), quirks)
  }
}

/**
 * Renames `client_id` (TikTok `client_key`, Deezer `app_id`) and `client_secret` (Deezer `secret`) in a
 * token request body for providers that call them otherwise.
 */
export function renameClientIdParameter(
  init: RequestInit | undefined,
  quirks: OAuth2Quirks,
): RequestInit | undefined {
  const renames = [
    ['client_id', quirks.clientIdParameter],
    ['client_secret', quirks.clientSecretParameter],
  ] as const
  if (renames.every(([, to]) => !to)) return init
  if (!init?.body || !(init.body instanceof URLSearchParams || typeof init.body === 'string')) return init
  const body = new URLSearchParams(init.body)
  let renamed = false
  for (const [from, to] of renames) {
    const value = body.get(from)
    if (!to || value === null) continue
    body.delete(from)
    body.set(to, value)
    renamed = true
  }
  return renamed ? { ...init, body } : init
}

/**
 * Moves a token request's parameters into its query (ClickUp) or a JSON body (Zendesk) for providers
 * that read them there.
 */
function shapeTokenRequest(
  input: string | URL | Request,
  init: RequestInit | undefined,
  quirks: OAuth2Quirks,
): [string | URL | Request, RequestInit | undefined] {
  if (quirks.tokenRequestJson && !(input instanceof Request) && init?.body instanceof URLSearchParams) {
    const headers = new Headers(init.headers)
    headers.set('content-type', 'application/json')
    return [input, { ...init, headers, body: JSON.stringify(Object.fromEntries(init.body)) }]
  }
  if (!quirks.tokenParamsInQuery || input instanceof Request) return [input, init]
  if (!(init?.body instanceof URLSearchParams || typeof init?.body === 'string')) return [input, init]
  const url = new URL(input)
  for (const [name, value] of new URLSearchParams(init.body)) url.searchParams.append(name, value)
  const headers = new Headers(init.headers)
  headers.delete('content-type')
  return [url.href, { ...init, body: null, headers }]
}
