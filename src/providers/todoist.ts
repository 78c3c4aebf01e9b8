/**
 * Todoist (API v1). Scopes are joined with commas; the token endpoint takes the client id and secret
 * as parameters; tokens do not expire. Tokens are revoked at the RFC 7009 endpoint `api/v1/revoke`,
 * which authenticates the client with HTTP Basic.
 *
 * @see [Todoist API v1 - Authorization](https://developer.todoist.com/api/v1/#tag/Authorization)
 * @see [Todoist's TypeScript SDK - authentication](https://github.com/Doist/todoist-api-typescript/blob/main/src/authentication.ts)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Todoist preset. */
export const todoistPreset = {
  id: 'todoist',
  title: 'Todoist',
  protocol: 'oauth2',
  docs: 'https://developer.todoist.com/api/v1/#tag/Authorization',
  facts: {
    // Todoist's API reference was not found readable; its own SDK states these.
    sources: {
      endpoints: {
        url: 'https://github.com/Doist/todoist-api-typescript/blob/main/src/consts/endpoints.ts',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://github.com/Doist/todoist-api-typescript/blob/main/src/authentication.ts',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://github.com/Doist/todoist-api-typescript/blob/main/src/authentication.ts',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://github.com/Doist/todoist-api-typescript/blob/main/src/authentication.ts',
        checked: '2026-12-05',
      },
      // The same SDK's REST client sends `Authorization: Bearer <token>`.
      apiAuth: {
        url: 'https://github.com/Doist/todoist-api-typescript/blob/2a64d2cb504ac77737b3d2662bfe4a6aec5cd087/src/restClient.ts',
        checked: '2026-12-05',
      },
    },
    unverified: ['pkce', 'refresh'],
  },
  authorizationUrl: 'https://todoist.com/oauth/authorize',
  tokenUrl: 'https://todoist.com/oauth/access_token',
  revocationUrl: 'https://api.todoist.com/api/v1/revoke',
  apiBaseUrl: 'https://api.todoist.com/api/v1/',
  defaultScope: ['data:read'],
  refresh: false,
  clientAuth: 'client_secret_post',
  // The token endpoint reads the secret from the body, the revocation endpoint from HTTP Basic.
  quirks: { scopeSeparator: ',', revocationClientAuth: 'client_secret_basic' },
} as const satisfies OAuth2Preset

/**
 * Makes a Todoist blueprint. Credentials default to `TODOIST_OAUTH_CLIENT_ID` / `TODOIST_OAUTH_CLIENT_SECRET`.
 */
export function makeTodoistBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(todoistPreset, options)
}

/** The request-scoped Todoist client: `await todoist.get('projects')`. */
export const todoist = scopedClient('todoist')
