/**
 * Canva Connect APIs. The authorization code flow with PKCE (S256) is required; the token endpoint
 * takes HTTP Basic client authentication (recommended by Canva) and every refresh returns a new refresh
 * token. Revoking a refresh token revokes its lineage and the user's consent.
 *
 * @see [Canva Connect - Authentication](https://www.canva.dev/docs/connect/authentication/)
 * @see [Canva Connect - Generate an access token](https://www.canva.dev/docs/connect/api-reference/authentication/generate-access-token/)
 * @see [Canva - Revoke a token](https://www.canva.dev/docs/apps/rest-apis/reference/authentication/revoke-token/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const AUTHENTICATION = 'https://www.canva.dev/docs/connect/authentication/'
const TOKEN = 'https://www.canva.dev/docs/connect/api-reference/authentication/generate-access-token/'
const CHECKED = '2026-12-05'

/** The Canva preset. */
export const canvaPreset = {
  id: 'canva',
  title: 'Canva',
  protocol: 'oauth2',
  docs: AUTHENTICATION,
  facts: {
    sources: {
      // https://www.canva.com/api/oauth/authorize; POST https://api.canva.com/rest/v1/oauth/token.
      endpoints: { url: TOKEN, checked: CHECKED },
      // "Basic access authentication (Recommended)".
      clientAuth: { url: TOKEN, checked: CHECKED },
      // "Authorization Code flow with PKCE using SHA-256"; code_challenge is required.
      pkce: { url: AUTHENTICATION, checked: CHECKED },
      refresh: { url: TOKEN, checked: CHECKED },
      // "You will also receive a new refresh token".
      rotation: { url: TOKEN, checked: CHECKED },
      revocation: {
        url: 'https://www.canva.dev/docs/apps/rest-apis/reference/authentication/revoke-token/',
        checked: CHECKED,
      },
    },
    silent: {
      facts: ['scopeSeparator', 'apiAuth'],
      note: "The excerpts read show scope=<list of scopes> without the separator and do not show the Users API; the preset joins scopes with spaces and sends a Bearer token to api.canva.com/rest/v1 (users/me). Canva's example URL spells the PKCE method s256; the preset sends S256 (RFC 7636).",
    },
  },
  authorizationUrl: 'https://www.canva.com/api/oauth/authorize',
  tokenUrl: 'https://api.canva.com/rest/v1/oauth/token',
  revocationUrl: 'https://api.canva.com/rest/v1/oauth/revoke',
  apiBaseUrl: 'https://api.canva.com/rest/v1/',
  defaultScope: ['profile:read'],
  refresh: true,
  clientAuth: 'client_secret_basic',
} as const satisfies OAuth2Preset

/**
 * Makes a Canva blueprint. Credentials default to `CANVA_OAUTH_CLIENT_ID` / `CANVA_OAUTH_CLIENT_SECRET`.
 */
export function makeCanvaBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(canvaPreset, options)
}

/** The request-scoped Canva client: `await canva.get('users/me')`. */
export const canva = scopedClient('canva')
