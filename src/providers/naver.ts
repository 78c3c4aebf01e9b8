/**
 * Naver Login. The token endpoint takes the client id and secret as parameters, answers errors with
 * HTTP 200 and `expires_in` as a string; the profile API is at `openapi.naver.com/v1/nid/me`.
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
    sources: {},
    unverified: ['endpoints', 'clientAuth', 'pkce', 'scopeSeparator', 'refresh', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://nid.naver.com/oauth2.0/authorize',
  tokenUrl: 'https://nid.naver.com/oauth2.0/token',
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
