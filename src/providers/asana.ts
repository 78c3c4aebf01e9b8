/**
 * Asana. The token and revocation endpoints take the client id and secret as parameters; the token
 * response carries the user (`data`) and, with `openid`, an ID token kept unvalidated. Access tokens
 * last an hour and are refreshed.
 *
 * @see [Asana Developers - OAuth](https://developers.asana.com/docs/oauth)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Asana preset. */
export const asanaPreset = {
  id: 'asana',
  title: 'Asana',
  protocol: 'oauth2',
  docs: 'https://developers.asana.com/docs/oauth',
  // Asana's Node SDK (lib/auth/app.js) posts the client secret in the form body, for the code and
  // for the refresh grant.
  facts: {
    sources: {
      endpoints: { url: 'https://developers.asana.com/docs/oauth', checked: '2026-12-05' },
      revocation: { url: 'https://developers.asana.com/docs/oauth', checked: '2026-12-05' },
      apiAuth: { url: 'https://developers.asana.com/docs/oauth', checked: '2026-12-05' },
      clientAuth: {
        url: 'https://github.com/Asana/node-asana/blob/HEAD/lib/auth/app.js',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://github.com/Asana/node-asana/blob/HEAD/lib/auth/app.js',
        checked: '2026-12-05',
      },
    },
    unverified: ['pkce', 'scopeSeparator'],
  },
  authorizationUrl: 'https://app.asana.com/-/oauth_authorize',
  tokenUrl: 'https://app.asana.com/-/oauth_token',
  revocationUrl: 'https://app.asana.com/-/oauth_revoke',
  apiBaseUrl: 'https://app.asana.com/api/1.0/',
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: { unvalidatedIdToken: true },
} as const satisfies OAuth2Preset

/**
 * Makes an Asana blueprint. Credentials default to `ASANA_OAUTH_CLIENT_ID` / `ASANA_OAUTH_CLIENT_SECRET`.
 */
export function makeAsanaBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(asanaPreset, options)
}

/** The request-scoped Asana client: `await asana.get('users/me')`. */
export const asana = scopedClient('asana')
