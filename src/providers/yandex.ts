/**
 * Yandex ID. The token endpoint accepts HTTP Basic client authentication; API calls use the `OAuth`
 * authorization scheme (`Authorization: OAuth <token>`), as the Yandex ID API documents.
 *
 * @see [Yandex ID - Getting a token via a confirmation code](https://yandex.com/dev/id/doc/en/codes/code-url)
 * @see [Yandex ID - Getting user information](https://yandex.com/dev/id/doc/en/user-information)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Yandex preset. */
export const yandexPreset = {
  id: 'yandex',
  title: 'Yandex',
  protocol: 'oauth2',
  docs: 'https://yandex.com/dev/id/doc/en/codes/code-url',
  // No revocationUrl: Yandex OAuth lets an app revoke only tokens issued for a device (device_id);
  // for ordinary tokens it says to delete them locally (tokens/token-invalidate). The authorize URL is
  // on codes/code-url; the token URL, HTTP Basic or the secret in the body, and the new refresh token
  // each refresh returns are on tokens/refresh-client.
  facts: {
    sources: {
      pkce: { url: 'https://yandex.ru/dev/id/doc/en/codes/code-url', checked: '2026-12-05' },
      revocation: { url: 'https://yandex.com/dev/id/doc/en/tokens/token-invalidate', checked: '2026-12-05' },
      endpoints: { url: 'https://yandex.com/dev/id/doc/en/codes/code-url', checked: '2026-12-05' },
      clientAuth: { url: 'https://yandex.com/dev/id/doc/en/tokens/refresh-client', checked: '2026-12-05' },
      refresh: { url: 'https://yandex.com/dev/id/doc/en/tokens/refresh-client', checked: '2026-12-05' },
      rotation: { url: 'https://yandex.com/dev/id/doc/en/tokens/refresh-client', checked: '2026-12-05' },
      apiAuth: { url: 'https://yandex.ru/dev/id/doc/en/user-information', checked: '2026-12-05' },
    },
    unverified: ['scopeSeparator'],
  },
  authorizationUrl: 'https://oauth.yandex.com/authorize',
  tokenUrl: 'https://oauth.yandex.com/token',
  apiBaseUrl: 'https://login.yandex.ru/',
  refresh: true,
  clientAuth: 'client_secret_basic',
  quirks: { authorizationScheme: 'OAuth' },
  options: ['forceConfirm'],
} as const satisfies OAuth2Preset

/** Options of {@link makeYandexBlueprint}. */
export interface YandexBlueprintOptions extends OAuth2PresetOptions {
  /** Ask the user to confirm access even when granted before (`force_confirm=yes`). */
  forceConfirm?: boolean
}

/**
 * Makes a Yandex blueprint. Credentials default to `YANDEX_OAUTH_CLIENT_ID` / `YANDEX_OAUTH_CLIENT_SECRET`.
 */
export function makeYandexBlueprint(options: YandexBlueprintOptions = {}): OAuth2Blueprint {
  const { forceConfirm, ...rest } = options
  return blueprintFromPreset(yandexPreset, {
    ...rest,
    authorizationParams: { ...(forceConfirm && { force_confirm: 'yes' }), ...rest.authorizationParams },
  })
}

/** The request-scoped Yandex client: `await yandex.get('info', { query: { format: 'json' } })`. */
export const yandex = scopedClient('yandex')
