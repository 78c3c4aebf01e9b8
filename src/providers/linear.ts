/**
 * Linear. Scopes are joined with commas and come back as a JSON array; the token endpoint takes the
 * client id and secret as parameters. The API is GraphQL (`linear.post('graphql', { json })`).
 * `actor: 'app'` makes the app, not the user, the author of what it creates.
 *
 * @see [Linear Developers - OAuth 2.0 authentication](https://linear.app/developers/oauth-2-0-authentication)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Linear preset. */
export const linearPreset = {
  id: 'linear',
  title: 'Linear',
  protocol: 'oauth2',
  docs: 'https://linear.app/developers/oauth-2-0-authentication',
  facts: {
    sources: {
      scopeSeparator: {
        url: 'https://linear.app/developers/oauth-2-0-authentication',
        checked: '2026-12-05',
      },
      refresh: { url: 'https://linear.app/developers/oauth-2-0-authentication', checked: '2026-12-05' },
      apiAuth: {
        url: 'https://github.com/linear/linear/blob/HEAD/packages/sdk/src/client.ts',
        checked: '2026-12-05',
      },
      // Linear's own Zapier integration posts code, client_id and client_secret as a form body to
      // /oauth/token (its hosts there are development ones, so the endpoints stay unverified).
      clientAuth: {
        url: 'https://github.com/linear/linear-zapier/blob/014d3373de3def82d6d0cf5c43f7ef70d4626e4a/src/authentication.ts',
        checked: '2026-12-05',
      },
    },
    unverified: ['endpoints', 'pkce', 'revocation'],
  },
  authorizationUrl: 'https://linear.app/oauth/authorize',
  tokenUrl: 'https://api.linear.app/oauth/token',
  apiBaseUrl: 'https://api.linear.app/',
  defaultScope: ['read'],
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: { scopeSeparator: ',', scopeListInTokenResponse: true },
  options: ['actor', 'prompt'],
} as const satisfies OAuth2Preset

/** Options of {@link makeLinearBlueprint}. */
export interface LinearBlueprintOptions extends OAuth2PresetOptions {
  /** `app` acts as the application (`actor=app`); default the user. */
  actor?: 'user' | 'app'
  /** `consent` shows the consent screen again (to switch workspaces). */
  prompt?: 'consent'
}

/**
 * Makes a Linear blueprint. Credentials default to `LINEAR_OAUTH_CLIENT_ID` / `LINEAR_OAUTH_CLIENT_SECRET`.
 */
export function makeLinearBlueprint(options: LinearBlueprintOptions = {}): OAuth2Blueprint {
  const { actor, prompt, ...rest } = options
  return blueprintFromPreset(linearPreset, {
    ...rest,
    authorizationParams: { ...(actor && { actor }), ...(prompt && { prompt }), ...rest.authorizationParams },
  })
}

/** The request-scoped Linear client: `await linear.post('graphql', { json: { query: '{ viewer { id } }' } })`. */
export const linear = scopedClient('linear')
