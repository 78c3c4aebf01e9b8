/**
 * Mixcloud. A plain authorization code flow at `www.mixcloud.com/oauth/…` without scopes, refresh or
 * expiry: the token answer carries only `access_token` (no `token_type`, read as a bearer token), and
 * the API reads the token from the `access_token` query parameter, which the preset states as data.
 * `me/` is the authorized user (`await mixcloud.get('me/')`).
 *
 * @see [Mixcloud - API documentation](https://www.mixcloud.com/developers/)
 * @see [python-social-auth - Mixcloud backend](https://github.com/python-social-auth/social-core/blob/master/social_core/backends/mixcloud.py)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Mixcloud preset. */
export const mixcloudPreset = {
  id: 'mixcloud',
  title: 'Mixcloud',
  protocol: 'oauth2',
  docs: 'https://www.mixcloud.com/developers/',
  facts: {
    sources: {},
    silent: {
      facts: ['endpoints', 'clientAuth', 'pkce', 'scopeSeparator', 'refresh', 'revocation', 'apiAuth'],
      note: 'The stored copy of mixcloud.com/developers shows the API host (api.mixcloud.com) and that /me/ needs an access token over https, but not its Authorization section, so no fact is sourced here. The endpoints, the bare {access_token} answer and the access_token query parameter follow the widely used python-social-auth backend, which POSTs the code exchange with the secret in a form body; many other clients send the same parameters as a GET query string, which the preset does not. Mixcloud has no scopes, refresh or revocation the preset knows of; PKCE parameters are sent and presumably ignored.',
    },
  },
  authorizationUrl: 'https://www.mixcloud.com/oauth/authorize',
  tokenUrl: 'https://www.mixcloud.com/oauth/access_token',
  apiBaseUrl: 'https://api.mixcloud.com/',
  refresh: false,
  clientAuth: 'client_secret_post',
  quirks: { tokenTypeMissing: true, tokenQueryParameter: 'access_token' },
} as const satisfies OAuth2Preset

/**
 * Makes a Mixcloud blueprint. Credentials default to `MIXCLOUD_OAUTH_CLIENT_ID` /
 * `MIXCLOUD_OAUTH_CLIENT_SECRET`.
 */
export function makeMixcloudBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(mixcloudPreset, options)
}

/** The request-scoped Mixcloud client: `await mixcloud.get('me/')`. */
export const mixcloud = scopedClient('mixcloud')
