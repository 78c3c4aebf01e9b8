/**
 * Raindrop.io (bookmarks). Users authorize at `raindrop.io/oauth/authorize`; the code is exchanged at
 * `raindrop.io/oauth/access_token` with the client id and secret as parameters. Access tokens expire
 * after two weeks; the refresh, at the same endpoint, returns a new access and refresh token. API calls
 * carry a Bearer token (`await raindrop.get('user')`).
 *
 * @see [Raindrop.io API - Obtain access token](https://github.com/raindropio/developer-site/blob/master/v1/authentication/token.md)
 * @see [Raindrop.io API - Make authorized calls](https://github.com/raindropio/developer-site/blob/master/v1/authentication/calls.md)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const TOKEN = 'https://github.com/raindropio/developer-site/blob/master/v1/authentication/token.md'
const CHECKED = '2026-12-05'

/** The Raindrop.io preset. */
export const raindropPreset = {
  id: 'raindrop',
  title: 'Raindrop.io',
  protocol: 'oauth2',
  docs: 'https://developer.raindrop.io/v1/authentication/token',
  facts: {
    sources: {
      // GET https://raindrop.io/oauth/authorize; POST https://raindrop.io/oauth/access_token.
      endpoints: { url: TOKEN, checked: CHECKED },
      // code, client_id, client_secret, redirect_uri and grant_type are the exchange's parameters.
      clientAuth: { url: TOKEN, checked: CHECKED },
      // The authorization request takes redirect_uri and client_id only: no scopes.
      scopeSeparator: { url: TOKEN, checked: CHECKED },
      // "access tokens … will expire after two weeks": refresh_token grant at the same endpoint.
      refresh: { url: TOKEN, checked: CHECKED },
      // "Authorization: Bearer ae261404-…".
      apiAuth: {
        url: 'https://github.com/raindropio/developer-site/blob/master/v1/authentication/calls.md',
        checked: CHECKED,
      },
    },
    silent: {
      facts: ['pkce', 'rotation', 'revocation'],
      note: 'The page lists the token parameters under a "query parameters" heading without saying where they go; the preset sends them in a form body, as OAuth clients that work with Raindrop do. PKCE, whether the previous refresh token stays valid and revocation are unsaid; the preset sends S256 PKCE, keeps the refresh token each answer carries and does not revoke.',
    },
  },
  authorizationUrl: 'https://raindrop.io/oauth/authorize',
  tokenUrl: 'https://raindrop.io/oauth/access_token',
  apiBaseUrl: 'https://api.raindrop.io/rest/v1/',
  refresh: true,
  clientAuth: 'client_secret_post',
} as const satisfies OAuth2Preset

/**
 * Makes a Raindrop.io blueprint. Credentials default to `RAINDROP_OAUTH_CLIENT_ID` /
 * `RAINDROP_OAUTH_CLIENT_SECRET`.
 */
export function makeRaindropBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(raindropPreset, options)
}

/** The request-scoped Raindrop.io client: `await raindrop.get('user')`. */
export const raindrop = scopedClient('raindrop')
