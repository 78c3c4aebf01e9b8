/**
 * Pinterest API v5. Scopes are joined with commas; the token endpoint wants HTTP Basic client
 * authentication; access tokens last 30 days and are refreshed. Apps activated before 2025-09-25 get a
 * continuously renewed refresh token only when their token requests say `continuous_refresh=true`
 * (option `continuousRefresh`, sent with the code exchange and every refresh); later apps always do.
 *
 * Checked 2026-12-05: the stored copy of the authentication page says Pinterest no longer supports the
 * legacy 365-day refresh token and names the 2025-09-25 cut-off, but its text is cut before the
 * parameter; `continuous_refresh=true` on the token request is taken from the issue and third-party
 * integrations, not quoted from Pinterest's page itself.
 *
 * @see [Pinterest Developers - Set up authentication and authorization](https://developers.pinterest.com/docs/getting-started/set-up-authentication-and-authorization/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Pinterest preset. */
export const pinterestPreset = {
  id: 'pinterest',
  title: 'Pinterest',
  protocol: 'oauth2',
  docs: 'https://developers.pinterest.com/docs/getting-started/set-up-authentication-and-authorization/',
  facts: {
    sources: {
      endpoints: {
        url: 'https://github.com/pinterest/pinterest-python-generated-api-client/blob/main/docs/OauthApi.md',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://github.com/pinterest/pinterest-python-generated-api-client/blob/main/docs/OauthApi.md',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://github.com/pinterest/pinterest-python-generated-api-client/blob/main/docs/OauthApi.md',
        checked: '2026-12-05',
      },
      apiAuth: {
        url: 'https://developers.pinterest.com/docs/getting-started/make-an-api-call/',
        checked: '2026-12-05',
      },
      // Pinterest's own API quickstart joins the requested scopes with commas in the /oauth/ URL.
      scopeSeparator: {
        url: 'https://github.com/pinterest/api-quickstart/blob/0db167cd370240d26bf004f150951f0735bb8fd4/nodejs/src/user_auth.js',
        checked: '2026-12-05',
      },
    },
    unverified: ['pkce', 'revocation'],
  },
  authorizationUrl: 'https://www.pinterest.com/oauth/',
  tokenUrl: 'https://api.pinterest.com/v5/oauth/token',
  apiBaseUrl: 'https://api.pinterest.com/v5/',
  defaultScope: ['user_accounts:read'],
  refresh: true,
  clientAuth: 'client_secret_basic',
  quirks: { scopeSeparator: ',' },
  options: ['continuousRefresh'],
} as const satisfies OAuth2Preset

/** Options of {@link makePinterestBlueprint}. */
export interface PinterestBlueprintOptions extends OAuth2PresetOptions {
  /** For apps activated before 2025-09-25: ask every token request for a continuous refresh token. */
  continuousRefresh?: boolean
}

/**
 * Makes a Pinterest blueprint. Credentials default to `PINTEREST_OAUTH_CLIENT_ID` / `PINTEREST_OAUTH_CLIENT_SECRET`.
 */
export function makePinterestBlueprint(options: PinterestBlueprintOptions = {}): OAuth2Blueprint {
  const { continuousRefresh, ...rest } = options
  if (!continuousRefresh) return blueprintFromPreset(pinterestPreset, rest)
  return blueprintFromPreset(pinterestPreset, {
    ...rest,
    quirks: {
      ...rest.quirks,
      tokenRequestParams: { continuous_refresh: 'true', ...rest.quirks?.tokenRequestParams },
    },
  })
}

/** The request-scoped Pinterest client: `await pinterest.get('user_account')`. */
export const pinterest = scopedClient('pinterest')
