/**
 * Kakao Login. The token endpoint takes the REST API key as `client_id` and the (optional, but
 * recommended) client secret as parameters; access tokens last hours and refresh tokens months.
 *
 * @see [Kakao Developers - Kakao Login: REST API](https://developers.kakao.com/docs/latest/en/kakaologin/rest-api)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Kakao preset. */
export const kakaoPreset = {
  id: 'kakao',
  title: 'Kakao',
  protocol: 'oauth2',
  docs: 'https://developers.kakao.com/docs/latest/en/kakaologin/rest-api',
  // Kakao's own Flutter SDK sends a PKCE code_verifier with the code and refreshes with the
  // refresh_token grant at kauth's oauth/token.
  facts: {
    sources: {
      pkce: {
        url: 'https://github.com/kakao/kakao_flutter_sdk/blob/HEAD/packages/kakao_flutter_sdk_auth/lib/src/auth_api.dart',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://github.com/kakao/kakao_flutter_sdk/blob/HEAD/packages/kakao_flutter_sdk_auth/lib/src/auth_api.dart',
        checked: '2026-12-05',
      },
      // Both of Kakao's own SDKs join the requested scopes with a space (Flutter's auth_code.dart,
      // iOS's AuthController.swift); the preset used to join them with commas.
      scopeSeparator: {
        url: 'https://github.com/kakao/kakao-ios-sdk/blob/081772ea5f0a88088723651ee4588a6b232b6522/Sources/KakaoSDKAuth/auth/AuthController.swift',
        checked: '2026-12-05',
      },
      // The Flutter SDK's hosts (kauth.kakao.com, kapi.kakao.com) and paths (/oauth/authorize,
      // /oauth/token in constants.dart).
      endpoints: {
        url: 'https://github.com/kakao/kakao_flutter_sdk/blob/0bba980d779e1c9b3e488d03e5e7da40f0a781ac/packages/kakao_flutter_sdk_common/lib/src/server_hosts.dart',
        checked: '2026-12-05',
      },
      // The Flutter SDK's interceptor adds `Authorization: Bearer <access token>` to kapi calls.
      apiAuth: {
        url: 'https://github.com/kakao/kakao_flutter_sdk/blob/07890d94e1a0caa35d6d13df2a25bba5036a0902/packages/kakao_flutter_sdk_auth/lib/src/access_token_interceptor.dart',
        checked: '2026-12-05',
      },
    },
    unverified: ['clientAuth', 'revocation'],
  },
  authorizationUrl: 'https://kauth.kakao.com/oauth/authorize',
  tokenUrl: 'https://kauth.kakao.com/oauth/token',
  apiBaseUrl: 'https://kapi.kakao.com/',
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: { unvalidatedIdToken: true },
  options: ['prompt'],
} as const satisfies OAuth2Preset

/** Options of {@link makeKakaoBlueprint}. */
export interface KakaoBlueprintOptions extends OAuth2PresetOptions {
  /** `login` forces a fresh login; `none` fails instead of showing a page; `select_account`, `create`. */
  prompt?: 'login' | 'none' | 'create' | 'select_account'
}

/**
 * Makes a Kakao blueprint. Credentials (REST API key and client secret) default to `KAKAO_OAUTH_CLIENT_ID` /
 * `KAKAO_OAUTH_CLIENT_SECRET`.
 */
export function makeKakaoBlueprint(options: KakaoBlueprintOptions = {}): OAuth2Blueprint {
  const { prompt, ...rest } = options
  return blueprintFromPreset(kakaoPreset, {
    ...rest,
    authorizationParams: { ...(prompt && { prompt }), ...rest.authorizationParams },
  })
}

/** The request-scoped Kakao client: `await kakao.get('v2/user/me')`. */
export const kakao = scopedClient('kakao')
