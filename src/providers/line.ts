/**
 * LINE Login v2.1. The token endpoint takes the channel id and secret as parameters; with `openid` it
 * returns an ID token this OAuth 2 preset keeps unvalidated. Access tokens last 30 days and are refreshed.
 * Logging out revokes the access token at `oauth2/v2.1/revoke`, which reads it as `access_token`.
 *
 * @see [LINE Developers - Integrating LINE Login with your web app](https://developers.line.biz/en/docs/line-login/integrate-line-login/)
 * @see [LINE Developers - LINE Login API reference](https://developers.line.biz/en/reference/line-login/)
 * @see [LINE Developers - Logging out users](https://developers.line.biz/en/docs/social-api/logging-out-users/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The LINE preset. */
export const linePreset = {
  id: 'line',
  title: 'LINE',
  protocol: 'oauth2',
  docs: 'https://developers.line.biz/en/docs/line-login/integrate-line-login/',
  facts: {
    sources: {
      endpoints: {
        url: 'https://developers.line.biz/ja/docs/line-login/integrate-line-login/',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://developers.line.biz/ja/docs/line-login/integrate-line-login/',
        checked: '2026-12-05',
      },
      pkce: {
        url: 'https://developers.line.biz/ja/docs/line-login/integrate-line-login/',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://developers.line.biz/ja/docs/line-login/integrate-line-login/',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://developers.line.biz/ja/docs/line-login/integrate-line-login/',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://developers.line.biz/en/docs/social-api/logging-out-users/',
        checked: '2026-12-05',
      },
      apiAuth: {
        url: 'https://developers.line.biz/en/docs/line-login/managing-users/',
        checked: '2026-12-05',
      },
    },
  },
  authorizationUrl: 'https://access.line.me/oauth2/v2.1/authorize',
  tokenUrl: 'https://api.line.me/oauth2/v2.1/token',
  // The logout endpoint takes the access token as `access_token`, with the channel id and secret
  // in the same form body (https://developers.line.biz/en/docs/social-api/logging-out-users/).
  revocationUrl: 'https://api.line.me/oauth2/v2.1/revoke',
  apiBaseUrl: 'https://api.line.me/v2/',
  defaultScope: ['profile'],
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: {
    unvalidatedIdToken: true,
    revocationTokenParameter: 'access_token',
    revokedToken: 'access_token',
  },
  options: ['botPrompt', 'prompt'],
} as const satisfies OAuth2Preset

/** Options of {@link makeLineBlueprint}. */
export interface LineBlueprintOptions extends OAuth2PresetOptions {
  /** Offer to add the channel's LINE Official Account as a friend (`bot_prompt`). */
  botPrompt?: 'normal' | 'aggressive'
  /** `consent` shows the consent screen again. */
  prompt?: 'consent'
}

/**
 * Makes a LINE blueprint. Credentials (channel id and secret) default to `LINE_OAUTH_CLIENT_ID` /
 * `LINE_OAUTH_CLIENT_SECRET`.
 */
export function makeLineBlueprint(options: LineBlueprintOptions = {}): OAuth2Blueprint {
  const { botPrompt, prompt, ...rest } = options
  return blueprintFromPreset(linePreset, {
    ...rest,
    authorizationParams: {
      ...(botPrompt && { bot_prompt: botPrompt }),
      ...(prompt && { prompt }),
      ...rest.authorizationParams,
    },
  })
}

/** The request-scoped LINE client: `await line.get('profile')`. */
export const line = scopedClient('line')
