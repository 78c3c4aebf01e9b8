/**
 * Strava API v3. Scopes are joined with commas; the token endpoint takes the client id and secret as
 * parameters and answers with `expires_at` and the athlete alongside the token. Access tokens last six
 * hours and are refreshed.
 *
 * @see [Strava Developers - Authentication](https://developers.strava.com/docs/authentication/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Strava preset. */
export const stravaPreset = {
  id: 'strava',
  title: 'Strava',
  protocol: 'oauth2',
  docs: 'https://developers.strava.com/docs/authentication/',
  facts: {
    sources: {
      refresh: { url: 'https://developers.strava.com/docs/authentication/', checked: '2026-12-05' },
      endpoints: { url: 'https://developers.strava.com/docs/authentication/', checked: '2026-12-05' },
      clientAuth: { url: 'https://developers.strava.com/docs/authentication/', checked: '2026-12-05' },
      scopeSeparator: { url: 'https://developers.strava.com/docs/authentication/', checked: '2026-12-05' },
      revocation: { url: 'https://developers.strava.com/docs/authentication/', checked: '2026-12-05' },
      apiAuth: { url: 'https://developers.strava.com/docs/authentication/', checked: '2026-12-05' },
    },
    silent: {
      facts: ['pkce'],
      note: 'The authentication page (requesting access, token exchange, refresh, API access, deauthorization) names no PKCE parameter; the preset sends S256 PKCE, which Strava is presumed to ignore.',
    },
  },
  authorizationUrl: 'https://www.strava.com/oauth/authorize',
  tokenUrl: 'https://www.strava.com/oauth/token',
  // Deauthorization revokes every token the app holds for the athlete; it reads the access token as
  // `access_token` (https://developers.strava.com/docs/authentication/#deauthorization, checked 2026-12-05).
  revocationUrl: 'https://www.strava.com/oauth/deauthorize',
  apiBaseUrl: 'https://www.strava.com/api/v3/',
  defaultScope: ['read'],
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: { scopeSeparator: ',', revocationTokenParameter: 'access_token', revokedToken: 'access_token' },
  options: ['approvalPrompt'],
} as const satisfies OAuth2Preset

/** Options of {@link makeStravaBlueprint}. */
export interface StravaBlueprintOptions extends OAuth2PresetOptions {
  /** `force` shows the authorization page even to athletes who authorized before (default `auto`). */
  approvalPrompt?: 'force' | 'auto'
}

/**
 * Makes a Strava blueprint. Credentials default to `STRAVA_OAUTH_CLIENT_ID` / `STRAVA_OAUTH_CLIENT_SECRET`.
 */
export function makeStravaBlueprint(options: StravaBlueprintOptions = {}): OAuth2Blueprint {
  const { approvalPrompt, ...rest } = options
  return blueprintFromPreset(stravaPreset, {
    ...rest,
    authorizationParams: {
      ...(approvalPrompt && { approval_prompt: approvalPrompt }),
      ...rest.authorizationParams,
    },
  })
}

/** The request-scoped Strava client: `await strava.get('athlete')`. */
export const strava = scopedClient('strava')
