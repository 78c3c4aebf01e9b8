/**
 * Pinterest API v5. Scopes are joined with commas; the token endpoint wants HTTP Basic client
 * authentication; access tokens last 30 days and are refreshed.
 *
 * @see [Pinterest Developers - Set up authentication and authorization](https://developers.pinterest.com/docs/getting-started/set-up-authentication-and-authorization/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Pinterest preset. */
export const pinterestPreset = {
  id: 'pinterest',
  title: 'Pinterest',
  protocol: 'oauth2',
  docs: 'https://developers.pinterest.com/docs/getting-started/set-up-authentication-and-authorization/',
  authorizationUrl: 'https://www.pinterest.com/oauth/',
  tokenUrl: 'https://api.pinterest.com/v5/oauth/token',
  apiBaseUrl: 'https://api.pinterest.com/v5/',
  defaultScope: ['user_accounts:read'],
  refresh: true,
  clientAuth: 'client_secret_basic',
  quirks: { scopeSeparator: ',' },
} as const satisfies OAuth2Preset

/**
 * Makes a Pinterest blueprint. Credentials default to `PINTEREST_OAUTH_CLIENT_ID` / `PINTEREST_OAUTH_CLIENT_SECRET`.
 */
export function makePinterestBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(pinterestPreset, options)
}

/** The request-scoped Pinterest client: `await pinterest.get('user_account')`. */
export const pinterest = scopedClient('pinterest')
