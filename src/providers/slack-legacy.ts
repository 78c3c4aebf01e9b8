/**
 * Slack's legacy (v1) OAuth flow: `oauth/authorize` and `oauth.access`, for classic apps that still
 * rely on it. New apps should use the `slack` preset (OAuth v2).
 *
 * Quirks: errors come back with HTTP 200 (`{ ok: false, error }`); the token response has no
 * `token_type`; the Web API takes the token in the `Authorization: Bearer` header, which works for every
 * method and content type (Slack stopped reading query-string tokens of apps created after 2021-02-24).
 *
 * @see [Slack changelog - No more tokens in querystrings for newly created apps](https://docs.slack.dev/changelog/2020-11-no-more-tokens-in-querystrings-for-newly-created-apps)
 *
 * @see [Slack Developer Docs - Legacy app migration](https://docs.slack.dev/legacy/legacy-app-migration/)
 * @see [Slack API - oauth.access](https://docs.slack.dev/reference/methods/oauth.access)
 * @see [Slack Web API - Authentication](https://docs.slack.dev/apis/web-api/#authentication)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import { checkedHost } from './host.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The legacy Slack preset. */
export const slackLegacyPreset = {
  id: 'slack-legacy',
  title: 'Slack (legacy v1 flow)',
  protocol: 'oauth2',
  docs: 'https://docs.slack.dev/reference/methods/oauth.access',
  // The authorization endpoint (slack.com/oauth/authorize) is confirmed in https://api.slack.com/docs/oauth;
  // oauth.access lists no code_verifier, grant_type or refresh_token argument (oauth.v2.access does).
  // Every Web API method page says the token goes in the Authorization header, or else as a POST
  // parameter (read on auth.revoke's page). Revocation stays unverified: auth.revoke is a Web API
  // method authenticated by the token itself, not an RFC 7009 endpoint.
  facts: {
    sources: {
      endpoints: { url: 'https://docs.slack.dev/reference/methods/oauth.access/', checked: '2026-12-05' },
      clientAuth: { url: 'https://docs.slack.dev/reference/methods/oauth.access/', checked: '2026-12-05' },
      pkce: { url: 'https://docs.slack.dev/reference/methods/oauth.access/', checked: '2026-12-05' },
      refresh: { url: 'https://docs.slack.dev/reference/methods/oauth.access/', checked: '2026-12-05' },
      apiAuth: { url: 'https://api.slack.com/methods/auth.revoke', checked: '2026-12-05' },
    },
    unverified: ['scopeSeparator', 'revocation'],
  },
  authorizationUrl: 'https://slack.com/oauth/authorize',
  tokenUrl: 'https://slack.com/api/oauth.access',
  apiBaseUrl: 'https://slack.com/api/',
  defaultScope: ['identify', 'chat:write:bot'],
  refresh: false,
  // oauth.access asks for HTTP Basic rather than the secret as a parameter, like oauth.v2.access
  // (https://docs.slack.dev/reference/methods/oauth.access/, checked 2026-12-05).
  clientAuth: 'client_secret_basic',
  pkce: false,
  quirks: {
    errorsWithStatus200: true,
    tokenTypeMissing: true,
    scopeSeparator: ',',
  },
  options: ['subdomain'],
} as const satisfies OAuth2Preset

/** Options of {@link makeSlackLegacyBlueprint}. */
export interface SlackLegacyBlueprintOptions extends OAuth2PresetOptions {
  /** A workspace subdomain (`acme` for `acme.slack.com`): the authorization page opens there. */
  subdomain?: string
}

/**
 * Makes a legacy Slack blueprint. Credentials default to `SLACK_LEGACY_OAUTH_CLIENT_ID` /
 * `SLACK_LEGACY_OAUTH_CLIENT_SECRET` (pass `name: 'slack'` to keep the `SLACK_` names).
 */
export function makeSlackLegacyBlueprint(options: SlackLegacyBlueprintOptions = {}): OAuth2Blueprint {
  const { subdomain, ...rest } = options
  return blueprintFromPreset(slackLegacyPreset, {
    ...(subdomain && {
      authorizationUrl: `https://${checkedHost('slack-legacy', 'subdomain', subdomain)}.slack.com/oauth/authorize`,
    }),
    ...rest,
  })
}

/** The request-scoped legacy Slack client: `await slackLegacy.get('auth.test')`. */
export const slackLegacy = scopedClient('slack-legacy')
