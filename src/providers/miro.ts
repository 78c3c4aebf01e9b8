/**
 * Miro REST API v2. The token endpoint takes the client id and secret as parameters and answers with the
 * user and team ids; with expiring tokens enabled for the app, tokens last an hour and are refreshed.
 * Revoking takes the access token as the `access_token` query parameter, and revokes its refresh
 * token with it.
 *
 * @see [Miro Developers - Getting started with OAuth 2.0](https://developers.miro.com/docs/getting-started-with-oauth)
 * @see [Miro REST API - Get access token](https://developers.miro.com/reference/get-access-token)
 * @see [Miro REST API - Revoke token](https://developers.miro.com/v1.0/reference/revoke-token)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Miro preset. */
export const miroPreset = {
  id: 'miro',
  title: 'Miro',
  protocol: 'oauth2',
  docs: 'https://developers.miro.com/docs/getting-started-with-oauth',
  // The token endpoint is confirmed on the refresh page.
  facts: {
    sources: {
      endpoints: {
        url: 'https://developers.miro.com/docs/getting-started-with-oauth',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://developers.miro.com/reference/get-new-access-token-using-refresh-token',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://developers.miro.com/reference/get-new-access-token-using-refresh-token',
        checked: '2026-12-05',
      },
      rotation: {
        url: 'https://developers.miro.com/reference/oauth-20-authorization-v2',
        checked: '2026-12-05',
      },
      apiAuth: {
        url: 'https://developers.miro.com/reference/use-access-token-for-rest-api-requests',
        checked: '2026-12-05',
      },
      revocation: { url: 'https://developers.miro.com/v1.0/reference/revoke-token', checked: '2026-12-05' },
    },
    unverified: ['pkce', 'scopeSeparator'],
  },
  authorizationUrl: 'https://miro.com/oauth/authorize',
  tokenUrl: 'https://api.miro.com/v1/oauth/token',
  revocationUrl: 'https://api.miro.com/v1/oauth/revoke',
  apiBaseUrl: 'https://api.miro.com/v2/',
  defaultScope: ['boards:read'],
  refresh: true,
  clientAuth: 'client_secret_post',
  // The revoke endpoint reads the access token from the query as `access_token`; revoking it revokes
  // the refresh token too (https://developers.miro.com/v1.0/reference/revoke-token).
  quirks: {
    revocationParams: 'query',
    revocationTokenParameter: 'access_token',
    revokedToken: 'access_token',
  },
} as const satisfies OAuth2Preset

/**
 * Makes a Miro blueprint. Credentials default to `MIRO_OAUTH_CLIENT_ID` / `MIRO_OAUTH_CLIENT_SECRET`.
 */
export function makeMiroBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(miroPreset, options)
}

/** The request-scoped Miro client: `await miro.get('boards')`. */
export const miro = scopedClient('miro')
