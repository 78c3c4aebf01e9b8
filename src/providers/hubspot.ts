/**
 * HubSpot public apps. The token endpoint takes the client id and secret as parameters; access tokens
 * last 30 minutes and are refreshed; refresh tokens are revoked at the dated `token/revoke` endpoint. Scopes a portal may lack go in `optionalScope`.
 *
 * @see [HubSpot Developers - Working with OAuth](https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/oauth/working-with-oauth)
 * @see [HubSpot Developer Changelog - v1 OAuth API Deprecation](https://developers.hubspot.com/changelog/v1-oauth-api-deprecation)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The HubSpot preset. */
export const hubspotPreset = {
  id: 'hubspot',
  title: 'HubSpot',
  protocol: 'oauth2',
  docs: 'https://developers.hubspot.com/docs/apps/developer-platform/build-apps/authentication/oauth/working-with-oauth',
  facts: {
    sources: {
      endpoints: {
        url: 'https://developers.hubspot.com/docs/api-reference/latest/authentication/manage-oauth-tokens',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://developers.hubspot.com/docs/api-reference/latest/authentication/manage-oauth-tokens',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://developers.hubspot.com/docs/api-reference/latest/authentication/manage-oauth-tokens',
        checked: '2026-12-05',
      },
      pkce: {
        url: 'https://developers.hubspot.com/docs/api-reference/2026-03/authentication/oauth-tokens/refresh-oauth-token',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://developers.hubspot.com/docs/api-reference/latest/authentication/oauth-tokens/revoke-token',
        checked: '2026-12-05',
      },
    },
    unverified: ['scopeSeparator', 'apiAuth'],
  },
  authorizationUrl: 'https://app.hubspot.com/oauth/authorize',
  // The dated OAuth API replaces /oauth/v1 (sunset 2027-02-16): https://developers.hubspot.com/changelog/v1-oauth-api-deprecation
  // and https://developers.hubspot.com/docs/api-reference/latest/authentication/oauth-tokens/revoke-token, checked 2026-12-05.
  tokenUrl: 'https://api.hubapi.com/oauth/2026-03/token',
  revocationUrl: 'https://api.hubapi.com/oauth/2026-03/token/revoke',
  apiBaseUrl: 'https://api.hubapi.com/',
  defaultScope: ['oauth'],
  refresh: true,
  clientAuth: 'client_secret_post',
  options: ['optionalScope'],
} as const satisfies OAuth2Preset

/** Options of {@link makeHubspotBlueprint}. */
export interface HubspotBlueprintOptions extends OAuth2PresetOptions {
  /** Scopes granted only when the portal's subscription has them (`optional_scope`). */
  optionalScope?: readonly string[]
}

/**
 * Makes a HubSpot blueprint. Credentials default to `HUBSPOT_OAUTH_CLIENT_ID` / `HUBSPOT_OAUTH_CLIENT_SECRET`.
 */
export function makeHubspotBlueprint(options: HubspotBlueprintOptions = {}): OAuth2Blueprint {
  const { optionalScope, ...rest } = options
  return blueprintFromPreset(hubspotPreset, {
    ...rest,
    authorizationParams: {
      ...(optionalScope?.length && { optional_scope: optionalScope.join(' ') }),
      ...rest.authorizationParams,
    },
  })
}

/** The request-scoped HubSpot client: `await hubspot.get('account-info/v3/details')`. */
export const hubspot = scopedClient('hubspot')
