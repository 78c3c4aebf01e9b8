/**
 * Fitbit Web API. The token and revocation endpoints want HTTP Basic client authentication; tokens
 * last eight hours and are refreshed (refresh tokens are single-use).
 *
 * Retired: Google turned the legacy Fitbit Web API and the Fitbit OAuth endpoints off on
 * 2 November 2026, so {@link makeFitbitBlueprint} throws `config_invalid`. The Google Health API
 * (`oauth-dance/providers/google-health`) serves Fitbit users' data now, with Google OAuth 2.0; users
 * consent again there, since Fitbit tokens do not carry over.
 *
 * @see [Fitbit Web API - Authorization](https://dev.fitbit.com/build/reference/web-api/developer-guide/authorization/)
 * @see [Fitbit Web API - Revoke Token](https://dev.fitbit.com/build/reference/web-api/authorization/revoke-token/)
 * @see [Google Health API - REST Resource: users (the notice that the Fitbit Web API is off)](https://developers.google.com/health/reference/rest/v4/users)
 * @see [Google Health API - Migration guide](https://developers.google.com/health/migration)
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
  retired: {
    on: '2026-11-02',
    source: { url: 'https://developers.google.com/health/reference/rest/v4/users', checked: '2026-12-05' },
    replacement: 'google-health',
    note: 'Google turned the legacy Fitbit Web API and the Fitbit OAuth endpoints off; the Google Health API replaces them, over Google OAuth 2.0, and users must consent again (Fitbit tokens do not carry over)',
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
 * Throws `config_invalid` since 2026-11-02, when Google turned the Fitbit Web API off: use
 * `makeGoogleHealthBlueprint` from `oauth-dance/providers/google-health`.
 */
export function makeFitbitBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(fitbitPreset, options)
}

/** The request-scoped Fitbit client: `await fitbit.get('1/user/-/profile.json')`. */
export const fitbit = scopedClient('fitbit')
