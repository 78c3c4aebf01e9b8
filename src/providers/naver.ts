/**
 * Naver Login. The token endpoint takes the client id and secret as parameters, answers errors with
 * HTTP 200 and `expires_in` as a string; the profile API is at `openapi.naver.com/v1/nid/me`; tokens are
 * revoked at `/oauth2.0/revoke` (RFC 7009, either token kind, the pair goes together).
 *
 * @see [NAVER Developers - Naver Login developer guide](https://developers.naver.com/docs/login/devguide/devguide.md)
 * @see [NAVER Developers - Member profile API](https://developers.naver.com/docs/login/profile/profile.md)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Naver preset. */
export const naverPreset = {
  id: 'naver',
  title: 'Naver',
  protocol: 'oauth2',
  docs: 'https://developers.naver.com/docs/login/devguide/devguide.md',
  facts: {
    sources: {
      endpoints: {
        url: 'https://developers.naver.com/docs/login/devguide/devguide.md',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://developers.naver.com/docs/login/devguide/devguide.md',
        checked: '2026-12-05',
      },
      refresh: { url: 'https://developers.naver.com/docs/login/devguide/devguide.md', checked: '2026-12-05' },
      revocation: {
        url: 'https://developers.naver.com/docs/login/devguide/devguide.md',
        checked: '2026-12-05',
      },
      apiAuth: { url: 'https://developers.naver.com/docs/login/devguide/devguide.md', checked: '2026-12-05' },
    },
    silent: {
      facts: ['pkce', 'scopeSeparator'],
      note: 'The guide lists no scope parameter and no code_challenge for the /oauth2.0/ endpoints the preset uses (PKCE appears only on the separate OIDC endpoints, scopes are chosen in the developer center); the preset sends no default scope and an S256 challenge that such a server ignores.',
    },
  },
  authorizationUrl: 'https://nid.naver.com/oauth2.0/authorize',
  tokenUrl: 'https://nid.naver.com/oauth2.0/token',
  revocationUrl: 'https://nid.naver.com/oauth2.0/revoke',
  apiBaseUrl: 'https://openapi.naver.com/',
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: { errorsWithStatus200: true },
} as const satisfies OAuth2Preset

/**
 * Makes a Naver blueprint. Credentials default to `NAVER_OAUTH_CLIENT_ID` / `NAVER_OAUTH_CLIENT_SECRET`.
 */
export function makeNaverBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(naverPreset, options)
}

/** The request-scoped Naver client: `await naver.get('v1/nid/me')`. */
export const naver = scopedClient('naver')
