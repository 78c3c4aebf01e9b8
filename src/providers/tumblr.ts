/**
 * Tumblr API v2 with OAuth 2. The token endpoint takes the client id and secret as parameters; a
 * refresh token needs the `offline_access` scope (`offline: true`).
 *
 * @see [Tumblr API v2 - OAuth2 Authorization](https://www.tumblr.com/docs/en/api/v2#oauth2-authorization)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Tumblr preset. */
export const tumblrPreset = {
  id: 'tumblr',
  title: 'Tumblr',
  protocol: 'oauth2',
  docs: 'https://www.tumblr.com/docs/en/api/v2#oauth2-authorization',
  facts: {
    sources: {
      endpoints: { url: 'https://www.tumblr.com/docs/en/api/v2#oauth2-authorization', checked: '2026-12-05' },
      clientAuth: {
        url: 'https://www.tumblr.com/docs/en/api/v2#oauth2-authorization',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://www.tumblr.com/docs/en/api/v2#oauth2-authorization',
        checked: '2026-12-05',
      },
      refresh: { url: 'https://www.tumblr.com/docs/en/api/v2#oauth2-authorization', checked: '2026-12-05' },
      rotation: { url: 'https://www.tumblr.com/docs/en/api/v2#oauth2-authorization', checked: '2026-12-05' },
      apiAuth: { url: 'https://www.tumblr.com/docs/en/api/v2#oauth2-authorization', checked: '2026-12-05' },
    },
    silent: {
      facts: ['revocation', 'pkce'],
      note: "Tumblr's OAuth2 section names no revocation endpoint and no PKCE; the preset offers no revocation and sends PKCE parameters, assumed ignored.",
    },
  },
  authorizationUrl: 'https://www.tumblr.com/oauth2/authorize',
  tokenUrl: 'https://api.tumblr.com/v2/oauth2/token',
  apiBaseUrl: 'https://api.tumblr.com/v2/',
  defaultScope: ['basic'],
  refresh: true,
  offline: { scope: 'offline_access' },
  clientAuth: 'client_secret_post',
  options: ['offline'],
} as const satisfies OAuth2Preset

/**
 * Makes a Tumblr blueprint. Credentials default to `TUMBLR_OAUTH_CLIENT_ID` / `TUMBLR_OAUTH_CLIENT_SECRET`.
 */
export function makeTumblrBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(tumblrPreset, options)
}

/** The request-scoped Tumblr client: `await tumblr.get('user/info')`. */
export const tumblr = scopedClient('tumblr')
