/**
 * DigitalOcean. The token endpoint takes the client id and secret as parameters and answers with the
 * account (`info`) alongside the token; tokens last 30 days and are refreshed. Revocation takes the access
 * token both as `token` and as the bearer header, and no client credentials.
 *
 * @see [DigitalOcean API - OAuth](https://docs.digitalocean.com/reference/api/oauth/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The DigitalOcean preset. */
export const digitaloceanPreset = {
  id: 'digitalocean',
  title: 'DigitalOcean',
  protocol: 'oauth2',
  docs: 'https://docs.digitalocean.com/reference/api/oauth/',
  facts: {
    sources: {
      endpoints: { url: 'https://docs.digitalocean.com/documentation/oauth', checked: '2026-12-05' },
      refresh: { url: 'https://docs.digitalocean.com/documentation/oauth', checked: '2026-12-05' },
      pkce: { url: 'https://docs.digitalocean.com/documentation/oauth', checked: '2026-12-05' },
      // The OAuth reference lists `/revoke` as revoking an access token; DigitalOcean's own doctl shows
      // the request: `token` in a form body, the same token as the bearer header, no client credentials.
      revocation: {
        url: 'https://github.com/digitalocean/doctl/blob/98d7796bb116f5695e1029ea89e49792d6c3c908/do/registry.go',
        checked: '2026-12-05',
      },
    },
    unverified: ['clientAuth', 'scopeSeparator', 'apiAuth'],
  },
  authorizationUrl: 'https://cloud.digitalocean.com/v1/oauth/authorize',
  tokenUrl: 'https://cloud.digitalocean.com/v1/oauth/token',
  // Revokes the access token (https://docs.digitalocean.com/reference/api/oauth/, checked 2026-12-05).
  revocationUrl: 'https://cloud.digitalocean.com/v1/oauth/revoke',
  apiBaseUrl: 'https://api.digitalocean.com/v2/',
  // Scopes are space-separated (the default): the stored copy of the OAuth reference
  // (https://docs.digitalocean.com/reference/api/oauth/, checked 2026-12-05) is cut before the scope
  // parameter; python-social-auth's and allauth's DigitalOcean docs both request `read write`.
  defaultScope: ['read'],
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: { revokedToken: 'access_token', revocationClientAuth: 'bearer' },
} as const satisfies OAuth2Preset

/**
 * Makes a DigitalOcean blueprint. Credentials default to `DIGITALOCEAN_OAUTH_CLIENT_ID` /
 * `DIGITALOCEAN_OAUTH_CLIENT_SECRET`.
 */
export function makeDigitaloceanBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(digitaloceanPreset, options)
}

/** The request-scoped DigitalOcean client: `await digitalocean.get('account')`. */
export const digitalocean = scopedClient('digitalocean')
