/**
 * osu! API v2. The token endpoint takes the client id and secret as parameters; access tokens last a
 * day and are refreshed.
 *
 * @see [osu! API - Authorization Code Grant](https://osu.ppy.sh/docs/index.html#authorization-code-grant)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The osu! preset. */
export const osuPreset = {
  id: 'osu',
  title: 'osu!',
  protocol: 'oauth2',
  docs: 'https://osu.ppy.sh/docs/index.html#authorization-code-grant',
  // Endpoints read in the page's source (ppy/osu-web resources/views/docs/auth.blade.php): the
  // authorize and Passport token routes, /oauth/authorize and /oauth/token. Revocation stays
  // unverified: the authentication section names none; the API reference's token deletion
  // (DELETE /api/v2/oauth/tokens/current) was not read.
  facts: {
    sources: {
      clientAuth: {
        url: 'https://osu.ppy.sh/docs/index.html#authorization-code-grant',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://osu.ppy.sh/docs/index.html#authorization-code-grant',
        checked: '2026-12-05',
      },
      refresh: { url: 'https://osu.ppy.sh/docs/index.html#authorization-code-grant', checked: '2026-12-05' },
      rotation: { url: 'https://osu.ppy.sh/docs/index.html#authorization-code-grant', checked: '2026-12-05' },
      apiAuth: { url: 'https://osu.ppy.sh/docs/index.html#authorization-code-grant', checked: '2026-12-05' },
      endpoints: {
        url: 'https://osu.ppy.sh/docs/index.html#authorization-code-grant',
        checked: '2026-12-05',
      },
    },
    silent: {
      facts: ['pkce'],
      note: 'The authorization code grant is documented without PKCE; the preset sends PKCE parameters and assumes osu! ignores them.',
    },
    unverified: ['revocation'],
  },
  authorizationUrl: 'https://osu.ppy.sh/oauth/authorize',
  tokenUrl: 'https://osu.ppy.sh/oauth/token',
  apiBaseUrl: 'https://osu.ppy.sh/api/v2/',
  defaultScope: ['identify'],
  refresh: true,
  clientAuth: 'client_secret_post',
} as const satisfies OAuth2Preset

/**
 * Makes an osu! blueprint. Credentials default to `OSU_OAUTH_CLIENT_ID` / `OSU_OAUTH_CLIENT_SECRET`.
 */
export function makeOsuBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(osuPreset, options)
}

/** The request-scoped osu! client: `await osu.get('me')`. */
export const osu = scopedClient('osu')
