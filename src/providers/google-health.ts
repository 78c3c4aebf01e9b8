/**
 * Google Health API: Fitbit (and Pixel Watch) users' health and fitness data since Google turned the
 * Fitbit Web API off, authorized with Google OAuth 2.0 and the `googlehealth.*` scopes. Access tokens
 * last an hour; `offline: true` asks for a refresh token (`access_type=offline`, with `prompt=consent`
 * as the google preset sends, since Google issues one only on consent). Users of the fitbit preset
 * consent again here: their Fitbit tokens do not carry over.
 *
 * @see [Google Health API - Data Access and Authorization](https://developers.google.com/health/migration/data-access)
 * @see [Google Health API - Scopes](https://developers.google.com/health/scopes)
 * @see [Google Health API - Method: users.getProfile](https://developers.google.com/health/reference/rest/v4/users/getProfile)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Google Health preset. */
export const googleHealthPreset = {
  id: 'google-health',
  title: 'Google Health',
  protocol: 'oauth2',
  docs: 'https://developers.google.com/health/migration/data-access',
  facts: {
    sources: {
      // The migration guide's table: Fitbit's endpoints beside their Google OAuth 2.0 replacements.
      endpoints: { url: 'https://developers.google.com/health/migration/data-access', checked: '2026-12-05' },
      // Same table: a refresh token only when the authorization asks for access_type=offline.
      refresh: { url: 'https://developers.google.com/health/migration/data-access', checked: '2026-12-05' },
      // Every method's HTTP request is under https://health.googleapis.com/v4/.
      apiVersion: {
        url: 'https://developers.google.com/health/reference/rest/v4/users/getProfile',
        checked: '2026-12-05',
      },
      // The authorization server is Google's, as for the google preset: its reference documents the
      // discovery document's revocation endpoint and PKCE methods.
      pkce: { url: 'https://developers.google.com/identity/openid-connect/reference', checked: '2026-12-05' },
      revocation: {
        url: 'https://developers.google.com/identity/openid-connect/reference',
        checked: '2026-12-05',
      },
    },
    unverified: ['clientAuth', 'scopeSeparator', 'apiAuth'],
  },
  authorizationUrl: 'https://accounts.google.com/o/oauth2/v2/auth',
  tokenUrl: 'https://oauth2.googleapis.com/token',
  revocationUrl: 'https://oauth2.googleapis.com/revoke',
  apiBaseUrl: 'https://health.googleapis.com/v4/',
  // The scope users.getProfile requires; the scopes page lists the others (activity, sleep, nutrition...).
  defaultScope: ['https://www.googleapis.com/auth/googlehealth.profile.readonly'],
  refresh: true,
  offline: { params: { access_type: 'offline', prompt: 'consent' } },
  options: ['offline'],
} as const satisfies OAuth2Preset

/**
 * Makes a Google Health blueprint. Credentials (a Google Cloud OAuth client with the Google Health API
 * enabled) default to `GOOGLE_HEALTH_OAUTH_CLIENT_ID` / `GOOGLE_HEALTH_OAUTH_CLIENT_SECRET`.
 */
export function makeGoogleHealthBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(googleHealthPreset, options)
}

/** The request-scoped Google Health client: `await googleHealth.get('users/me/profile')`. */
export const googleHealth = scopedClient('google-health')
