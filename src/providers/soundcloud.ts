/**
 * SoundCloud. Authorization requires PKCE (S256); the token endpoint takes the client id and secret as
 * parameters; API calls use the `OAuth` authorization scheme (`Authorization: OAuth <token>`).
 * Access tokens expire and are refreshed.
 *
 * @see [SoundCloud API Guide - Authentication](https://developers.soundcloud.com/docs/api/guide#authentication)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The SoundCloud preset. */
export const soundcloudPreset = {
  id: 'soundcloud',
  title: 'SoundCloud',
  protocol: 'oauth2',
  docs: 'https://developers.soundcloud.com/docs/api/guide#authentication',
  // SoundCloud's own API repository states these in its authentication notes: the two endpoints,
  // PKCE (S256), the secret as a refresh parameter, and single-use refresh tokens.
  facts: {
    sources: {
      endpoints: {
        url: 'https://github.com/soundcloud/api/blob/HEAD/.cursor/skills/soundcloud-api-auth/SKILL.md',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://github.com/soundcloud/api/blob/HEAD/.cursor/skills/soundcloud-api-auth/SKILL.md',
        checked: '2026-12-05',
      },
      pkce: {
        url: 'https://github.com/soundcloud/api/blob/HEAD/.cursor/skills/soundcloud-api-auth/SKILL.md',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://github.com/soundcloud/api/blob/HEAD/.cursor/skills/soundcloud-api-auth/SKILL.md',
        checked: '2026-12-05',
      },
      rotation: {
        url: 'https://github.com/soundcloud/api/blob/HEAD/.cursor/skills/soundcloud-api-auth/SKILL.md',
        checked: '2026-12-05',
      },
    },
    unverified: ['scopeSeparator', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://secure.soundcloud.com/authorize',
  tokenUrl: 'https://secure.soundcloud.com/oauth/token',
  apiBaseUrl: 'https://api.soundcloud.com/',
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: { authorizationScheme: 'OAuth' },
} as const satisfies OAuth2Preset

/**
 * Makes a SoundCloud blueprint. Credentials default to `SOUNDCLOUD_OAUTH_CLIENT_ID` / `SOUNDCLOUD_OAUTH_CLIENT_SECRET`.
 */
export function makeSoundcloudBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(soundcloudPreset, options)
}

/** The request-scoped SoundCloud client: `await soundcloud.get('me')`. */
export const soundcloud = scopedClient('soundcloud')
