/**
 * Vimeo API 3.4. The token endpoint wants HTTP Basic client authentication and answers with the user;
 * tokens do not expire. Every call names the API version in `Accept`.
 *
 * @see [Vimeo API - Authentication: Using the authorization code grant](https://developer.vimeo.com/api/authentication#using-the-auth-code-grant)
 * @see [Vimeo API - Changelog: Versioning](https://developer.vimeo.com/api/changelog#versioning)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Vimeo preset. */
export const vimeoPreset = {
  id: 'vimeo',
  title: 'Vimeo',
  protocol: 'oauth2',
  docs: 'https://developer.vimeo.com/api/authentication#using-the-auth-code-grant',
  // Vimeo's own Node SDK: HTTP Basic for the token request, space-joined scopes, a Bearer token
  // and the versioned Accept header on API calls.
  facts: {
    sources: {
      clientAuth: { url: 'https://github.com/vimeo/vimeo.js/blob/HEAD/lib/vimeo.js', checked: '2026-12-05' },
      scopeSeparator: {
        url: 'https://github.com/vimeo/vimeo.js/blob/HEAD/lib/vimeo.js',
        checked: '2026-12-05',
      },
      apiAuth: { url: 'https://github.com/vimeo/vimeo.js/blob/HEAD/lib/vimeo.js', checked: '2026-12-05' },
      apiVersion: { url: 'https://github.com/vimeo/vimeo.js/blob/HEAD/lib/vimeo.js', checked: '2026-12-05' },
      // Vimeo's own Node library: /oauth/authorize and /oauth/access_token on api.vimeo.com.
      endpoints: {
        url: 'https://github.com/vimeo/vimeo.js/blob/b79eb2fdd3019836d861e35cd981af9e0571cb5f/lib/vimeo.js',
        checked: '2026-12-05',
      },
    },
    unverified: ['pkce', 'refresh', 'revocation'],
  },
  authorizationUrl: 'https://api.vimeo.com/oauth/authorize',
  tokenUrl: 'https://api.vimeo.com/oauth/access_token',
  apiBaseUrl: 'https://api.vimeo.com/',
  defaultScope: ['public'],
  refresh: false,
  clientAuth: 'client_secret_basic',
  quirks: { apiHeaders: { accept: 'application/vnd.vimeo.*+json;version=3.4' } },
} as const satisfies OAuth2Preset

/**
 * Makes a Vimeo blueprint. Credentials default to `VIMEO_OAUTH_CLIENT_ID` / `VIMEO_OAUTH_CLIENT_SECRET`.
 */
export function makeVimeoBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(vimeoPreset, options)
}

/** The request-scoped Vimeo client: `await vimeo.get('me')`. */
export const vimeo = scopedClient('vimeo')
