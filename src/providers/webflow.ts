/**
 * Webflow (Data API v2). A plain authorization code flow: `webflow.com/oauth/authorize`, then
 * `api.webflow.com/oauth/access_token` with the client id and secret as parameters. Access tokens do
 * not expire and come without a refresh token; API calls carry them as Bearer tokens
 * (`await webflow.get('v2/sites')`).
 *
 * @see [Webflow - OAuth](https://developers.webflow.com/data/reference/oauth-app)
 * @see [Webflow - OAuth (v1 reference)](https://developers.webflow.com/oauth)
 * @see [Webflow - Authentication](https://developers.webflow.com/data/reference/authentication)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const V1_OAUTH = 'https://developers.webflow.com/oauth'
const CHECKED = '2026-12-05'

/** The Webflow preset. */
export const webflowPreset = {
  id: 'webflow',
  title: 'Webflow',
  protocol: 'oauth2',
  docs: 'https://developers.webflow.com/data/reference/oauth-app',
  facts: {
    sources: {
      // GET https://webflow.com/oauth/authorize; curl https://api.webflow.com/oauth/access_token -d client_id=… .
      endpoints: { url: V1_OAUTH, checked: CHECKED },
      clientAuth: { url: V1_OAUTH, checked: CHECKED },
      // "include your bearer token in the Authorization header": curl https://api.webflow.com/v2/sites.
      apiAuth: { url: 'https://developers.webflow.com/data/reference/authentication', checked: CHECKED },
    },
    silent: {
      facts: ['pkce', 'scopeSeparator', 'refresh', 'revocation'],
      note: 'The pages read do not mention PKCE, refresh tokens or how scopes are joined, and only name the v2 guide\'s "Revoke an access token" section without its endpoint; the preset sends S256 PKCE (presumably ignored), joins scopes with spaces, does not refresh (tokens are not known to expire) and does not revoke.',
    },
  },
  authorizationUrl: 'https://webflow.com/oauth/authorize',
  tokenUrl: 'https://api.webflow.com/oauth/access_token',
  apiBaseUrl: 'https://api.webflow.com/',
  defaultScope: ['sites:read'],
  refresh: false,
  clientAuth: 'client_secret_post',
} as const satisfies OAuth2Preset

/**
 * Makes a Webflow blueprint. Credentials default to `WEBFLOW_OAUTH_CLIENT_ID` /
 * `WEBFLOW_OAUTH_CLIENT_SECRET`.
 */
export function makeWebflowBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(webflowPreset, options)
}

/** The request-scoped Webflow client: `await webflow.get('v2/sites')`. */
export const webflow = scopedClient('webflow')
