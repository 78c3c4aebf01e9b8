/**
 * Signed authorization requests (JAR, RFC 9101): the request's parameters travel as a JWT signed with
 * the client's private key (the `clientPrivateKey` of `private_key_jwt`), so the provider knows they
 * came from the client unchanged, whether the browser carries the JWT or it is pushed (PAR).
 */
import * as oauth from 'oauth4webapi'
import { DanceError } from '../../errors.js'
import type { LoadedClientKey } from './client-key.js'

/** True when the login must sign its request: asked for, or required by the provider's metadata. */
export function signsRequests(as: oauth.AuthorizationServer, asked: boolean | undefined): boolean {
  return asked === true || as.require_signed_request_object === true
}

/**
 * The parameters that replace `params`: the signed request object in `request`, with `client_id`
 * (RFC 9101 §5) and, as OpenID Connect requires of them, `response_type` and `scope` beside it.
 * `config_invalid` without a client key.
 * @see [RFC 9101 - The OAuth 2.0 Authorization Framework: JWT-Secured Authorization Request (JAR)](https://www.rfc-editor.org/rfc/rfc9101.html#section-5)
 */
export async function signedRequestParams(
  as: oauth.AuthorizationServer,
  client: oauth.Client,
  params: URLSearchParams,
  key: LoadedClientKey | undefined,
  provider: string,
): Promise<URLSearchParams> {
  if (!key) {
    throw new DanceError(
      'config_invalid',
      `${provider}: signed authorization requests need the client's private key (\`clientPrivateKey\`).`,
      { provider },
    )
  }
  const privateKey = { key: await key.cryptoKey(), ...(key.kid !== undefined && { kid: key.kid }) }
  const request = await oauth.issueRequestObject(as, client, params, privateKey)
  const outside = new URLSearchParams({ client_id: client.client_id })
  for (const name of ['response_type', 'scope']) {
    const value = params.get(name)
    if (value !== null) outside.set(name, value)
  }
  outside.set('request', request)
  return outside
}
