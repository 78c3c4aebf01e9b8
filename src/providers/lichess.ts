/**
 * Lichess. OAuth 2 with PKCE (S256, required) and no client registration: the client id is any string
 * that names the app (`clientId: 'example.com'`) and there is no secret. Scopes are space-separated and
 * optional. Tokens are long-lived and not refreshed; Lichess revokes a token with `DELETE api/token`
 * authenticated by the token itself rather than an RFC 7009 endpoint, so logout does not revoke
 * (`await lichess.request('DELETE', 'api/token')` does).
 *
 * @see [Lichess API - Request authorization code](https://github.com/lichess-org/api/blob/master/doc/specs/tags/oauth/oauth.yaml)
 * @see [Lichess API - Obtain access token](https://github.com/lichess-org/api/blob/master/doc/specs/tags/oauth/api-token.yaml)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const AUTHORIZE = 'https://github.com/lichess-org/api/blob/master/doc/specs/tags/oauth/oauth.yaml'
const TOKEN = 'https://github.com/lichess-org/api/blob/master/doc/specs/tags/oauth/api-token.yaml'
const CHECKED = '2026-12-05'

/** The Lichess preset. */
export const lichessPreset = {
  id: 'lichess',
  title: 'Lichess',
  protocol: 'oauth2',
  docs: 'https://lichess.org/api#tag/OAuth',
  facts: {
    sources: {
      // GET /oauth and POST /api/token on lichess.org.
      endpoints: { url: TOKEN, checked: CHECKED },
      // The token request carries client_id and no secret.
      clientAuth: { url: TOKEN, checked: CHECKED },
      // code_challenge_method "Must be S256", code_challenge required.
      pkce: { url: AUTHORIZE, checked: CHECKED },
      // "Space separated list of requested OAuth scopes, if any."
      scopeSeparator: { url: AUTHORIZE, checked: CHECKED },
      // The answer is token_type, access_token and expires_in: no refresh token.
      refresh: { url: TOKEN, checked: CHECKED },
      // DELETE /api/token "Revokes the access token sent as Bearer for this request."
      revocation: { url: TOKEN, checked: CHECKED },
      apiAuth: { url: TOKEN, checked: CHECKED },
    },
  },
  authorizationUrl: 'https://lichess.org/oauth',
  tokenUrl: 'https://lichess.org/api/token',
  apiBaseUrl: 'https://lichess.org/',
  refresh: false,
  clientAuth: 'none',
} as const satisfies OAuth2Preset

/**
 * Makes a Lichess blueprint. The client id (any string naming the app) defaults to
 * `LICHESS_OAUTH_CLIENT_ID`; there is no secret.
 */
export function makeLichessBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(lichessPreset, options)
}

/** The request-scoped Lichess client: `await lichess.get('api/account')`. */
export const lichess = scopedClient('lichess')
