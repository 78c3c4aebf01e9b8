/**
 * Figma REST API. Codes are exchanged at `api.figma.com/v1/oauth/token` (the `www.figma.com` endpoint
 * was retired in 2025) with HTTP Basic client authentication; refresh has its own endpoint
 * (`oauth/refresh`). The token response may omit `token_type`; its tokens are bearer tokens.
 *
 * @see [Figma REST API - Authentication](https://developers.figma.com/docs/rest-api/authentication/)
 * @see [Figma REST API - Scopes](https://developers.figma.com/docs/rest-api/scopes/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Figma preset. */
export const figmaPreset = {
  id: 'figma',
  title: 'Figma',
  protocol: 'oauth2',
  docs: 'https://developers.figma.com/docs/rest-api/authentication/',
  facts: {
    sources: {
      // Figma's own OpenAPI description gives the OAuth 2 scheme a refreshUrl of its own beside the
      // tokenUrl. Its stored copy still names the www.figma.com/api/oauth/ hosts, not the
      // api.figma.com/v1/oauth/ ones the preset uses, so the endpoints stay unverified here.
      refresh: {
        url: 'https://github.com/figma/rest-api-spec/blob/ddb1f16f639cb2b026d7d018dd0aa070b3415948/openapi/openapi.yaml',
        checked: '2026-12-05',
      },
    },
    unverified: ['endpoints', 'clientAuth', 'pkce', 'scopeSeparator', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://www.figma.com/oauth',
  tokenUrl: 'https://api.figma.com/v1/oauth/token',
  apiBaseUrl: 'https://api.figma.com/v1/',
  defaultScope: ['current_user:read'],
  refresh: true,
  clientAuth: 'client_secret_basic',
  quirks: { tokenTypeMissing: true, refreshTokenUrl: 'https://api.figma.com/v1/oauth/refresh' },
} as const satisfies OAuth2Preset

/**
 * Makes a Figma blueprint. Credentials default to `FIGMA_OAUTH_CLIENT_ID` / `FIGMA_OAUTH_CLIENT_SECRET`.
 */
export function makeFigmaBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(figmaPreset, options)
}

/** The request-scoped Figma client: `await figma.get('me')`. */
export const figma = scopedClient('figma')
