/**
 * Login with Amazon. The token endpoint takes the client id and secret as parameters; access tokens
 * last an hour and are refreshed. Token and profile hosts differ by region (option `region`).
 *
 * @see [Login with Amazon - Authorization Code Grant](https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html)
 * @see [Login with Amazon - Obtain Customer Profile Information](https://developer.amazon.com/docs/login-with-amazon/obtain-customer-profile.html)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import { checkedChoice } from './host.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Login with Amazon preset. */
export const amazonPreset = {
  id: 'amazon',
  title: 'Amazon (Login with Amazon)',
  protocol: 'oauth2',
  docs: 'https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html',
  facts: {
    sources: {
      endpoints: {
        url: 'https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html',
        checked: '2026-12-05',
      },
      pkce: {
        url: 'https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://developer.amazon.com/docs/login-with-amazon/authorization-code-grant.html',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://developer.amazon.com/docs/login-with-amazon/access-token.html',
        checked: '2026-12-05',
      },
      rotation: {
        url: 'https://developer.amazon.com/docs/login-with-amazon/access-token.html',
        checked: '2026-12-05',
      },
      // The profile endpoint takes the access token as a query parameter, a bearer token or an
      // x-amz-access-token header; the preset sends it as a bearer token.
      apiAuth: {
        url: 'https://developer.amazon.com/docs/login-with-amazon/customer-profile-other-platforms-cbl-docs.html',
        checked: '2026-12-05',
      },
    },
    unverified: ['revocation'],
  },
  authorizationUrl: 'https://www.amazon.com/ap/oa',
  tokenUrl: 'https://api.amazon.com/auth/o2/token',
  apiBaseUrl: 'https://api.amazon.com/',
  defaultScope: ['profile'],
  refresh: true,
  clientAuth: 'client_secret_post',
  options: ['region'],
} as const satisfies OAuth2Preset

/** Options of {@link makeAmazonBlueprint}. */
export interface AmazonBlueprintOptions extends OAuth2PresetOptions {
  /** `na` (default, api.amazon.com), `eu` (api.amazon.co.uk) or `fe` (api.amazon.co.jp). */
  region?: 'na' | 'eu' | 'fe'
}

const API_HOSTS = { na: 'api.amazon.com', eu: 'api.amazon.co.uk', fe: 'api.amazon.co.jp' } as const

/**
 * Makes a Login with Amazon blueprint. Credentials default to `AMAZON_OAUTH_CLIENT_ID` / `AMAZON_OAUTH_CLIENT_SECRET`.
 */
export function makeAmazonBlueprint(options: AmazonBlueprintOptions = {}): OAuth2Blueprint {
  const { region = 'na', ...rest } = options
  const host = API_HOSTS[checkedChoice('amazon', 'region', region, ['na', 'eu', 'fe'])]
  return blueprintFromPreset(
    { ...amazonPreset, apiBaseUrl: `https://${host}/` },
    {
      tokenUrl: `https://${host}/auth/o2/token`,
      ...rest,
    },
  )
}

/** The request-scoped Amazon client: `await amazon.get('user/profile')`. */
export const amazon = scopedClient('amazon')
