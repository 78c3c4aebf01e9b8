/**
 * The fetch the revocation endpoint is called through: RFC 7009's form body reshaped for providers that
 * document another form (Notion reads a JSON body, Zoho the token from the query string, TikTok calls the client id
 * `client_key`, VK ID the token `access_token`).
 */
import type { FetchLike } from '../http.js'
import type { OAuth2Quirks } from './quirks.js'
import { renameClientIdParameter } from './token-endpoint.js'

/**
 * The transport, wrapped to rename the client id parameter (TikTok `client_key`) and put the revocation
 * parameters where `quirks.revocationParams` says.
 */
export function revocationFetch(transport: FetchLike, quirks: OAuth2Quirks): FetchLike {
  const where = quirks.revocationParams
  if (
    !where &&
    !quirks.clientIdParameter &&
    !quirks.clientSecretParameter &&
    !quirks.revocationTokenParameter
  )
    return transport
  return (input, request) => {
    const init = renameTokenParameter(renameClientIdParameter(request, quirks), quirks)
    if (!where || input instanceof Request || !(init?.body instanceof URLSearchParams))
      return transport(input, init)
    const params = new URLSearchParams(init.body)
    const headers = new Headers(init.headers)
    if (where === 'json') {
      headers.set('content-type', 'application/json')
      return transport(input, { ...init, headers, body: JSON.stringify(Object.fromEntries(params)) })
    }
    // Only the token moves (under its documented name, Miro's `access_token`): client credentials,
    // if any, never go into a URL.
    const url = new URL(input)
    for (const name of [quirks.revocationTokenParameter ?? 'token', 'token_type_hint']) {
      const value = params.get(name)
      if (value !== null) url.searchParams.set(name, value)
      params.delete(name)
    }
    if (params.size === 0) headers.delete('content-type')
    return transport(url.href, { ...init, headers, body: params.size === 0 ? null : params })
  }
}

/** Renames RFC 7009's `token` for endpoints that read it under another name, dropping the type hint. */
function renameTokenParameter(init: RequestInit | undefined, quirks: OAuth2Quirks): RequestInit | undefined {
  const name = quirks.revocationTokenParameter
  if (!name || !(init?.body instanceof URLSearchParams)) return init
  const body = new URLSearchParams(init.body)
  const token = body.get('token')
  if (token === null) return init
  body.delete('token')
  body.delete('token_type_hint')
  body.set(name, token)
  return { ...init, body }
}
