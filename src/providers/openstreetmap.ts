/**
 * OpenStreetMap (OAuth 2 on the main site; API 0.6). Tokens do not expire, so there is no refresh;
 * revocation follows RFC 7009. `sandbox: true` uses the development server.
 *
 * @see [OpenStreetMap Wiki - OAuth](https://wiki.openstreetmap.org/wiki/OAuth)
 * @see [OpenStreetMap Wiki - API v0.6](https://wiki.openstreetmap.org/wiki/API_v0.6)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The OpenStreetMap preset. */
export const openstreetmapPreset = {
  id: 'openstreetmap',
  title: 'OpenStreetMap',
  protocol: 'oauth2',
  docs: 'https://wiki.openstreetmap.org/wiki/OAuth',
  facts: {
    sources: {
      endpoints: { url: 'https://wiki.openstreetmap.org/wiki/OAuth', checked: '2026-12-05' },
      pkce: { url: 'https://wiki.openstreetmap.org/wiki/OAuth', checked: '2026-12-05' },
      refresh: { url: 'https://wiki.openstreetmap.org/wiki/OAuth', checked: '2026-12-05' },
      apiAuth: { url: 'https://wiki.openstreetmap.org/wiki/OAuth', checked: '2026-12-05' },
    },
    silent: {
      facts: ['clientAuth', 'scopeSeparator', 'revocation'],
      note: "The wiki's OAuth 2.0 section names the two endpoints, the grant types and the scopes, but not how the client authenticates, how scopes are joined or a revocation endpoint (it points to the RFC 8414 metadata instead). The preset assumes HTTP Basic, space-separated scopes and RFC 7009 revocation at /oauth2/revoke.",
    },
  },
  authorizationUrl: 'https://www.openstreetmap.org/oauth2/authorize',
  tokenUrl: 'https://www.openstreetmap.org/oauth2/token',
  revocationUrl: 'https://www.openstreetmap.org/oauth2/revoke',
  apiBaseUrl: 'https://api.openstreetmap.org/api/0.6/',
  defaultScope: ['read_prefs'],
  refresh: false,
  clientAuth: 'client_secret_basic',
  options: ['sandbox'],
} as const satisfies OAuth2Preset

/** Options of {@link makeOpenstreetmapBlueprint}. */
export interface OpenstreetmapBlueprintOptions extends OAuth2PresetOptions {
  /** Use the development server `master.apis.dev.openstreetmap.org`. */
  sandbox?: boolean
}

/**
 * Makes an OpenStreetMap blueprint. Credentials default to `OPENSTREETMAP_OAUTH_CLIENT_ID` /
 * `OPENSTREETMAP_OAUTH_CLIENT_SECRET`.
 */
export function makeOpenstreetmapBlueprint(options: OpenstreetmapBlueprintOptions = {}): OAuth2Blueprint {
  const { sandbox, ...rest } = options
  if (!sandbox) return blueprintFromPreset(openstreetmapPreset, rest)
  const origin = 'https://master.apis.dev.openstreetmap.org'
  return blueprintFromPreset(
    { ...openstreetmapPreset, apiBaseUrl: `${origin}/api/0.6/` },
    {
      authorizationUrl: `${origin}/oauth2/authorize`,
      tokenUrl: `${origin}/oauth2/token`,
      revocationUrl: `${origin}/oauth2/revoke`,
      ...rest,
    },
  )
}

/** The request-scoped OpenStreetMap client: `await openstreetmap.get('user/details.json')`. */
export const openstreetmap = scopedClient('openstreetmap')
