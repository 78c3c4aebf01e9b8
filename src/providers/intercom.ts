/**
 * Intercom (public apps). The authorization request takes only the client id, state and redirect URI:
 * permissions are chosen on the app in the Developer Hub, not per request. The code is exchanged at
 * `api.intercom.io/auth/eagle/token` with the client id and secret as parameters; the token does not
 * expire and is used as a Bearer token, like an access token (`await intercom.get('me')`).
 *
 * @see [Intercom - Using OAuth](https://intercom-developer-hub.readme.io/reference/using-oauth)
 * @see [Intercom - Setting up OAuth](https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const USING_OAUTH = 'https://intercom-developer-hub.readme.io/reference/using-oauth'
const CHECKED = '2026-12-05'

/** The Intercom preset. */
export const intercomPreset = {
  id: 'intercom',
  title: 'Intercom',
  protocol: 'oauth2',
  docs: 'https://developers.intercom.com/docs/build-an-integration/learn-more/authentication/setting-up-oauth',
  facts: {
    sources: {
      // https://app.intercom.io/oauth; "POSTing to https://api.intercom.io/auth/eagle/token".
      endpoints: { url: USING_OAUTH, checked: CHECKED },
      // code, client_id and client_secret are the token request's parameters.
      clientAuth: { url: USING_OAUTH, checked: CHECKED },
      // Authorization parameters are client_id, state and redirect_uri: no scope.
      scopeSeparator: { url: USING_OAUTH, checked: CHECKED },
      // "you can use it with the bearer authorization header".
      apiAuth: { url: USING_OAUTH, checked: CHECKED },
    },
    silent: {
      facts: ['pkce', 'refresh', 'revocation'],
      note: "The pages read do not mention PKCE, refresh tokens or revocation; integrators report tokens that do not expire and no refresh token. The preset sends S256 PKCE (presumably ignored), does not refresh and does not revoke. The answer's member names are not shown; the preset reads access_token, as Intercom's own PHP League provider does.",
    },
  },
  authorizationUrl: 'https://app.intercom.io/oauth',
  tokenUrl: 'https://api.intercom.io/auth/eagle/token',
  apiBaseUrl: 'https://api.intercom.io/',
  refresh: false,
  clientAuth: 'client_secret_post',
} as const satisfies OAuth2Preset

/**
 * Makes an Intercom blueprint. Credentials default to `INTERCOM_OAUTH_CLIENT_ID` /
 * `INTERCOM_OAUTH_CLIENT_SECRET`.
 */
export function makeIntercomBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(intercomPreset, options)
}

/** The request-scoped Intercom client: `await intercom.get('me')`. */
export const intercom = scopedClient('intercom')
