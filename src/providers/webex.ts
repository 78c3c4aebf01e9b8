/**
 * Cisco Webex. The token endpoint takes the client id and secret as parameters; access tokens last
 * 14 days and refresh tokens 90.
 *
 * @see [Webex for Developers - Integrations](https://developer.webex.com/docs/integrations)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Webex preset. */
export const webexPreset = {
  id: 'webex',
  title: 'Webex',
  protocol: 'oauth2',
  docs: 'https://developer.webex.com/docs/integrations',
  // Webex's own OAuth integration sample: the code exchange posts the secret to v1/access_token and
  // returns a refresh token; API calls send a Bearer token. The authorize URL is copied from the
  // developer portal there, so the endpoints stay unverified.
  facts: {
    sources: {
      clientAuth: {
        url: 'https://github.com/WebexSamples/webex-oauth-integration/blob/HEAD/server.js',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://github.com/WebexSamples/webex-oauth-integration/blob/HEAD/server.js',
        checked: '2026-12-05',
      },
      apiAuth: {
        url: 'https://github.com/WebexSamples/webex-oauth-integration/blob/HEAD/server.js',
        checked: '2026-12-05',
      },
    },
    unverified: ['endpoints', 'pkce', 'scopeSeparator', 'revocation'],
  },
  authorizationUrl: 'https://webexapis.com/v1/authorize',
  tokenUrl: 'https://webexapis.com/v1/access_token',
  apiBaseUrl: 'https://webexapis.com/v1/',
  defaultScope: ['spark:people_read'],
  refresh: true,
  clientAuth: 'client_secret_post',
} as const satisfies OAuth2Preset

/**
 * Makes a Webex blueprint. Credentials default to `WEBEX_OAUTH_CLIENT_ID` / `WEBEX_OAUTH_CLIENT_SECRET`.
 */
export function makeWebexBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(webexPreset, options)
}

/** The request-scoped Webex client: `await webex.get('people/me')`. */
export const webex = scopedClient('webex')
