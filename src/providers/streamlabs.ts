/**
 * Streamlabs (API v2.0). Users are sent to `streamlabs.com/api/v2.0/authorize`; the code is exchanged
 * at `streamlabs.com/api/v2.0/token` with the client id and secret as parameters. Streamlabs says its
 * tokens never expire, though it accepts refresh requests at the same endpoint. Scopes are
 * space-separated (`donations.read alerts.create`…); API calls carry the access token
 * (`await streamlabs.get('user')`).
 *
 * @see [Streamlabs API - Connecting to an account](https://dev.streamlabs.com/docs/connecting-to-an-account)
 * @see [Streamlabs API - OAuth 2](https://dev.streamlabs.com/docs/oauth-2)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const OAUTH = 'https://dev.streamlabs.com/docs/oauth-2'
const CHECKED = '2026-12-05'

/** The Streamlabs preset. */
export const streamlabsPreset = {
  id: 'streamlabs',
  title: 'Streamlabs',
  protocol: 'oauth2',
  docs: 'https://dev.streamlabs.com/docs/connecting-to-an-account',
  facts: {
    sources: {
      // POST https://streamlabs.com/api/v2.0/token; the user is "sent to the /authorize endpoint".
      endpoints: { url: OAUTH, checked: CHECKED },
      // grant_type, client_id, client_secret, redirect_uri and refresh_token in the body.
      clientAuth: { url: OAUTH, checked: CHECKED },
      // "You don't need to refresh the token, because our token will never expire."
      refresh: { url: OAUTH, checked: CHECKED },
      // "include an authorization parameter or header containing a valid access_token".
      apiAuth: { url: OAUTH, checked: CHECKED },
    },
    silent: {
      facts: ['pkce', 'scopeSeparator', 'rotation', 'revocation'],
      note: 'The pages read do not mention PKCE, scope syntax (space-separated names come from client libraries), refresh token rotation or revocation; the preset sends S256 PKCE (presumably ignored), joins scopes with spaces, refreshes when a token carries an expiry and does not revoke. The authorization header is sent as Bearer.',
    },
  },
  authorizationUrl: 'https://streamlabs.com/api/v2.0/authorize',
  tokenUrl: 'https://streamlabs.com/api/v2.0/token',
  apiBaseUrl: 'https://streamlabs.com/api/v2.0/',
  defaultScope: ['donations.read'],
  refresh: true,
  clientAuth: 'client_secret_post',
} as const satisfies OAuth2Preset

/**
 * Makes a Streamlabs blueprint. Credentials default to `STREAMLABS_OAUTH_CLIENT_ID` /
 * `STREAMLABS_OAUTH_CLIENT_SECRET`.
 */
export function makeStreamlabsBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(streamlabsPreset, options)
}

/** The request-scoped Streamlabs client: `await streamlabs.get('user')`. */
export const streamlabs = scopedClient('streamlabs')
