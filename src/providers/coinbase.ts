/**
 * Coinbase (Coinbase App OAuth2 at `login.coinbase.com`). The token and revocation endpoints take the
 * client id and secret as parameters; a refresh token needs the `offline_access` scope (`offline: true`);
 * access tokens last an hour and refresh tokens rotate.
 *
 * @see [Coinbase App - OAuth2 Integration Overview](https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/overview)
 * @see [Coinbase App - OAuth2 Integrations](https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/integrations)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Coinbase preset. */
export const coinbasePreset = {
  id: 'coinbase',
  title: 'Coinbase',
  protocol: 'oauth2',
  docs: 'https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/overview',
  facts: {
    sources: {
      endpoints: {
        url: 'https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/integrations',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/access-and-refresh-tokens',
        checked: '2026-12-05',
      },
      pkce: {
        url: 'https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/reference',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/access-and-refresh-tokens',
        checked: '2026-12-05',
      },
      rotation: {
        url: 'https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/access-and-refresh-tokens',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/reference',
        checked: '2026-12-05',
      },
    },
    unverified: ['revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://login.coinbase.com/oauth2/auth',
  tokenUrl: 'https://login.coinbase.com/oauth2/token',
  revocationUrl: 'https://login.coinbase.com/oauth2/revoke',
  apiBaseUrl: 'https://api.coinbase.com/v2/',
  defaultScope: ['wallet:user:read'],
  refresh: true,
  offline: { scope: 'offline_access' },
  clientAuth: 'client_secret_post',
  // The authorize reference documents `scope` as a comma-separated list
  // (https://docs.cdp.coinbase.com/coinbase-app/oauth2-integration/reference, checked 2026-12-05).
  quirks: { scopeSeparator: ',' },
  options: ['offline'],
} as const satisfies OAuth2Preset

/**
 * Makes a Coinbase blueprint. Credentials default to `COINBASE_OAUTH_CLIENT_ID` / `COINBASE_OAUTH_CLIENT_SECRET`.
 */
export function makeCoinbaseBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(coinbasePreset, options)
}

/** The request-scoped Coinbase client: `await coinbase.get('user')`. */
export const coinbase = scopedClient('coinbase')
