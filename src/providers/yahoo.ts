/**
 * Yahoo. The token endpoint wants HTTP Basic client authentication and answers with the user's GUID
 * (`xoauth_yahoo_guid`) and, for `openid`, an ID token this OAuth 2 preset keeps unvalidated; read the
 * profile from UserInfo instead.
 *
 * @see [Yahoo OAuth 2.0 Guide - Authorization Code Flow](https://developer.yahoo.com/oauth2/guide/flows_authcode/)
 * @see [Yahoo OAuth 2.0 Guide - OpenID Connect](https://developer.yahoo.com/oauth2/guide/openid_connect/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Yahoo preset. */
export const yahooPreset = {
  id: 'yahoo',
  title: 'Yahoo',
  protocol: 'oauth2',
  docs: 'https://developer.yahoo.com/oauth2/guide/flows_authcode/',
  facts: {
    sources: {},
    unverified: ['endpoints', 'clientAuth', 'pkce', 'scopeSeparator', 'refresh', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://api.login.yahoo.com/oauth2/request_auth',
  tokenUrl: 'https://api.login.yahoo.com/oauth2/get_token',
  userinfoUrl: 'https://api.login.yahoo.com/openid/v1/userinfo',
  apiBaseUrl: 'https://api.login.yahoo.com/',
  defaultScope: ['openid', 'profile', 'email'],
  refresh: true,
  clientAuth: 'client_secret_basic',
  quirks: { unvalidatedIdToken: true },
} as const satisfies OAuth2Preset

/**
 * Makes a Yahoo blueprint. Credentials default to `YAHOO_OAUTH_CLIENT_ID` / `YAHOO_OAUTH_CLIENT_SECRET`.
 */
export function makeYahooBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(yahooPreset, options)
}

/** The request-scoped Yahoo client: `await yahoo.get('openid/v1/userinfo')`. */
export const yahoo = scopedClient('yahoo')
