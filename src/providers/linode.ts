/**
 * Linode (Akamai Cloud) API v4. Codes are exchanged at `login.linode.com/oauth/token` with the client
 * id and secret in the form body; access tokens last two hours and each refresh returns a new access
 * token and a new refresh token. API calls carry a Bearer token (`await linode.get('profile')`).
 *
 * @see [Linode API - OAuth workflow (OpenAPI description)](https://github.com/linode/linode-api-docs/blob/master/openapi.yaml)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const OPENAPI = 'https://github.com/linode/linode-api-docs/blob/master/openapi.yaml'
const CHECKED = '2026-12-05'

/** The Linode preset. */
export const linodePreset = {
  id: 'linode',
  title: 'Linode',
  protocol: 'oauth2',
  docs: OPENAPI,
  facts: {
    sources: {
      // "make an HTTP POST request to … https://login.linode.com/oauth/token"; authorizationUrl
      // https://login.linode.com/oauth/authorize in the OAuth security scheme.
      endpoints: { url: OPENAPI, checked: CHECKED },
      // client_id, client_secret and code "in the POST body", form-encoded.
      clientAuth: { url: OPENAPI, checked: CHECKED },
      // "get a new OAuth access_token and refresh_token"; the access token "is good for another two hours".
      refresh: { url: OPENAPI, checked: CHECKED },
      rotation: { url: OPENAPI, checked: CHECKED },
      // "HTTP Authorization Scheme: bearer".
      apiAuth: { url: OPENAPI, checked: CHECKED },
    },
    silent: {
      facts: ['pkce', 'scopeSeparator', 'revocation'],
      note: 'The excerpts read do not cover PKCE, how several scopes are joined or token revocation; the preset sends S256 PKCE (presumably ignored), joins scopes with spaces and does not revoke.',
    },
  },
  authorizationUrl: 'https://login.linode.com/oauth/authorize',
  tokenUrl: 'https://login.linode.com/oauth/token',
  apiBaseUrl: 'https://api.linode.com/v4/',
  defaultScope: ['account:read_only'],
  refresh: true,
  clientAuth: 'client_secret_post',
} as const satisfies OAuth2Preset

/**
 * Makes a Linode blueprint. Credentials default to `LINODE_OAUTH_CLIENT_ID` / `LINODE_OAUTH_CLIENT_SECRET`.
 */
export function makeLinodeBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(linodePreset, options)
}

/** The request-scoped Linode client: `await linode.get('profile')`. */
export const linode = scopedClient('linode')
