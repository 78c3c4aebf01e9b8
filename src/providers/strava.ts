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
      // The opening of the authentication page: the code is exchanged for a refresh token and a
      // short-lived access token, and refresh tokens get new access tokens.
      refresh: { url: 'https://developers.strava.com/docs/authentication/', checked: '2026-12-05' },
      // Strava's own Go client: the code exchange posts client_id, client_secret and code as form
      // parameters, and a permission is a comma-joined list (`write,view_private`).
      clientAuth: { url: 'https://github.com/strava/go.strava/blob/master/oauth.go', checked: '2026-12-05' },
      scopeSeparator: {
        url: 'https://github.com/strava/go.strava/blob/master/oauth.go',
        checked: '2026-12-05',
      },
      // The same client sends every API request with `Authorization: Bearer <token>`.
      apiAuth: { url: 'https://github.com/strava/go.strava/blob/master/service.go', checked: '2026-12-05' },
    },
    // The stored authentication page was read only to its opening (the token URL, the PKCE parameters
    // and the deauthorization section lie past it), and Strava's Go client posts to /oauth/deauthorize
    // under its API base with a bearer header, not the form the preset would need; so the preset keeps
    // no revocation endpoint.
    unverified: ['endpoints', 'pkce', 'revocation'],
  },
  authorizationUrl: 'https://www.strava.com/oauth/authorize',
  tokenUrl: 'https://www.strava.com/oauth/token',
  apiBaseUrl: 'https://www.strava.com/api/v3/',
  defaultScope: ['read'],
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: { scopeSeparator: ',' },
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
