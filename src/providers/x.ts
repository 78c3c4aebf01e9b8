/**
 * X (formerly Twitter) OAuth 2.0 authorization code flow with PKCE, for the X API v2. Confidential
 * clients authenticate with HTTP Basic; a refresh token comes only with the `offline.access` scope
 * (`offline: true`); tokens are revoked at `oauth2/revoke`. (The OAuth 1.0a `twitter` preset covers the
 * older flow.)
 *
 * @see [X Developer Docs - OAuth 2.0 Authorization Code Flow with PKCE](https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code)
 * @see [X Developer Docs - OAuth 2.0: User access token](https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The X (OAuth 2) preset. */
export const xPreset = {
  id: 'x',
  title: 'X (OAuth 2)',
  protocol: 'oauth2',
  docs: 'https://docs.x.com/fundamentals/authentication/oauth-2-0/authorization-code',
  // The scope and refresh statements were read in the Japanese edition of the same pages.
  facts: {
    sources: {
      clientAuth: {
        url: 'https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token',
        checked: '2026-12-05',
      },
      pkce: {
        url: 'https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token',
        checked: '2026-12-05',
      },
      endpoints: {
        url: 'https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token',
        checked: '2026-12-05',
      },
      apiAuth: {
        url: 'https://docs.x.com/fundamentals/authentication/oauth-2-0/user-access-token',
        checked: '2026-12-05',
      },
    },
  },
  authorizationUrl: 'https://x.com/i/oauth2/authorize',
  tokenUrl: 'https://api.x.com/2/oauth2/token',
  revocationUrl: 'https://api.x.com/2/oauth2/revoke',
  apiBaseUrl: 'https://api.x.com/2/',
  defaultScope: ['tweet.read', 'users.read'],
  refresh: true,
  offline: { scope: 'offline.access' },
  clientAuth: 'client_secret_basic',
  options: ['offline'],
} as const satisfies OAuth2Preset

/**
 * Makes an X blueprint. Credentials default to `X_OAUTH_CLIENT_ID` / `X_OAUTH_CLIENT_SECRET`; public
 * clients pass `clientAuth: 'none'`.
 */
export function makeXBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(xPreset, options)
}

/** The request-scoped X API client: `await x.get('users/me')`. */
export const x = scopedClient('x')
