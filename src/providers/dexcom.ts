/**
 * Dexcom (continuous glucose monitoring) API v3. The `offline_access` scope is the default and yields a
 * refresh token; the client secret goes in the token request body. `sandbox: true` moves everything to
 * the sandbox host; `region` picks the EU or Japan servers.
 *
 * @see [Dexcom API - Authentication](https://developer.dexcom.com/docs/dexcomv3/authentication/)
 * @see [Dexcom API - Endpoint Overview](https://developer.dexcom.com/docs/dexcomv3/endpoint-overview/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import { checkedChoice } from './host.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Dexcom preset. */
export const dexcomPreset = {
  id: 'dexcom',
  title: 'Dexcom',
  protocol: 'oauth2',
  docs: 'https://developer.dexcom.com/docs/dexcomv3/authentication/',
  facts: {
    sources: {},
    unverified: ['endpoints', 'clientAuth', 'pkce', 'scopeSeparator', 'refresh', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://api.dexcom.com/v2/oauth2/login',
  tokenUrl: 'https://api.dexcom.com/v2/oauth2/token',
  apiBaseUrl: 'https://api.dexcom.com/v3/',
  defaultScope: ['offline_access'],
  refresh: true,
  clientAuth: 'client_secret_post',
  options: ['sandbox', 'region'],
} as const satisfies OAuth2Preset

/** Options of {@link makeDexcomBlueprint}. */
export interface DexcomBlueprintOptions extends OAuth2PresetOptions {
  /** Use the sandbox (`sandbox-api.dexcom.com`) with its test users. */
  sandbox?: boolean
  /** The production region: `us` (default), `eu` or `jp`. */
  region?: 'us' | 'eu' | 'jp'
}

const HOSTS = { us: 'api.dexcom.com', eu: 'api.dexcom.eu', jp: 'api.dexcom.jp' } as const

/**
 * Makes a Dexcom blueprint. Credentials default to `DEXCOM_OAUTH_CLIENT_ID` / `DEXCOM_OAUTH_CLIENT_SECRET`.
 */
export function makeDexcomBlueprint(options: DexcomBlueprintOptions = {}): OAuth2Blueprint {
  const { sandbox, region = 'us', ...rest } = options
  const host = sandbox
    ? 'sandbox-api.dexcom.com'
    : HOSTS[checkedChoice('dexcom', 'region', region, ['us', 'eu', 'jp'])]
  return blueprintFromPreset(
    { ...dexcomPreset, apiBaseUrl: `https://${host}/v3/` },
    {
      authorizationUrl: `https://${host}/v2/oauth2/login`,
      tokenUrl: `https://${host}/v2/oauth2/token`,
      ...rest,
    },
  )
}

/** The request-scoped Dexcom client: `await dexcom.get('users/self/dataRange')`. */
export const dexcom = scopedClient('dexcom')
