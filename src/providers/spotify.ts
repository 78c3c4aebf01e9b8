/**
 * Spotify (authorization code flow). The token endpoint wants HTTP Basic client authentication;
 * access tokens last an hour and are refreshed with the refresh token.
 *
 * @see [Spotify Web API - Authorization Code Flow](https://developer.spotify.com/documentation/web-api/tutorials/code-flow)
 * @see [Spotify Web API - Refreshing tokens](https://developer.spotify.com/documentation/web-api/tutorials/refreshing-tokens)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Spotify preset. */
export const spotifyPreset = {
  id: 'spotify',
  title: 'Spotify',
  protocol: 'oauth2',
  docs: 'https://developer.spotify.com/documentation/web-api/tutorials/code-flow',
  facts: {
    sources: {
      endpoints: {
        url: 'https://developer.spotify.com/documentation/web-api/tutorials/code-flow',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://developer.spotify.com/documentation/web-api/tutorials/code-flow',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://developer.spotify.com/documentation/web-api/tutorials/code-flow',
        checked: '2026-12-05',
      },
      pkce: {
        url: 'https://developer.spotify.com/documentation/web-api/tutorials/code-pkce-flow',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://developer.spotify.com/documentation/web-api/tutorials/refreshing-tokens',
        checked: '2026-12-05',
      },
      apiAuth: {
        url: 'https://developer.spotify.com/documentation/web-api/concepts/access-token',
        checked: '2026-12-05',
      },
    },
    unverified: ['revocation'],
  },
  authorizationUrl: 'https://accounts.spotify.com/authorize',
  tokenUrl: 'https://accounts.spotify.com/api/token',
  apiBaseUrl: 'https://api.spotify.com/v1/',
  defaultScope: ['user-read-email'],
  refresh: true,
  clientAuth: 'client_secret_basic',
  options: ['showDialog'],
} as const satisfies OAuth2Preset

/** Options of {@link makeSpotifyBlueprint}. */
export interface SpotifyBlueprintOptions extends OAuth2PresetOptions {
  /** Show the approval dialog even when the user approved the app before (`show_dialog=true`). */
  showDialog?: boolean
}

/**
 * Makes a Spotify blueprint. Credentials default to `SPOTIFY_OAUTH_CLIENT_ID` / `SPOTIFY_OAUTH_CLIENT_SECRET`.
 */
export function makeSpotifyBlueprint(options: SpotifyBlueprintOptions = {}): OAuth2Blueprint {
  const { showDialog, ...rest } = options
  return blueprintFromPreset(spotifyPreset, {
    ...rest,
    authorizationParams: { ...(showDialog && { show_dialog: 'true' }), ...rest.authorizationParams },
  })
}

/** The request-scoped Spotify Web API client: `await spotify.get('me')`. */
export const spotify = scopedClient('spotify')
