/**
 * Patreon API v2. The token endpoint takes the client id and secret as parameters; tokens last a month
 * and are refreshed.
 *
 * @see [Patreon API - OAuth](https://docs.patreon.com/#oauth)
 * @see [Patreon API - API v2 OAuth](https://docs.patreon.com/#apiv2-oauth)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Patreon preset. */
export const patreonPreset = {
  id: 'patreon',
  title: 'Patreon',
  protocol: 'oauth2',
  docs: 'https://docs.patreon.com/#oauth',
  facts: {
    sources: {
      endpoints: { url: 'https://docs.patreon.com/#oauth', checked: '2026-12-05' },
      clientAuth: { url: 'https://docs.patreon.com/#oauth', checked: '2026-12-05' },
      refresh: { url: 'https://docs.patreon.com/#oauth', checked: '2026-12-05' },
      apiAuth: {
        url: 'https://github.com/Patreon/patreon-js/blob/HEAD/src/patreon.js',
        checked: '2026-12-05',
      },
    },
    silent: {
      facts: ['scopeSeparator', 'revocation', 'pkce'],
      note: "Patreon's OAuth steps call the scope 'a list of requested scopes' without saying how it is joined, and name no revocation endpoint and no PKCE. The preset joins scopes with spaces, offers no revocation and sends PKCE parameters.",
    },
  },
  authorizationUrl: 'https://www.patreon.com/oauth2/authorize',
  tokenUrl: 'https://www.patreon.com/api/oauth2/token',
  apiBaseUrl: 'https://www.patreon.com/api/oauth2/v2/',
  defaultScope: ['identity', 'identity[email]'],
  refresh: true,
  clientAuth: 'client_secret_post',
} as const satisfies OAuth2Preset

/**
 * Makes a Patreon blueprint. Credentials default to `PATREON_OAUTH_CLIENT_ID` / `PATREON_OAUTH_CLIENT_SECRET`.
 */
export function makePatreonBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(patreonPreset, options)
}

/** The request-scoped Patreon client: `await patreon.get('identity')`. */
export const patreon = scopedClient('patreon')
