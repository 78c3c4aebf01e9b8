/**
 * Nylas v3 Hosted OAuth with an access token (the user's grant, not the application's API key).
 *
 * The token endpoint takes the client id and the application's API key as `client_secret`, and answers
 * with the grant id, the account's email and an `id_token` we keep unvalidated (Nylas publishes no
 * discovery for it). `offline: true` asks for a refresh token (`access_type=offline`). Revoking sends the
 * access token as the `token` query parameter of `/v3/connect/revoke`.
 *
 * @see [Nylas Docs - Hosted OAuth with an access token](https://developer.nylas.com/docs/v3/auth/hosted-oauth-accesstoken/)
 * @see [Nylas API - Exchange OAuth2 token](https://developer.nylas.com/docs/reference/api/authentication-apis/exchange_oauth2_token/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import { checkedChoice } from './host.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Nylas (v3) preset. */
export const nylasPreset = {
  id: 'nylas',
  title: 'Nylas',
  protocol: 'oauth2',
  docs: 'https://developer.nylas.com/docs/v3/auth/hosted-oauth-accesstoken/',
  // The authorization endpoint (/v3/connect/auth) is confirmed in https://developer.nylas.com/docs/cookbook/use-cases/build/connect-user-accounts-oauth/.
  facts: {
    sources: {
      endpoints: {
        url: 'https://developer.nylas.com/docs/reference/api/authentication-apis/exchange_oauth2_token/',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://developer.nylas.com/docs/reference/api/authentication-apis/exchange_oauth2_token/',
        checked: '2026-12-05',
      },
      pkce: {
        url: 'https://developer.nylas.com/docs/v3/auth/hosted-oauth-accesstoken/',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://developer.nylas.com/docs/reference/api/authentication-apis/exchange_oauth2_token/',
        checked: '2026-12-05',
      },
      // Nylas' own Node SDK: POST /v3/connect/revoke with the access token as the `token` query parameter.
      revocation: {
        url: 'https://github.com/nylas/nylas-nodejs/blob/main/src/resources/auth.ts',
        checked: '2026-12-05',
      },
    },
    unverified: ['scopeSeparator', 'apiAuth'],
  },
  authorizationUrl: 'https://api.us.nylas.com/v3/connect/auth',
  tokenUrl: 'https://api.us.nylas.com/v3/connect/token',
  revocationUrl: 'https://api.us.nylas.com/v3/connect/revoke',
  apiBaseUrl: 'https://api.us.nylas.com/v3/',
  refresh: true,
  offline: { params: { access_type: 'offline' } },
  clientAuth: 'client_secret_post',
  // The revoke endpoint reads the access token from the query string.
  quirks: { unvalidatedIdToken: true, revocationParams: 'query', revokedToken: 'access_token' },
  options: ['region', 'offline', 'provider'],
} as const satisfies OAuth2Preset

/** Options of {@link makeNylasBlueprint}. */
export interface NylasBlueprintOptions extends OAuth2PresetOptions {
  /** The data region of the Nylas application (default `us`). */
  region?: 'us' | 'eu'
  /** Skip Nylas' provider choice: `google`, `microsoft`, `imap`... */
  provider?: string
}

/**
 * Makes a Nylas blueprint. Credentials default to `NYLAS_OAUTH_CLIENT_ID` and `NYLAS_OAUTH_CLIENT_SECRET`
 * (the application's API key).
 */
export function makeNylasBlueprint(options: NylasBlueprintOptions = {}): OAuth2Blueprint {
  const { region = 'us', provider, ...rest } = options
  const origin = `https://api.${checkedChoice('nylas', 'region', region, ['us', 'eu'])}.nylas.com`
  return blueprintFromPreset(
    { ...nylasPreset, apiBaseUrl: `${origin}/v3/`, revocationUrl: `${origin}/v3/connect/revoke` },
    {
      authorizationUrl: `${origin}/v3/connect/auth`,
      tokenUrl: `${origin}/v3/connect/token`,
      ...rest,
      authorizationParams: { ...(provider && { provider }), ...rest.authorizationParams },
    },
  )
}

/** The request-scoped Nylas client: `await nylas.get('grants/me/calendars')`. */
export const nylas = scopedClient('nylas')
