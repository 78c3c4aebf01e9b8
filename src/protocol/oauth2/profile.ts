/**
 * What OpenID Connect changes in the OAuth 2 code flow, as one object the OAuth 2 protocol holds: where
 * the metadata comes from, what a login adds, how token answers are validated, and the OpenID extras.
 * Plain OAuth 2 has the profile below; `oidc/profile.ts` has the OpenID Connect one.
 */
import * as oauth from 'oauth4webapi'
import { type Token, withExpiresAt } from '../../token.js'
import type { IdTokenClaims } from '../oidc/id-token.js'
import type { CallbackState, EndSessionRequest, LoginResult, LoginState } from '../protocol.js'
import type { ResponseMode } from './settings.js'

/** The parts of the code flow that differ between OAuth 2 and OpenID Connect. */
export interface OAuth2Profile {
  readonly kind: 'oauth2' | 'oidc'
  /** True when the provider POSTs the callback. */
  readonly postsCallback: boolean
  /** True when the issuer comes from discovery rather than a guess (the `iss` check applies then). */
  readonly issuerKnown: boolean
  /** The client metadata oauth4webapi validates against. */
  readonly client: oauth.Client
  /** The authorization server's metadata (discovered, for OpenID Connect). */
  server(): Promise<oauth.AuthorizationServer>
  /** Parameters a login adds to the authorization request, and what it remembers of them. */
  loginExtras(): { params: Record<string, string>; state: Partial<LoginState> }
  /**
   * Validates a code exchange's answer; `params` is the callback (what the browser posted with it),
   * `dpop` the handle of the login's key when its token is DPoP-bound (for UserInfo).
   */
  codeResult(
    as: oauth.AuthorizationServer,
    response: Response,
    state: CallbackState,
    params: URLSearchParams,
    dpop?: oauth.DPoPHandle,
  ): Promise<LoginResult>
  /** Validates a refresh answer. */
  refreshResult(as: oauth.AuthorizationServer, response: Response, previous: Token): Promise<Token>
  idTokenClaims(token: Token | undefined): IdTokenClaims | undefined
  /** UserInfo for `token`, its `sub` required to be `subject`; `dpop` proves a DPoP-bound token. */
  userinfo(
    token: Token,
    subject: string,
    dpop?: oauth.DPoPHandle,
  ): Promise<Record<string, unknown> | undefined>
  endSessionUrl(request: EndSessionRequest): Promise<string | undefined>
}

/** The plain OAuth 2 profile: fixed metadata, token answers as RFC 6749 defines them, no OpenID extras. */
export function plainProfile(
  as: oauth.AuthorizationServer,
  clientId: string,
  responseMode: ResponseMode | undefined,
): OAuth2Profile {
  const client: oauth.Client = { client_id: clientId }
  const postsCallback = responseMode?.startsWith('form_post') === true
  const params: Record<string, string> =
    responseMode && responseMode !== 'query' ? { response_mode: responseMode } : {}
  return {
    kind: 'oauth2',
    postsCallback,
    issuerKnown: false,
    client,
    server: () => Promise.resolve(as),
    loginExtras: () => ({ params: { ...params }, state: {} }),
    async codeResult(server, response) {
      const result = await oauth.processAuthorizationCodeResponse(server, client, response)
      return { token: withExpiresAt({ ...result } as Token) }
    },
    async refreshResult(server, response) {
      const result = await oauth.processRefreshTokenResponse(server, client, response)
      return withExpiresAt({ ...result } as Token)
    },
    idTokenClaims: () => undefined,
    userinfo: () => Promise.resolve(undefined),
    endSessionUrl: () => Promise.resolve(undefined),
  }
}
