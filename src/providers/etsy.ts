/**
 * Etsy Open API v3. PKCE is required and the token request carries the client id (the app's
 * keystring) and no secret. Every API call must carry `x-api-key: <keystring>:<shared secret>` (the
 * shared secret became mandatory on 9 February 2026), so the factory needs the secret too. Access
 * tokens last an hour and are refreshed.
 *
 * @see [Etsy Open API v3 - Authentication](https://developers.etsy.com/documentation/essentials/authentication)
 * @see [Etsy Open API - discussion 1529](https://github.com/etsy/open-api/discussions/1529)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { envOf, requireFromEnv } from '../env.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Etsy preset. */
export const etsyPreset = {
  id: 'etsy',
  title: 'Etsy',
  protocol: 'oauth2',
  docs: 'https://developers.etsy.com/documentation/essentials/authentication',
  facts: {
    sources: {
      pkce: {
        url: 'https://developers.etsy.com/documentation/essentials/authentication/',
        checked: '2026-12-05',
      },
    },
    unverified: ['endpoints', 'clientAuth', 'scopeSeparator', 'refresh', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://www.etsy.com/oauth/connect',
  tokenUrl: 'https://api.etsy.com/v3/public/oauth/token',
  apiBaseUrl: 'https://api.etsy.com/v3/application/',
  defaultScope: ['email_r'],
  refresh: true,
  clientAuth: 'none',
} as const satisfies OAuth2Preset

/**
 * Makes an Etsy blueprint. The keystring and shared secret default to `ETSY_OAUTH_CLIENT_ID` /
 * `ETSY_OAUTH_CLIENT_SECRET`; the secret only ever goes into the API key header, never to the token endpoint.
 */
export function makeEtsyBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  const { clientSecret, ...rest } = options
  const name = rest.name ?? etsyPreset.id
  const env = envOf(rest.env)
  const keystring = requireFromEnv(rest.clientId, name, 'CLIENT_ID', env, 'clientId')
  const secret = requireFromEnv(clientSecret, name, 'CLIENT_SECRET', env, 'clientSecret')
  return blueprintFromPreset(etsyPreset, {
    ...rest,
    clientId: keystring,
    quirks: {
      ...rest.quirks,
      apiHeaders: { 'x-api-key': `${keystring}:${secret}`, ...rest.quirks?.apiHeaders },
    },
  })
}

/** The request-scoped Etsy client: `await etsy.get('users/me')`. */
export const etsy = scopedClient('etsy')
