/**
 * Provider quirks, as named and typed data. A preset sets these fields; the OAuth 2 blueprint applies
 * them in one place, so no preset carries code. Add a new kind only when a real provider needs it.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-5.1 (what a conforming token response looks like)
 */

/** The quirks a provider's OAuth 2 implementation may have. */
export interface OAuth2Quirks {
  /**
   * The token endpoint may answer `application/x-www-form-urlencoded` (GitHub without an explicit
   * `Accept: application/json`); such bodies are converted to JSON before validation.
   */
  formEncodedTokenResponse?: boolean
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
  /** Headers every API call carries (Heroku `Accept`, Reddit `User-Agent`, Notion `Notion-Version`). */
  apiHeaders?: Readonly<Record<string, string>>
  /** Send the app's client id as this header on API calls (Twitch `Client-Id`). */
  clientIdHeader?: string
  /** Separator of scopes in the authorization request (default a space; some providers use commas). */
  scopeSeparator?: string
  /** The token type the provider returns is not `bearer` but should be used as one (e.g. `bot`). */
  tokenTypeOverride?: string
}

/** Rewrites a token endpoint response according to the quirks, so oauth4webapi sees standard JSON. */
export async function normalizeTokenResponse(response: Response, quirks: OAuth2Quirks): Promise<Response> {
  if (
    !quirks.formEncodedTokenResponse &&
    !quirks.errorsWithStatus200 &&
    !quirks.nestedTokenMember &&
    !quirks.tokenTypeOverride
  ) {
    return response
  }
  const type = response.headers.get('content-type') ?? ''
  let body: Record<string, unknown> | undefined
  const text = await response.text()
  if (quirks.formEncodedTokenResponse && type.includes('application/x-www-form-urlencoded')) {
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
    const nested = body[quirks.nestedTokenMember]
    if (nested && typeof nested === 'object') body = { ...body, ...(nested as Record<string, unknown>) }
  }
  if (quirks.tokenTypeOverride && status === 200 && body.access_token !== undefined) {
    body = { ...body, provider_token_type: body.token_type, token_type: quirks.tokenTypeOverride }
  }
  if (status === 200 && body.access_token !== undefined && body.token_type === undefined) {
    // Some providers omit token_type (RFC 6749 makes it REQUIRED); their tokens are bearer tokens.
    body = { ...body, token_type: 'bearer' }
  }
  headers.set('content-type', 'application/json')
  headers.delete('content-length')
  return new Response(JSON.stringify(body), { status, statusText: response.statusText, headers })
}
