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
    sources: {},
    unverified: ['endpoints', 'clientAuth', 'pkce', 'scopeSeparator', 'refresh', 'revocation', 'apiAuth'],
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
