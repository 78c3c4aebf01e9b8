/**
 * Slack, OAuth v2 ("Sign in" for apps with granular bot and user scopes).
 *
 * Quirks: the token endpoint answers HTTP 200 with `{ ok: false, error }` on failure; `scope` holds
 * bot scopes and `user_scope` user scopes, both comma-separated; a bot token comes back at the top
 * level with `token_type: "bot"`, a user token nested in `authed_user`. When only user scopes were asked
 * for, the user token is lifted to the top; otherwise the client uses the bot token and the user token
 * stays under `token.authed_user`. With token rotation on, tokens expire and are refreshed.
 *
 * @see [Slack Developer Docs - Installing with OAuth](https://docs.slack.dev/authentication/installing-with-oauth)
 * @see [Slack API - oauth.v2.access](https://docs.slack.dev/reference/methods/oauth.v2.access)
 * @see [Slack Developer Docs - Using token rotation](https://docs.slack.dev/authentication/using-token-rotation)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Slack (OAuth v2) preset. */
export const slackPreset = {
  id: 'slack',
  title: 'Slack',
  protocol: 'oauth2',
  docs: 'https://docs.slack.dev/authentication/installing-with-oauth',
  // No revocationUrl: Slack's auth.revoke (https://docs.slack.dev/reference/methods/auth.revoke) is a
  // Web API method authenticated by the token it revokes, not RFC 7009 with client credentials, and
  // it reports failure as HTTP 200 with `ok: false`, which an RFC 7009 revocation would read as done.
  facts: {
    sources: {
      clientAuth: { url: 'https://docs.slack.dev/reference/methods/oauth.v2.access', checked: '2026-12-05' },
      pkce: { url: 'https://docs.slack.dev/reference/methods/oauth.v2.access', checked: '2026-12-05' },
      refresh: { url: 'https://docs.slack.dev/reference/methods/oauth.v2.access', checked: '2026-12-05' },
      endpoints: {
        url: 'https://docs.slack.dev/authentication/installing-with-oauth',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://docs.slack.dev/authentication/installing-with-oauth',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://docs.slack.dev/authentication/installing-with-oauth',
        checked: '2026-12-05',
      },
      apiAuth: { url: 'https://docs.slack.dev/authentication/installing-with-oauth', checked: '2026-12-05' },
    },
  },
  authorizationUrl: 'https://slack.com/oauth/v2/authorize',
  tokenUrl: 'https://slack.com/api/oauth.v2.access',
  apiBaseUrl: 'https://slack.com/api/',
  defaultScope: ['users:read'],
  refresh: true,
  // oauth.v2.access asks for HTTP Basic rather than the secret as a parameter
  // (https://docs.slack.dev/reference/methods/oauth.v2.access, checked 2026-12-05).
  clientAuth: 'client_secret_basic',
  quirks: {
    errorsWithStatus200: true,
    nestedTokenMember: 'authed_user',
    tokenTypeOverride: 'bearer',
    scopeSeparator: ',',
  },
  options: ['userScope', 'team'],
} as const satisfies OAuth2Preset

/** Options of {@link makeSlackBlueprint}. */
export interface SlackBlueprintOptions extends OAuth2PresetOptions {
  /** User scopes (`user_scope`), for a user token in `authed_user`. */
  userScope?: string | readonly string[]
  /** Preselect a workspace by its team id. */
  team?: string
}

/**
 * Makes a Slack (OAuth v2) blueprint. Credentials default to `SLACK_OAUTH_CLIENT_ID` / `SLACK_OAUTH_CLIENT_SECRET`.
 * Pass `scope: []` with `userScope` for a user token only.
 */
export function makeSlackBlueprint(options: SlackBlueprintOptions = {}): OAuth2Blueprint {
  const { userScope, team, ...rest } = options
  const userScopes = typeof userScope === 'string' ? userScope : userScope?.join(',')
  return blueprintFromPreset(slackPreset, {
    ...rest,
    authorizationParams: {
      ...(userScopes && { user_scope: userScopes }),
      ...(team && { team }),
      ...rest.authorizationParams,
    },
  })
}

/** The request-scoped Slack Web API client: `await slack.get('auth.test')`. */
export const slack = scopedClient('slack')
