/**
 * Provider quirks, as named and typed data. A preset sets these fields; the OAuth 2 blueprint applies
 * them in one place, so no preset carries code. Add a new kind only when a real provider needs it.
 */

import { withMembers } from '../../objects.js'
import { BufferedResponse } from '../buffered-response.js'

/** The quirks a provider's OAuth 2 implementation may have. */
export interface OAuth2Quirks {
  /**
   * The token endpoint may answer `application/x-www-form-urlencoded` (GitHub without an explicit
   * `Accept: application/json`); such bodies are converted to JSON before validation. `'any-type'`
   * reads every answer that is not JSON as form-encoded, whatever its content type says (Deezer, whose
   * documentation shows the body but not its type).
   */
  formEncodedTokenResponse?: boolean | 'any-type'
  /**
   * The member of the token answer that holds the lifetime in seconds, when not `expires_in` (Deezer
   * `expires`). It is read as `expires_in`; 0 there means a token that does not expire.
   */
  expiresInMember?: string
  /** The name of the scope parameter in the authorization request, when not `scope` (Deezer `perms`). */
  scopeParameter?: string
  /** The name of the client secret parameter in token requests, when not `client_secret` (Deezer `secret`). */
  clientSecretParameter?: string
  /** Errors come back with HTTP 200 and an `error` member (GitHub); they are treated as HTTP 400. */
  errorsWithStatus200?: boolean
  /** Send `client_id` in the token request body too, even with HTTP Basic authentication. */
  clientIdInTokenBody?: boolean
  /**
   * The token sits in a nested member of the token response (Slack v2 user tokens: `authed_user`).
   * When the top level has no `access_token`, the nested member's token fields are lifted up; the
   * original response stays available under its member name.
   */
  nestedTokenMember?: string
  /** Send the token as this query parameter on API calls instead of a header (Slack legacy `token`). */
  tokenQueryParameter?: string
  /** The `Authorization` scheme on API calls (default `Bearer`; Zoho uses `Zoho-oauthtoken`). */
  authorizationScheme?: string
  /** Headers every API call carries (Heroku `Accept`, GitHub `X-GitHub-Api-Version`). */
  apiHeaders?: Readonly<Record<string, string>>
  /**
   * Headers every request to the provider carries, back channel included: the code exchange, refresh,
   * revocation, UserInfo and API calls (Reddit's `User-Agent`, Notion's `Notion-Version`).
   */
  headers?: Readonly<Record<string, string>>
  /**
   * The token revocation sends: by default the refresh token when there is one, else the access token;
   * `access_token` for providers that revoke only access tokens (Twitch).
   */
  revokedToken?: 'access_token'
  /**
   * Where the revocation request carries its parameters, when not in a form body (RFC 7009 §2.1):
   * a JSON body (Notion) or the query string (Zoho).
   */
  revocationParams?: 'json' | 'query'
  /**
   * The client authentication the revocation endpoint documents, when it differs from the token
   * endpoint's (Calendly: HTTP Basic for tokens, the secret in the body to revoke). `bearer`: the
   * endpoint takes no client credentials and is authorized by the token being revoked, sent as a
   * bearer header next to the `token` parameter (DigitalOcean).
   */
  revocationClientAuth?: 'client_secret_basic' | 'client_secret_post' | 'bearer'
  /**
   * The name the revocation endpoint reads the token from, when not RFC 7009's `token` (VK ID's logout
   * reads `access_token`); `token_type_hint` is then left out, the endpoint knowing only one kind.
   */
  revocationTokenParameter?: string
  /**
   * Callback parameters the token endpoint wants back (VK ID: the `device_id` the callback carries next
   * to the code, and the `state`). They are sent with the code exchange, kept in the token under the
   * same names, and sent again with every refresh of that token.
   */
  callbackTokenParams?: readonly string[]
  /** Send the app's client id as this header on API calls (Twitch `Client-Id`). */
  clientIdHeader?: string
  /** Separator of scopes in the authorization request (default a space; some providers use commas). */
  scopeSeparator?: string
  /** The token type the provider returns is not `bearer` but should be used as one (e.g. `bot`). */
  tokenTypeOverride?: string
  /**
   * On API calls that send a form body (or none) with a method other than GET/HEAD, send the token as
   * this body parameter (Slack's legacy Web API reads `token` from POST bodies, not the query).
   */
  tokenBodyParameter?: string
  /** Send the raw token (no scheme) in this header on API calls (Shopify `X-Shopify-Access-Token`). */
  tokenHeader?: string
  /** The name of the client id parameter in authorization and token requests (TikTok `client_key`). */
  clientIdParameter?: string
  /** The token response has no `token_type` (RFC 6749 makes it REQUIRED); the token is a bearer token. */
  tokenTypeMissing?: boolean
  /** The token response lists granted scopes as a JSON array (Twitch); it is joined with spaces. */
  scopeListInTokenResponse?: boolean
  /**
   * The token response carries an `id_token` that this OAuth 2 preset does not validate (no discovery or
   * keys for it). It is kept as `unvalidated_id_token`, so nothing mistakes it for a checked one.
   */
  unvalidatedIdToken?: boolean
  /** Tokens never expire: `expires_in` (Mailchimp sends 0) is dropped rather than read as "expired". */
  nonExpiringTokens?: boolean
  /** Parameters sent with every token request, code and refresh alike (Withings `action=requesttoken`). */
  tokenRequestParams?: Readonly<Record<string, string>>
  /** Refresh at this endpoint instead of the token endpoint (Figma `oauth/refresh`). */
  refreshTokenUrl?: string
  /**
   * The token endpoint reads its parameters as a JSON object, not a form body (Zendesk's
   * `/oauth/tokens`); code exchange and refresh are sent as JSON.
   */
  tokenRequestJson?: boolean
  /**
   * The token endpoint reads its parameters (secret included) from the query string, not a form body
   * (ClickUp documents only that); they are sent there.
   */
  tokenParamsInQuery?: boolean
}

/** Follows a dotted member path (`authed_user`, `body`, `data.0`) into a parsed JSON body. */
function memberAt(body: Record<string, unknown>, path: string): unknown {
  let current: unknown = body
  for (const segment of path.split('.')) {
    if (current === null || typeof current !== 'object') return undefined
    current = (current as Record<string, unknown>)[segment]
  }
  return current
}

/** Rewrites a token endpoint response according to the quirks, so oauth4webapi sees standard JSON. */
export async function normalizeTokenResponse(response: Response, quirks: OAuth2Quirks): Promise<Response> {
  if (
    !quirks.formEncodedTokenResponse &&
    !quirks.errorsWithStatus200 &&
    !quirks.nestedTokenMember &&
    !quirks.tokenTypeOverride &&
    !quirks.tokenTypeMissing &&
    !quirks.scopeListInTokenResponse &&
    !quirks.unvalidatedIdToken &&
    !quirks.nonExpiringTokens &&
    !quirks.expiresInMember
  ) {
    return response
  }
  const type = response.headers.get('content-type') ?? ''
  let body: Record<string, unknown> | undefined
  const text = await response.text()
  const formEncoded =
    quirks.formEncodedTokenResponse === 'any-type'
      ? !type.includes('json')
      : quirks.formEncodedTokenResponse && type.includes('application/x-www-form-urlencoded')
  if (formEncoded) {
    body = Object.fromEntries(new URLSearchParams(text))
  } else if (type.includes('json')) {
    try {
      const parsed: unknown = JSON.parse(text)
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed))
        body = parsed as Record<string, unknown>
    } catch {
      body = undefined
    }
  }
  const headers = new Headers(response.headers)
  if (!body) return new Response(text, { status: response.status, statusText: response.statusText, headers })
  let status = response.status
  if (
    quirks.errorsWithStatus200 &&
    status === 200 &&
    typeof body.error === 'string' &&
    body.access_token === undefined
  ) {
    status = 400
  }
  if (quirks.nestedTokenMember && body.access_token === undefined) {
    const nested = memberAt(body, quirks.nestedTokenMember)
    if (nested && typeof nested === 'object' && !Array.isArray(nested))
      body = withMembers(body, nested as Record<string, unknown>)
  }
  // JSON null is no value for RFC 6749's optional members (Mailchimp sends `"scope": null`).
  for (const member of ['scope', 'expires_in', 'refresh_token', 'id_token'] as const) {
    if (body[member] === null) delete body[member]
  }
  if (quirks.scopeListInTokenResponse && Array.isArray(body.scope)) body.scope = body.scope.join(' ')
  const lifetimeMember = quirks.expiresInMember
  if (lifetimeMember && body.expires_in === undefined && body[lifetimeMember] !== undefined) {
    const { [lifetimeMember]: lifetime, ...rest } = body
    // 0 is the provider's "never expires" (Deezer with offline_access), not "already expired".
    body = Number(lifetime) === 0 ? rest : withMembers(rest, { expires_in: Number(lifetime) })
  }
  if (quirks.nonExpiringTokens) delete body.expires_in
  if (quirks.unvalidatedIdToken && body.id_token !== undefined) {
    const { id_token, ...rest } = body
    body = withMembers(rest, { unvalidated_id_token: id_token })
  }
  if (quirks.tokenTypeOverride && status === 200 && body.access_token !== undefined) {
    body = withMembers(body, { provider_token_type: body.token_type, token_type: quirks.tokenTypeOverride })
  }
  if (status === 200 && body.access_token !== undefined && body.token_type === undefined) {
    // Some providers omit token_type (RFC 6749 makes it REQUIRED); their tokens are bearer tokens.
    body = withMembers(body, { token_type: 'bearer' })
  }
  headers.set('content-type', 'application/json')
  headers.delete('content-length')
  // Buffered, as the back channel's own answer: oauth4webapi reads it without a stream in between.
  return new BufferedResponse(new TextEncoder().encode(JSON.stringify(body)), {
    status,
    statusText: response.statusText,
    headers,
  })
}
