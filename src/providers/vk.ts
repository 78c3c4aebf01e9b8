/**
 * VK ID (OAuth 2.1 at `id.vk.com`, the successor of `oauth.vk.com`). PKCE is required and the app is a
 * public client (no secret). The callback carries a `device_id` next to the code; VK ID's token
 * endpoint (`oauth2/auth`, for codes and refreshes alike) wants it back with the `state`, so the preset
 * names both in the `callbackTokenParams` quirk: they go with the code exchange, stay in the token and
 * go again with each refresh. Revocation is VK ID's logout, which reads the token as `access_token`.
 * API methods live at `api.vk.com/method/<name>` and need the API version: pass `v` in each call's query
 * (`await vk.get('users.get', { query: { v: '5.199' } })`).
 *
 * @see [VK ID - Справочник методов API](https://id.vk.com/about/business/go/docs/ru/vkid/latest/vk-id/connection/api-integration/api-description)
 * @see [VK ID - Как получить и обработать данные](https://id.vk.ru/about/faq/business/vkid/authorization/30011)
 * @see [VK ID Web SDK - auth.ts (exchangeCode, refreshToken, logout)](https://github.com/VKCOM/vkid-web-sdk/blob/master/src/auth/auth.ts)
 * @see [VK API - Формат запросов](https://dev.vk.com/ru/api/api-requests)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const API_DESCRIPTION =
  'https://id.vk.com/about/business/go/docs/ru/vkid/latest/vk-id/connection/api-integration/api-description'
const SDK = 'https://github.com/VKCOM/vkid-web-sdk/blob/master/src/auth/auth.ts'
const API_REQUESTS = 'https://dev.vk.com/ru/api/api-requests'
const CHECKED = '2026-12-05'

/** The VK ID preset. */
export const vkPreset = {
  id: 'vk',
  title: 'VK ID',
  protocol: 'oauth2',
  docs: API_DESCRIPTION,
  facts: {
    sources: {
      // The authorization endpoint and its parameters; the token endpoint (`id.vk.com/oauth2/auth`,
      // grant_type=authorization_code) and the callback's device_id are in the FAQ and the SDK.
      endpoints: { url: 'https://id.vk.ru/about/faq/business/vkid/authorization/30011', checked: CHECKED },
      // "Параметр обязателен для обмена кода на токен" (code_challenge).
      pkce: { url: API_DESCRIPTION, checked: CHECKED },
      // scope=email%20phone.
      scopeSeparator: { url: API_DESCRIPTION, checked: CHECKED },
      // VK's own SDK exchanges and refreshes with client_id, code_verifier, device_id and state, no secret.
      clientAuth: { url: SDK, checked: CHECKED },
      refresh: { url: SDK, checked: CHECKED },
      // oauth2/logout with client_id and access_token.
      revocation: { url: SDK, checked: CHECKED },
      // Authorization: Bearer <key>; `v` is mandatory on every method call.
      apiAuth: { url: API_REQUESTS, checked: CHECKED },
      apiVersion: { url: API_REQUESTS, checked: CHECKED },
    },
    silent: {
      facts: ['rotation'],
      note: "Whether a refresh returns a new refresh token (and retires the old one) is unsaid; the preset keeps whichever the answer carries. The SDK sends client_id and the grant parameters in the query and only the code in the body; the method reference says tokens go in a form body, which the preset uses for all of them. The reference spells the PKCE method s256, VK's Android guide S256; the preset sends S256 (RFC 7636).",
    },
  },
  authorizationUrl: 'https://id.vk.com/authorize',
  tokenUrl: 'https://id.vk.com/oauth2/auth',
  revocationUrl: 'https://id.vk.com/oauth2/logout',
  apiBaseUrl: 'https://api.vk.com/method/',
  // The minimum VK ID grants when no scope is asked for.
  defaultScope: ['vkid.personal_info'],
  refresh: true,
  clientAuth: 'none',
  quirks: {
    callbackTokenParams: ['device_id', 'state'],
    revocationTokenParameter: 'access_token',
    revokedToken: 'access_token',
    // VK ID returns an id_token without a discovery document to check it against.
    unvalidatedIdToken: true,
  },
} as const satisfies OAuth2Preset

/** Makes a VK ID blueprint. The client id defaults to `VK_OAUTH_CLIENT_ID`; VK ID apps have no secret here. */
export function makeVkBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(vkPreset, options)
}

/** The request-scoped VK client: `await vk.get('users.get', { query: { v: '5.199' } })`. */
export const vk = scopedClient('vk')
