/**
 * Box. The token and revocation endpoints take the client id and secret as parameters; access tokens
 * last an hour and refresh tokens are single-use.
 *
 * @see [Box Developer - OAuth 2.0 without SDKs](https://developer.box.com/guides/authentication/oauth2/without-sdk/)
 * @see [Box Developer - Revoke access token](https://developer.box.com/reference/post-oauth2-revoke/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Box preset. */
export const boxPreset = {
  id: 'box',
  title: 'Box',
  protocol: 'oauth2',
  docs: 'https://developer.box.com/guides/authentication/oauth2/without-sdk/',
  facts: {
    sources: {
      clientAuth: { url: 'https://developer.box.com/reference/post-oauth2-token', checked: '2026-12-05' },
      refresh: {
        url: 'https://developer.box.com/guides/authentication/tokens/access-tokens/',
        checked: '2026-12-05',
      },
      revocation: { url: 'https://developer.box.com/reference/post-oauth2-revoke', checked: '2026-12-05' },
      endpoints: {
        url: 'https://developer.box.com/guides/authentication/oauth2/without-sdk/',
        checked: '2026-12-05',
      },
      scopeSeparator: { url: 'https://developer.box.com/ja/reference/get-authorize', checked: '2026-12-05' },
    },
    silent: {
      facts: ['pkce'],
      note: "Box's authorization reference (GET /authorize) lists response_type, client_id, redirect_uri, state and scope, and no PKCE parameter; the preset sends PKCE anyway, which a server that does not read it ignores.",
    },
    unverified: ['apiAuth'],
  },
  authorizationUrl: 'https://account.box.com/api/oauth2/authorize',
  tokenUrl: 'https://api.box.com/oauth2/token',
  revocationUrl: 'https://api.box.com/oauth2/revoke',
  apiBaseUrl: 'https://api.box.com/2.0/',
  refresh: true,
  clientAuth: 'client_secret_post',
} as const satisfies OAuth2Preset

/**
 * Makes a Box blueprint. Credentials default to `BOX_OAUTH_CLIENT_ID` / `BOX_OAUTH_CLIENT_SECRET`.
 */
export function makeBoxBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(boxPreset, options)
}

/** The request-scoped Box client: `await box.get('users/me')`. */
export const box = scopedClient('box')
