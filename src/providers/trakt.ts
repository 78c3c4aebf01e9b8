/**
 * Trakt. The token and revocation endpoints take the client id and secret as parameters; every API
 * call must carry `trakt-api-version: 2` and the app's client id in `trakt-api-key`.
 *
 * @see [Trakt API - Authentication OAuth](https://trakt.docs.apiary.io/#reference/authentication-oauth)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Trakt preset. */
export const traktPreset = {
  id: 'trakt',
  title: 'Trakt',
  protocol: 'oauth2',
  docs: 'https://trakt.docs.apiary.io/#reference/authentication-oauth',
  facts: {
    sources: {
      // Trakt's own typed API contract: every token request (code or refresh_token grant) carries
      // client_id, client_secret and redirect_uri in its body, at /oauth/token on api.trakt.tv.
      clientAuth: {
        url: 'https://github.com/trakt/trakt-api/blob/97f8a4246f7de5e065277ba34afc3d4e8e588af9/projects/api/src/contracts/oauth/schema/request/tokenBaseSchema.ts',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://github.com/trakt/trakt-api/blob/916d32a50b1a9c04a016bb7d459f1d37024ce458/projects/api/src/contracts/oauth/schema/request/tokenRefreshSchema.ts',
        checked: '2026-12-05',
      },
    },
    // The same contract names api.trakt.tv and the trakt-api-version / trakt-api-key headers, but not the
    // authorization page, the revocation endpoint or how the user's token is sent.
    unverified: ['endpoints', 'pkce', 'scopeSeparator', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://trakt.tv/oauth/authorize',
  tokenUrl: 'https://api.trakt.tv/oauth/token',
  revocationUrl: 'https://api.trakt.tv/oauth/revoke',
  apiBaseUrl: 'https://api.trakt.tv/',
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: { clientIdHeader: 'trakt-api-key', apiHeaders: { 'trakt-api-version': '2' } },
} as const satisfies OAuth2Preset

/**
 * Makes a Trakt blueprint. Credentials default to `TRAKT_OAUTH_CLIENT_ID` / `TRAKT_OAUTH_CLIENT_SECRET`.
 */
export function makeTraktBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(traktPreset, options)
}

/** The request-scoped Trakt client: `await trakt.get('users/settings')`. */
export const trakt = scopedClient('trakt')
