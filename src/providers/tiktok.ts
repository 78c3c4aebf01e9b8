/**
 * TikTok Login Kit for Web (API v2). TikTok calls the client id `client_key`, in the authorization and
 * the token request; scopes are joined with commas; the token endpoint takes the key and secret as
 * parameters. Access tokens last a day and are refreshed; tokens are revoked at `oauth/revoke/`.
 * Web apps use no PKCE (TikTok's desktop PKCE variant is not RFC 7636). TikTok's error answers carry
 * `error` and `error_description` without a documented HTTP status, so one with HTTP 200 counts as an error.
 *
 * @see [TikTok for Developers - Login Kit for Web](https://developers.tiktok.com/doc/login-kit-web)
 * @see [TikTok for Developers - Manage user access tokens](https://developers.tiktok.com/doc/oauth-user-access-token-management)
 * @see [TikTok for Developers - Revoke a User Access Token](https://developers.tiktok.com/docs/en/oauth-revoke-a-user-access-token)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The TikTok preset. */
export const tiktokPreset = {
  id: 'tiktok',
  title: 'TikTok',
  protocol: 'oauth2',
  docs: 'https://developers.tiktok.com/doc/login-kit-web',
  // The authorization endpoint (www.tiktok.com/v2/auth/authorize/) is confirmed in https://developers.tiktok.com/doc/login-kit-manage-user-access-tokens;
  // PKCE: the code_verifier is "required for mobile and desktop apps only".
  facts: {
    sources: {
      endpoints: {
        url: 'https://developers.tiktok.com/doc/oauth-user-access-token-management',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://developers.tiktok.com/doc/oauth-get-a-user-access-token',
        checked: '2026-12-05',
      },
      pkce: { url: 'https://developers.tiktok.com/doc/oauth-get-a-user-access-token', checked: '2026-12-05' },
      scopeSeparator: {
        url: 'https://developers.tiktok.com/doc/oauth-user-access-token-management',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://developers.tiktok.com/docs/en/oauth-refresh-a-user-access-token',
        checked: '2026-12-05',
      },
      rotation: {
        url: 'https://developers.tiktok.com/docs/en/oauth-refresh-a-user-access-token',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://developers.tiktok.com/docs/en/oauth-revoke-a-user-access-token',
        checked: '2026-12-05',
      },
      apiAuth: { url: 'https://developers.tiktok.com/doc/minis-user-data', checked: '2026-12-05' },
    },
  },
  authorizationUrl: 'https://www.tiktok.com/v2/auth/authorize/',
  tokenUrl: 'https://open.tiktokapis.com/v2/oauth/token/',
  // https://developers.tiktok.com/docs/en/oauth-revoke-a-user-access-token (checked 2026-12-05):
  // a form body with client_key, client_secret and the access token.
  revocationUrl: 'https://open.tiktokapis.com/v2/oauth/revoke/',
  apiBaseUrl: 'https://open.tiktokapis.com/v2/',
  defaultScope: ['user.info.basic'],
  refresh: true,
  clientAuth: 'client_secret_post',
  pkce: false,
  quirks: {
    clientIdParameter: 'client_key',
    scopeSeparator: ',',
    errorsWithStatus200: true,
    revokedToken: 'access_token',
  },
} as const satisfies OAuth2Preset

/**
 * Makes a TikTok blueprint. Credentials (client key and secret) default to `TIKTOK_OAUTH_CLIENT_ID` /
 * `TIKTOK_OAUTH_CLIENT_SECRET`.
 */
export function makeTiktokBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(tiktokPreset, options)
}

/** The request-scoped TikTok client: `await tiktok.get('user/info/', { query: { fields: 'open_id,display_name' } })`. */
export const tiktok = scopedClient('tiktok')
