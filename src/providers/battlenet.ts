/**
 * Battle.net (Blizzard). The token endpoint wants HTTP Basic client authentication; there are no
 * refresh tokens. With `openid` (the default) an ID token comes back, kept unvalidated; the account
 * is at `oauth.battle.net/userinfo`. Game APIs live on regional hosts (option `region`).
 *
 * @see [Battle.net Developer Portal - Authorization Code Flow](https://community.developer.battle.net/documentation/guides/using-oauth/authorization-code-flow)
 * @see [Battle.net Developer Portal - Regionality and APIs](https://community.developer.battle.net/documentation/guides/regionality-and-apis)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import { checkedChoice } from './host.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Battle.net preset. */
export const battlenetPreset = {
  id: 'battlenet',
  title: 'Battle.net',
  protocol: 'oauth2',
  docs: 'https://community.developer.battle.net/documentation/guides/using-oauth/authorization-code-flow',
  facts: {
    sources: {},
    unverified: ['endpoints', 'clientAuth', 'pkce', 'scopeSeparator', 'refresh', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://oauth.battle.net/authorize',
  tokenUrl: 'https://oauth.battle.net/token',
  userinfoUrl: 'https://oauth.battle.net/userinfo',
  apiBaseUrl: 'https://us.api.blizzard.com/',
  defaultScope: ['openid'],
  refresh: false,
  clientAuth: 'client_secret_basic',
  quirks: { unvalidatedIdToken: true },
  options: ['region'],
} as const satisfies OAuth2Preset

/** Options of {@link makeBattlenetBlueprint}. */
export interface BattlenetBlueprintOptions extends OAuth2PresetOptions {
  /** The API region: `us` (default), `eu`, `kr`, `tw`, or `cn` (which also moves the OAuth host). */
  region?: 'us' | 'eu' | 'kr' | 'tw' | 'cn'
}

/**
 * Makes a Battle.net blueprint. Credentials default to `BATTLENET_OAUTH_CLIENT_ID` / `BATTLENET_OAUTH_CLIENT_SECRET`.
 * The client may also call the OAuth host's `userinfo` by absolute URL.
 */
export function makeBattlenetBlueprint(options: BattlenetBlueprintOptions = {}): OAuth2Blueprint {
  const { region = 'us', ...rest } = options
  const r = checkedChoice('battlenet', 'region', region, ['us', 'eu', 'kr', 'tw', 'cn'])
  const oauthOrigin = r === 'cn' ? 'https://oauth.battlenet.com.cn' : 'https://oauth.battle.net'
  return blueprintFromPreset(
    {
      ...battlenetPreset,
      apiBaseUrl: r === 'cn' ? 'https://gateway.battlenet.com.cn/' : `https://${r}.api.blizzard.com/`,
    },
    {
      authorizationUrl: `${oauthOrigin}/authorize`,
      tokenUrl: `${oauthOrigin}/token`,
      userinfoUrl: `${oauthOrigin}/userinfo`,
      allowedApiOrigins: [oauthOrigin],
      ...rest,
    },
  )
}

/** The request-scoped Battle.net client: `await battlenet.get('https://oauth.battle.net/userinfo')`. */
export const battlenet = scopedClient('battlenet')
