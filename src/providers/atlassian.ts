/**
 * Atlassian Cloud (Jira, Confluence) OAuth 2.0 (3LO).
 *
 * Every authorization request carries `audience=api.atlassian.com` and `prompt=consent` (both
 * required). Refresh tokens need the `offline_access` scope (`offline: true`) and rotate. API calls
 * go through `api.atlassian.com`: list the sites with `accessible-resources`, then call
 * `ex/jira/<cloudid>/rest/api/3/...`.
 *
 * @see [Atlassian Developer - OAuth 2.0 (3LO) apps](https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Atlassian preset. */
export const atlassianPreset = {
  id: 'atlassian',
  title: 'Atlassian',
  protocol: 'oauth2',
  docs: 'https://developer.atlassian.com/cloud/jira/platform/oauth-2-3lo-apps/',
  facts: {
    sources: {
      scopeSeparator: {
        url: 'https://developer.atlassian.com/cloud/oauth/getting-started/implementing-oauth-3lo',
        checked: '2026-12-05',
      },
      endpoints: {
        url: 'https://developer.atlassian.com/cloud/oauth/getting-started/implementing-oauth-3lo',
        checked: '2026-12-05',
      },
    },
    // The stored implementing-oauth-3lo page was read only to its authorization URL; the token request,
    // refresh and API call sections lie past it.
    unverified: ['clientAuth', 'pkce', 'refresh', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://auth.atlassian.com/authorize',
  tokenUrl: 'https://auth.atlassian.com/oauth/token',
  apiBaseUrl: 'https://api.atlassian.com/',
  defaultScope: ['read:me'],
  authorizationParams: { audience: 'api.atlassian.com', prompt: 'consent' },
  refresh: true,
  offline: { scope: 'offline_access' },
  clientAuth: 'client_secret_post',
  options: ['offline'],
} as const satisfies OAuth2Preset

/**
 * Makes an Atlassian blueprint. Credentials default to `ATLASSIAN_OAUTH_CLIENT_ID` / `ATLASSIAN_OAUTH_CLIENT_SECRET`.
 */
export function makeAtlassianBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(atlassianPreset, options)
}

/** The request-scoped Atlassian client: `await atlassian.get('oauth/token/accessible-resources')`. */
export const atlassian = scopedClient('atlassian')
