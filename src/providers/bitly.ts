/**
 * Bitly (API v4). Users authorize at `bitly.com/oauth/authorize`; the code is exchanged at
 * `api-ssl.bitly.com/oauth/access_token` with the client id and secret in the form body, and the
 * answer is form-encoded (`access_token=…&login=…`), without a token type or expiry: the token does
 * not expire. API calls carry it as a Bearer token (`await bitly.get('v4/user')`).
 *
 * @see [Bitly Developer - Authentication](https://dev.bitly.com/docs/getting-started/authentication/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const AUTHENTICATION = 'https://dev.bitly.com/docs/getting-started/authentication/'
const CHECKED = '2026-12-05'

/** The Bitly preset. */
export const bitlyPreset = {
  id: 'bitly',
  title: 'Bitly',
  protocol: 'oauth2',
  docs: AUTHENTICATION,
  facts: {
    sources: {
      // https://bitly.com/oauth/authorize; POST /oauth/access_token on api-ssl.bitly.com.
      endpoints: { url: AUTHENTICATION, checked: CHECKED },
      // client_id, client_secret, code and redirect_uri in a form body.
      clientAuth: { url: AUTHENTICATION, checked: CHECKED },
      // Authorization parameters are client_id, redirect_uri and state: no scope.
      scopeSeparator: { url: AUTHENTICATION, checked: CHECKED },
      // "Authorization: Bearer {token}".
      apiAuth: { url: AUTHENTICATION, checked: CHECKED },
    },
    silent: {
      facts: ['pkce', 'refresh', 'revocation'],
      note: "Bitly documents no PKCE, refresh or revocation; its answer (shown as application/x-www-form-urlencoded in the reference's archived copy) carries the access token and the user's login only. The preset sends S256 PKCE (presumably ignored), reads a form-encoded or JSON answer, does not refresh and does not revoke.",
    },
  },
  authorizationUrl: 'https://bitly.com/oauth/authorize',
  tokenUrl: 'https://api-ssl.bitly.com/oauth/access_token',
  apiBaseUrl: 'https://api-ssl.bitly.com/',
  refresh: false,
  clientAuth: 'client_secret_post',
  quirks: { formEncodedTokenResponse: true, tokenTypeMissing: true },
} as const satisfies OAuth2Preset

/**
 * Makes a Bitly blueprint. Credentials default to `BITLY_OAUTH_CLIENT_ID` / `BITLY_OAUTH_CLIENT_SECRET`.
 */
export function makeBitlyBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(bitlyPreset, options)
}

/** The request-scoped Bitly client: `await bitly.get('v4/user')`. */
export const bitly = scopedClient('bitly')
