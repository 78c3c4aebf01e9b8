/**
 * Zoho (CRM and the other Zoho APIs). API calls use the `Zoho-oauthtoken` authorization scheme; scopes
 * are joined with commas; a refresh token comes with `access_type=offline` (`offline: true`). Each data
 * centre has its own accounts server and API host (option `region`); the token response's `api_domain`
 * names the user's.
 *
 * @see [Zoho Accounts - OAuth for web server applications](https://www.zoho.com/accounts/protocol/oauth/web-server-applications.html)
 * @see [Zoho Accounts - Revoke OAuth tokens](https://www.zoho.com/accounts/protocol/oauth/revoke-refresh-token.html)
 * @see [Zoho CRM API v8 - Multi DC](https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import { checkedChoice } from './host.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Zoho preset. */
export const zohoPreset = {
  id: 'zoho',
  title: 'Zoho',
  protocol: 'oauth2',
  docs: 'https://www.zoho.com/accounts/protocol/oauth/web-server-applications.html',
  // The authorization endpoint ({accounts}/oauth/v2/auth) is confirmed in https://www.zoho.com/accounts/protocol/oauth/web-apps/authorization.html.
  facts: {
    sources: {
      endpoints: {
        url: 'https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token.html',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://www.zoho.com/accounts/protocol/oauth/web-apps/access-token.html',
        checked: '2026-12-05',
      },
      scopeSeparator: { url: 'https://www.zoho.com/inventory/api/v1/oauth/', checked: '2026-12-05' },
      refresh: {
        url: 'https://www.zoho.com/accounts/protocol/oauth/web-apps/authorization.html',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://www.zoho.com/accounts/protocol/oauth/revoke-refresh-token.html',
        checked: '2026-12-05',
      },
      // API calls carry `Authorization: Zoho-oauthtoken <token>` (or `Bearer <token>`).
      apiAuth: {
        url: 'https://www.zoho.com/accounts/protocol/oauth/use-access-token.html',
        checked: '2026-12-05',
      },
    },
    unverified: ['pkce'],
  },
  authorizationUrl: 'https://accounts.zoho.com/oauth/v2/auth',
  tokenUrl: 'https://accounts.zoho.com/oauth/v2/token',
  // {accounts}/oauth/v2/token/revoke?token=… (https://www.zoho.com/accounts/protocol/oauth/revoke-refresh-token.html,
  // checked 2026-12-05): the token goes in the query string.
  revocationUrl: 'https://accounts.zoho.com/oauth/v2/token/revoke',
  apiBaseUrl: 'https://www.zohoapis.com/',
  defaultScope: ['ZohoCRM.users.READ'],
  refresh: true,
  offline: { params: { access_type: 'offline' } },
  clientAuth: 'client_secret_post',
  quirks: { authorizationScheme: 'Zoho-oauthtoken', scopeSeparator: ',', revocationParams: 'query' },
  options: ['region', 'offline', 'prompt'],
} as const satisfies OAuth2Preset

/** Zoho data centres, by the domain suffix of their API hosts (`ae` is the UAE, `ca` Canada). */
export type ZohoRegion = 'com' | 'eu' | 'in' | 'com.au' | 'jp' | 'ca' | 'sa' | 'uk' | 'com.cn' | 'ae'

/**
 * Each data centre's accounts host. Canada's is the odd one out (`zohocloud.ca`, its API `zohoapis.ca`).
 * Checked 2026-12-05 against https://www.zoho.com/accounts/protocol/oauth/multi-dc.html,
 * https://www.zoho.com/crm/developer/docs/api/v8/multi-dc.html and, for the UAE,
 * https://www.zoho.com/workdrive/developer/docs/api/v1/getting-started-multi-dc-support.html.
 */
const ACCOUNTS_HOSTS: Readonly<Record<ZohoRegion, string>> = {
  com: 'accounts.zoho.com',
  eu: 'accounts.zoho.eu',
  in: 'accounts.zoho.in',
  'com.au': 'accounts.zoho.com.au',
  jp: 'accounts.zoho.jp',
  ca: 'accounts.zohocloud.ca',
  sa: 'accounts.zoho.sa',
  uk: 'accounts.zoho.uk',
  'com.cn': 'accounts.zoho.com.cn',
  ae: 'accounts.zoho.ae',
}

const REGIONS = Object.keys(ACCOUNTS_HOSTS) as ZohoRegion[]

/** Options of {@link makeZohoBlueprint}. */
export interface ZohoBlueprintOptions extends OAuth2PresetOptions {
  /** The data centre (default `com`, the US): its accounts server and `www.zohoapis.<region>`. */
  region?: ZohoRegion
  /** `consent` asks for consent again (a new refresh token). */
  prompt?: 'consent'
}

/**
 * Makes a Zoho blueprint. Credentials default to `ZOHO_OAUTH_CLIENT_ID` / `ZOHO_OAUTH_CLIENT_SECRET`.
 */
export function makeZohoBlueprint(options: ZohoBlueprintOptions = {}): OAuth2Blueprint {
  const { region = 'com', prompt, ...rest } = options
  const dc = checkedChoice('zoho', 'region', region, REGIONS)
  const accounts = `https://${ACCOUNTS_HOSTS[dc]}`
  return blueprintFromPreset(
    { ...zohoPreset, apiBaseUrl: `https://www.zohoapis.${dc}/` },
    {
      authorizationUrl: `${accounts}/oauth/v2/auth`,
      tokenUrl: `${accounts}/oauth/v2/token`,
      revocationUrl: `${accounts}/oauth/v2/token/revoke`,
      ...rest,
      authorizationParams: {
        // Zoho defaults to online; saying so keeps the request explicit either way.
        access_type: rest.offline ? 'offline' : 'online',
        ...(prompt && { prompt }),
        ...rest.authorizationParams,
      },
    },
  )
}

/** The request-scoped Zoho client: `await zoho.get('crm/v8/users', { query: { type: 'CurrentUser' } })`. */
export const zoho = scopedClient('zoho')
