/**
 * Instagram API with Instagram Login (business and creator accounts; the Basic Display API is gone).
 * Scopes are joined with commas; the token endpoint takes the client id and secret as parameters and
 * wraps the short-lived token in `data[0]` without a `token_type`. Exchange it for a long-lived token
 * with `instagram.get('access_token', { query: { grant_type: 'ig_exchange_token', client_secret } })`.
 *
 * @see [Instagram Platform - Business Login for Instagram](https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login)
 * @see [Instagram Platform - access_token](https://developers.facebook.com/docs/instagram-platform/reference/access_token)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Instagram preset. */
export const instagramPreset = {
  id: 'instagram',
  title: 'Instagram',
  protocol: 'oauth2',
  docs: 'https://developers.facebook.com/docs/instagram-platform/instagram-api-with-instagram-login/business-login',
  facts: {
    sources: {
      scopeSeparator: {
        url: 'https://developers.facebook.com/docs/instagram-platform/reference/oauth-authorize',
        checked: '2026-12-05',
      },
    },
    unverified: ['endpoints', 'clientAuth', 'pkce', 'refresh', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://www.instagram.com/oauth/authorize',
  tokenUrl: 'https://api.instagram.com/oauth/access_token',
  apiBaseUrl: 'https://graph.instagram.com/',
  defaultScope: ['instagram_business_basic'],
  refresh: false,
  clientAuth: 'client_secret_post',
  pkce: false,
  quirks: { nestedTokenMember: 'data.0', tokenTypeMissing: true, scopeSeparator: ',' },
} as const satisfies OAuth2Preset

/**
 * Makes an Instagram blueprint. Credentials (the Instagram app id and secret) default to
 * `INSTAGRAM_OAUTH_CLIENT_ID` / `INSTAGRAM_OAUTH_CLIENT_SECRET`.
 */
export function makeInstagramBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(instagramPreset, options)
}

/** The request-scoped Instagram client: `await instagram.get('me', { query: { fields: 'user_id,username' } })`. */
export const instagram = scopedClient('instagram')
