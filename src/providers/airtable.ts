/**
 * Airtable. PKCE (S256) is required; with a client secret the token endpoint takes HTTP Basic client
 * authentication (an integration registered without one is a public client: `clientAuth: 'none'`).
 * Scopes are space-delimited and at least one is required. Access tokens expire and come with a
 * refresh token. `await airtable.get('v0/meta/whoami')` names the user.
 *
 * @see [Airtable Web API - OAuth reference](https://airtable.com/developers/web/api/oauth-reference)
 * @see [Airtable - OAuth example](https://github.com/Airtable/oauth-example/blob/main/index.js)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const REFERENCE = 'https://airtable.com/developers/web/api/oauth-reference'
const EXAMPLE = 'https://github.com/Airtable/oauth-example/blob/main/index.js'
const CHECKED = '2026-12-05'

/** The Airtable preset. */
export const airtablePreset = {
  id: 'airtable',
  title: 'Airtable',
  protocol: 'oauth2',
  docs: REFERENCE,
  facts: {
    sources: {
      // GET https://airtable.com/oauth2/v1/authorize; the token route is /oauth2/v1/token (the example).
      endpoints: { url: EXAMPLE, checked: CHECKED },
      // "Authorization is required if your integration has a client secret".
      clientAuth: { url: EXAMPLE, checked: CHECKED },
      // code_challenge and code_challenge_method "S256" are authorization request parameters.
      pkce: { url: REFERENCE, checked: CHECKED },
      // "A string that is a space delimited list of unique scopes".
      scopeSeparator: { url: REFERENCE, checked: CHECKED },
      // "Token expiry & refresh tokens".
      refresh: { url: REFERENCE, checked: CHECKED },
    },
    silent: {
      facts: ['rotation', 'revocation', 'apiAuth'],
      note: "The parts of the reference read here do not say whether a refresh retires the old refresh token, name a revocation endpoint, or show the Web API's authorization header; the preset keeps whichever refresh token an answer carries, has no revocation, and sends a Bearer token to api.airtable.com as Airtable's API clients do.",
    },
  },
  authorizationUrl: 'https://airtable.com/oauth2/v1/authorize',
  tokenUrl: 'https://airtable.com/oauth2/v1/token',
  apiBaseUrl: 'https://api.airtable.com/',
  defaultScope: ['user.email:read'],
  refresh: true,
  clientAuth: 'client_secret_basic',
} as const satisfies OAuth2Preset

/**
 * Makes an Airtable blueprint. Credentials default to `AIRTABLE_OAUTH_CLIENT_ID` /
 * `AIRTABLE_OAUTH_CLIENT_SECRET`.
 */
export function makeAirtableBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(airtablePreset, options)
}

/** The request-scoped Airtable client: `await airtable.get('v0/meta/whoami')`. */
export const airtable = scopedClient('airtable')
