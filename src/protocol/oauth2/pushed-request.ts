/**
 * Pushed Authorization Requests (RFC 9126): the authorization request's parameters go to the provider
 * over the back channel, authenticated as the client, and the browser carries only `client_id` and the
 * `request_uri` the provider answered with, so it can neither read nor change them.
 */
import * as oauth from 'oauth4webapi'
import { DanceError } from '../../errors.js'
import { toDanceError } from './errors.js'

/** True when the login must push its request: asked for, or required by the provider's metadata. */
export function pushesRequests(as: oauth.AuthorizationServer, asked: boolean | undefined): boolean {
  return asked === true || as.require_pushed_authorization_requests === true
}

/** What {@link pushAuthorizationRequest} sends with. */
export interface PushContext {
  readonly client: oauth.Client
  readonly clientAuth: oauth.ClientAuth
  /** oauth4webapi request options: the transport, headers, insecure-request permission, DPoP. */
  readonly options: oauth.PushedAuthorizationRequestOptions
  readonly provider: string
}

/**
 * Pushes `params` and returns the URL the browser is sent to: the authorization endpoint with only
 * `client_id` and `request_uri`. A refusal is `par_rejected` (the provider's `error` kept apart); a
 * provider without a PAR endpoint is `config_invalid`. Nothing is remembered either way.
 * @see [RFC 9126 - OAuth 2.0 Pushed Authorization Requests](https://www.rfc-editor.org/rfc/rfc9126.html#section-4)
 */
export async function pushAuthorizationRequest(
  as: oauth.AuthorizationServer,
  params: URLSearchParams,
  context: PushContext,
): Promise<URL> {
  const { client, provider } = context
  if (typeof as.pushed_authorization_request_endpoint !== 'string') {
    throw new DanceError(
      'config_invalid',
      `${provider}: pushed authorization requests are on, but the provider has no pushed_authorization_request_endpoint.`,
      { provider },
    )
  }
  let requestUri: string
  try {
    const response = await oauth.pushedAuthorizationRequest(
      as,
      client,
      context.clientAuth,
      params,
      context.options,
    )
    requestUri = (await oauth.processPushedAuthorizationResponse(as, client, response)).request_uri
  } catch (error) {
    throw rejected(toDanceError(error, 'token', provider), challengeError(error), provider)
  }
  const url = new URL(as.authorization_endpoint!)
  url.search = ''
  url.searchParams.set('client_id', client.client_id)
  url.searchParams.set('request_uri', requestUri)
  return url
}

/** The `error` of a refusal sent as a `WWW-Authenticate` challenge (a 401 for our client credentials). */
function challengeError(error: unknown): string | undefined {
  if (!(error instanceof oauth.WWWAuthenticateChallengeError)) return undefined
  const value = error.cause[0]?.parameters.error
  return typeof value === 'string' ? value : undefined
}

/** The provider's refusal, or an answer we cannot use, as `par_rejected`; transport and config codes stay. */
function rejected(cause: DanceError, challenged: string | undefined, provider: string): DanceError {
  if (cause.code !== 'token_rejected' && cause.code !== 'provider_response_invalid') return cause
  const providerError = cause.providerError ?? challenged
  return new DanceError('par_rejected', 'The provider refused the pushed authorization request.', {
    cause,
    provider,
    ...(providerError !== undefined && { providerError }),
    ...(cause.providerErrorDescription !== undefined && {
      providerErrorDescription: cause.providerErrorDescription,
    }),
    ...(cause.providerErrorUri !== undefined && { providerErrorUri: cause.providerErrorUri }),
    ...(cause.providerDetail !== undefined && { providerDetail: cause.providerDetail }),
  })
}
