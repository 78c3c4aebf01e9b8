/**
 * Fitbit Web API. The token and revocation endpoints want HTTP Basic client authentication; tokens
 * last eight hours and are refreshed (refresh tokens are single-use).
 *
 * @see [Fitbit Web API - Authorization](https://dev.fitbit.com/build/reference/web-api/developer-guide/authorization/)
 * @see [Fitbit Web API - Revoke Token](https://dev.fitbit.com/build/reference/web-api/authorization/revoke-token/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Fitbit preset. */
export const fitbitPreset = {
  id: 'fitbit',
  title: 'Fitbit',
  protocol: 'oauth2',
  docs: 'https://dev.fitbit.com/build/reference/web-api/developer-guide/authorization/',
  facts: {
    sources: {
      endpoints: {
        url: 'https://dev.fitbit.com/build/reference/web-api/authorization/authorize',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://dev.fitbit.com/build/reference/web-api/authorization/refresh-token',
        checked: '2026-12-05',
      },
      pkce: {
        url: 'https://dev.fitbit.com/build/reference/web-api/developer-guide/authorization',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://dev.fitbit.com/build/reference/web-api/authorization/authorize',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://dev.fitbit.com/build/reference/web-api/authorization/refresh-token',
        checked: '2026-12-05',
      },
      rotation: {
        url: 'https://dev.fitbit.com/build/reference/web-api/authorization/refresh-token',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://dev.fitbit.com/build/reference/web-api/authorization/revoke-token',
        checked: '2026-12-05',
      },
    },
    unverified: ['apiAuth'],
  },
  authorizationUrl: 'https://www.fitbit.com/oauth2/authorize',
  tokenUrl: 'https://api.fitbit.com/oauth2/token',
  revocationUrl: 'https://api.fitbit.com/oauth2/revoke',
  apiBaseUrl: 'https://api.fitbit.com/',
  defaultScope: ['profile'],
  refresh: true,
  clientAuth: 'client_secret_basic',
} as const satisfies OAuth2Preset

/**
 * Makes a Fitbit blueprint. Credentials default to `FITBIT_OAUTH_CLIENT_ID` / `FITBIT_OAUTH_CLIENT_SECRET`.
 */
export function makeFitbitBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(fitbitPreset, options)
}

/** The request-scoped Fitbit client: `await fitbit.get('1/user/-/profile.json')`. */
export const fitbit = scopedClient('fitbit')
