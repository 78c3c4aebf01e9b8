/**
 * Pipedrive. Tokens come from `oauth.pipedrive.com` with HTTP Basic client authentication, for codes
 * and refreshes alike; the token answer's `api_domain` is the company's own API host, which apps should
 * call (`baseUrl: token.api_domain`); the preset's default is `api.pipedrive.com`.
 *
 * @see [Pipedrive API - OAuth 2.0](https://developers.pipedrive.com/docs/api/v1/Oauth)
 * @see [Pipedrive - OAuth authorization](https://pipedrive.readme.io/docs/marketplace-oauth-authorization)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const OAUTH = 'https://developers.pipedrive.com/docs/api/v1/Oauth'
const CHECKED = '2026-12-05'

/** The Pipedrive preset. */
export const pipedrivePreset = {
  id: 'pipedrive',
  title: 'Pipedrive',
  protocol: 'oauth2',
  docs: 'https://pipedrive.readme.io/docs/marketplace-oauth-authorization',
  facts: {
    sources: {
      // GET /oauth/authorize and POST /oauth/token on https://oauth.pipedrive.com.
      endpoints: { url: OAUTH, checked: CHECKED },
      // "The header value should be Basic <base64(client_id:client_secret)>".
      clientAuth: { url: OAUTH, checked: CHECKED },
      // "To refresh the access_token, you must use the refresh_token".
      refresh: { url: OAUTH, checked: CHECKED },
    },
    silent: {
      facts: ['pkce', 'scopeSeparator', 'rotation', 'revocation', 'apiAuth'],
      note: "Scopes are set on the app, not in the authorization request, and the pages read say nothing of PKCE, refresh token rotation, a revocation endpoint or the API's authorization header; the preset sends S256 PKCE, no scope, keeps whichever refresh token an answer carries, does not revoke and sends a Bearer token. The api_domain member of the token answer comes from integrators' copies of the reference.",
    },
  },
  authorizationUrl: 'https://oauth.pipedrive.com/oauth/authorize',
  tokenUrl: 'https://oauth.pipedrive.com/oauth/token',
  apiBaseUrl: 'https://api.pipedrive.com/',
  refresh: true,
  clientAuth: 'client_secret_basic',
} as const satisfies OAuth2Preset

/**
 * Makes a Pipedrive blueprint. Credentials default to `PIPEDRIVE_OAUTH_CLIENT_ID` /
 * `PIPEDRIVE_OAUTH_CLIENT_SECRET`.
 */
export function makePipedriveBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(pipedrivePreset, options)
}

/** The request-scoped Pipedrive client: `await pipedrive.get('v1/users/me')`. */
export const pipedrive = scopedClient('pipedrive')
