/**
 * ClickUp API v2. The token endpoint is documented with the client id, secret and code as query
 * parameters, so they are sent there; it answers only `{ access_token }` (no type, no expiry: tokens do
 * not expire). API calls carry the bare token in `Authorization`, without a scheme, as ClickUp documents.
 *
 * @see [ClickUp API - Authentication](https://developer.clickup.com/docs/authentication)
 * @see [ClickUp API - Get Access Token](https://developer.clickup.com/reference/getaccesstoken)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The ClickUp preset. */
export const clickupPreset = {
  id: 'clickup',
  title: 'ClickUp',
  protocol: 'oauth2',
  docs: 'https://developer.clickup.com/docs/authentication',
  facts: {
    sources: {
      apiAuth: { url: 'https://developer.clickup.com/docs/authentication', checked: '2026-12-05' },
    },
    unverified: ['endpoints', 'clientAuth', 'pkce', 'scopeSeparator', 'refresh', 'revocation'],
  },
  authorizationUrl: 'https://app.clickup.com/api',
  tokenUrl: 'https://api.clickup.com/api/v2/oauth/token',
  apiBaseUrl: 'https://api.clickup.com/api/v2/',
  refresh: false,
  clientAuth: 'client_secret_post',
  quirks: { tokenTypeMissing: true, tokenHeader: 'authorization', tokenParamsInQuery: true },
} as const satisfies OAuth2Preset

/**
 * Makes a ClickUp blueprint. Credentials default to `CLICKUP_OAUTH_CLIENT_ID` / `CLICKUP_OAUTH_CLIENT_SECRET`.
 */
export function makeClickupBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(clickupPreset, options)
}

/** The request-scoped ClickUp client: `await clickup.get('user')`. */
export const clickup = scopedClient('clickup')
