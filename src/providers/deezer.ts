/**
 * Deezer. Its OAuth predates RFC 6749's names: the app is `app_id`, the secret `secret`, scopes are
 * comma-separated `perms`, and the token answer is a form-encoded `access_token=…&expires=…` where
 * `expires=0` (with the `offline_access` permission, `offline: true`) means a token that never expires.
 * Each difference is a quirk of the preset's data. There is no refresh token and no revocation
 * endpoint; the API reads the token from the `access_token` query parameter
 * (`await deezer.get('user/me')`).
 *
 * @see [Deezer for developers - OAuth](https://developers.deezer.com/api/oauth)
 * @see [python-social-auth - Deezer backend](https://github.com/python-social-auth/social-core/blob/master/social_core/backends/deezer.py)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Deezer preset. */
export const deezerPreset = {
  id: 'deezer',
  title: 'Deezer',
  protocol: 'oauth2',
  docs: 'https://developers.deezer.com/api/oauth',
  facts: {
    sources: {},
    silent: {
      facts: ['endpoints', 'clientAuth', 'pkce', 'scopeSeparator', 'refresh', 'revocation', 'apiAuth'],
      note: "developers.deezer.com could not be read in this session (no stored copy), so no fact is sourced. The endpoints, app_id/secret/perms names, comma-separated perms, the form-encoded access_token/expires answer (its content type unknown, so any non-JSON answer is read as a form) and the access_token query parameter follow the python-social-auth backend and other clients that agree on them. Deezer is not known to refresh or revoke tokens; PKCE parameters are sent and presumably ignored; the code exchange is a POST with a form body, as those clients send it, where Deezer's page shows a query string.",
    },
  },
  authorizationUrl: 'https://connect.deezer.com/oauth/auth.php',
  tokenUrl: 'https://connect.deezer.com/oauth/access_token.php',
  apiBaseUrl: 'https://api.deezer.com/',
  defaultScope: ['basic_access'],
  refresh: false,
  offline: { scope: 'offline_access' },
  clientAuth: 'client_secret_post',
  quirks: {
    clientIdParameter: 'app_id',
    clientSecretParameter: 'secret',
    scopeParameter: 'perms',
    scopeSeparator: ',',
    formEncodedTokenResponse: 'any-type',
    expiresInMember: 'expires',
    tokenTypeMissing: true,
    tokenQueryParameter: 'access_token',
  },
  options: ['offline'],
} as const satisfies OAuth2Preset

/**
 * Makes a Deezer blueprint. Credentials default to `DEEZER_OAUTH_CLIENT_ID` (the app id) /
 * `DEEZER_OAUTH_CLIENT_SECRET`.
 */
export function makeDeezerBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(deezerPreset, options)
}

/** The request-scoped Deezer client: `await deezer.get('user/me')`. */
export const deezer = scopedClient('deezer')
