/**
 * Typeform (Create, Responses and Webhooks APIs). Scopes are space-separated; a refresh token comes
 * only with the `offline` scope (`offline: true`). API calls carry the token in the Authorization header;
 * `await typeform.get('me')` needs `accounts:read`, the default scope.
 *
 * @see [Typeform - Create applications that integrate with Typeform's APIs](https://www.typeform.com/developers/get-started/applications/)
 * @see [Typeform - OAuth scopes for your applications](https://www.typeform.com/developers/get-started/scopes/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const APPLICATIONS = 'https://www.typeform.com/developers/get-started/applications/'
const SCOPES = 'https://www.typeform.com/developers/get-started/scopes/'
const CHECKED = '2026-12-05'

/** The Typeform preset. */
export const typeformPreset = {
  id: 'typeform',
  title: 'Typeform',
  protocol: 'oauth2',
  docs: APPLICATIONS,
  facts: {
    sources: {
      // urlAuthorize https://api.typeform.com/oauth/authorize, urlAccessToken https://api.typeform.com/oauth/token.
      endpoints: { url: APPLICATIONS, checked: CHECKED },
      // scope={scope1}+{scope2}: spaces, form-encoded.
      scopeSeparator: { url: SCOPES, checked: CHECKED },
      // "Always add the offline scope to receive a refresh token."
      refresh: { url: SCOPES, checked: CHECKED },
      // "pass an access token in the Authorization header"; GET /me needs accounts:read.
      apiAuth: { url: APPLICATIONS, checked: CHECKED },
    },
    silent: {
      facts: ['clientAuth', 'pkce', 'rotation', 'revocation'],
      note: "The excerpts read do not show how the token request carries the client secret, PKCE, whether refresh tokens rotate, or a revocation endpoint; the preset sends client_id and client_secret in the form body (the guide's example app passes both to the token request), S256 PKCE, keeps whichever refresh token an answer carries and does not revoke. The EU data centre (api.typeform.eu) is not covered.",
    },
  },
  authorizationUrl: 'https://api.typeform.com/oauth/authorize',
  tokenUrl: 'https://api.typeform.com/oauth/token',
  apiBaseUrl: 'https://api.typeform.com/',
  defaultScope: ['accounts:read'],
  refresh: true,
  offline: { scope: 'offline' },
  clientAuth: 'client_secret_post',
  options: ['offline'],
} as const satisfies OAuth2Preset

/**
 * Makes a Typeform blueprint. Credentials default to `TYPEFORM_OAUTH_CLIENT_ID` /
 * `TYPEFORM_OAUTH_CLIENT_SECRET`.
 */
export function makeTypeformBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(typeformPreset, options)
}

/** The request-scoped Typeform client: `await typeform.get('me')`. */
export const typeform = scopedClient('typeform')
