/**
 * Twitch. The token endpoint takes the client id and secret as parameters and lists the granted scopes
 * as a JSON array; every Helix API call must carry the app's `Client-Id` header next to the bearer
 * token. Tokens are refreshed at `id.twitch.tv`, where the access token (not the refresh token) is revoked.
 *
 * @see [Twitch Developers - Revoking Access Tokens](https://dev.twitch.tv/docs/authentication/revoke-tokens/)
 *
 * @see [Twitch Developers - Getting OAuth Access Tokens: Authorization code grant flow](https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/#authorization-code-grant-flow)
 * @see [Twitch API - Get started](https://dev.twitch.tv/docs/api/get-started/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Twitch preset. */
export const twitchPreset = {
  id: 'twitch',
  title: 'Twitch',
  protocol: 'oauth2',
  docs: 'https://dev.twitch.tv/docs/authentication/getting-tokens-oauth/#authorization-code-grant-flow',
  facts: {
    sources: {
      revocation: { url: 'https://dev.twitch.tv/docs/authentication/revoke-tokens', checked: '2026-12-05' },
      endpoints: {
        url: 'https://dev.twitch.tv/docs/authentication/getting-tokens-oidc',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://dev.twitch.tv/docs/authentication/getting-tokens-oidc',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://dev.twitch.tv/docs/authentication/getting-tokens-oidc',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://dev.twitch.tv/docs/authentication/getting-tokens-oidc',
        checked: '2026-12-05',
      },
      // Twitch's own CLI sends every API request with `Client-ID` and `Authorization: Bearer <token>`.
      apiAuth: {
        url: 'https://github.com/twitchdev/twitch-cli/blob/main/internal/api/api_request.go',
        checked: '2026-12-05',
      },
    },
    unverified: ['pkce'],
  },
  authorizationUrl: 'https://id.twitch.tv/oauth2/authorize',
  tokenUrl: 'https://id.twitch.tv/oauth2/token',
  revocationUrl: 'https://id.twitch.tv/oauth2/revoke',
  apiBaseUrl: 'https://api.twitch.tv/helix/',
  defaultScope: ['user:read:email'],
  refresh: true,
  clientAuth: 'client_secret_post',
  // Twitch revokes access tokens only (https://dev.twitch.tv/docs/authentication/revoke-tokens/,
  // checked 2026-12-05): `token` is "the access token to revoke".
  quirks: { clientIdHeader: 'client-id', scopeListInTokenResponse: true, revokedToken: 'access_token' },
  options: ['forceVerify'],
} as const satisfies OAuth2Preset

/** Options of {@link makeTwitchBlueprint}. */
export interface TwitchBlueprintOptions extends OAuth2PresetOptions {
  /** Ask the user to re-verify even when they authorized the app before (`force_verify=true`). */
  forceVerify?: boolean
}

/**
 * Makes a Twitch blueprint. Credentials default to `TWITCH_OAUTH_CLIENT_ID` / `TWITCH_OAUTH_CLIENT_SECRET`.
 */
export function makeTwitchBlueprint(options: TwitchBlueprintOptions = {}): OAuth2Blueprint {
  const { forceVerify, ...rest } = options
  return blueprintFromPreset(twitchPreset, {
    ...rest,
    authorizationParams: { ...(forceVerify && { force_verify: 'true' }), ...rest.authorizationParams },
  })
}

/** The request-scoped Twitch Helix client: `await twitch.get('users')`. */
export const twitch = scopedClient('twitch')
