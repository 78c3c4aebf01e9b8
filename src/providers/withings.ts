/**
 * Withings Health API. Its token endpoint is an API action: every token request says
 * `action=requesttoken` and takes the client id and secret as parameters; the answer is wrapped as
 * `{ status, body: { access_token, ... } }` with HTTP 200 even for errors (then `status` ≠ 0 and an
 * `error` text). Scopes are joined with commas; access tokens last three hours and are refreshed.
 *
 * @see [Withings Developer Guide - OAuth web flow](https://developer.withings.com/developer-guide/v3/integration-guide/public-health-data-api/get-access/oauth-web-flow/)
 * @see [Withings API - OAuth2: Get access token](https://developer.withings.com/api-reference/#tag/oauth2/operation/oauth2-getaccesstoken)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Withings preset. */
export const withingsPreset = {
  id: 'withings',
  title: 'Withings',
  protocol: 'oauth2',
  docs: 'https://developer.withings.com/developer-guide/v3/integration-guide/public-health-data-api/get-access/oauth-web-flow/',
  // Withings' own OAuth 2 sample (withings-sas/api-oauth2-python): comma-joined scopes, the secret
  // posted with action=requesttoken for the code and the refresh grant (which returns a new refresh
  // token), and a Bearer token on API calls. Its hosts come from configuration, so the endpoints
  // stay unverified.
  facts: {
    sources: {
      clientAuth: {
        url: 'https://github.com/withings-sas/api-oauth2-python/blob/HEAD/src/withings_api_example/www.py',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://github.com/withings-sas/api-oauth2-python/blob/HEAD/src/withings_api_example/www.py',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://github.com/withings-sas/api-oauth2-python/blob/HEAD/src/withings_api_example/www.py',
        checked: '2026-12-05',
      },
      rotation: {
        url: 'https://github.com/withings-sas/api-oauth2-python/blob/HEAD/src/withings_api_example/www.py',
        checked: '2026-12-05',
      },
      apiAuth: {
        url: 'https://github.com/withings-sas/api-oauth2-python/blob/HEAD/src/withings_api_example/www.py',
        checked: '2026-12-05',
      },
    },
    unverified: ['endpoints', 'pkce', 'revocation'],
  },
  authorizationUrl: 'https://account.withings.com/oauth2_user/authorize2',
  tokenUrl: 'https://wbsapi.withings.net/v2/oauth2',
  apiBaseUrl: 'https://wbsapi.withings.net/',
  defaultScope: ['user.info'],
  refresh: true,
  clientAuth: 'client_secret_post',
  pkce: false,
  quirks: {
    tokenRequestParams: { action: 'requesttoken' },
    nestedTokenMember: 'body',
    errorsWithStatus200: true,
    scopeSeparator: ',',
  },
} as const satisfies OAuth2Preset

/**
 * Makes a Withings blueprint. Credentials default to `WITHINGS_OAUTH_CLIENT_ID` / `WITHINGS_OAUTH_CLIENT_SECRET`.
 */
export function makeWithingsBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(withingsPreset, options)
}

/** The request-scoped Withings client: `await withings.post('v2/user', { form: { action: 'getdevice' } })`. */
export const withings = scopedClient('withings')
