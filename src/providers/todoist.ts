/**
 * Todoist (API v1). Scopes are joined with commas; the token endpoint takes the client id and secret
 * as parameters; tokens do not expire.
 *
 * @see [Todoist API v1 - Authorization](https://developer.todoist.com/api/v1/#tag/Authorization)
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
    sources: {},
    unverified: ['endpoints', 'clientAuth', 'pkce', 'scopeSeparator', 'refresh', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://todoist.com/oauth/authorize',
  tokenUrl: 'https://todoist.com/oauth/access_token',
  apiBaseUrl: 'https://api.todoist.com/api/v1/',
  defaultScope: ['data:read'],
  refresh: false,
  clientAuth: 'client_secret_post',
  quirks: { scopeSeparator: ',' },
} as const satisfies OAuth2Preset

/**
 * Makes a Todoist blueprint. Credentials default to `TODOIST_OAUTH_CLIENT_ID` / `TODOIST_OAUTH_CLIENT_SECRET`.
 */
export function makeTodoistBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(todoistPreset, options)
}

/** The request-scoped Todoist client: `await todoist.get('projects')`. */
export const todoist = scopedClient('todoist')
