/**
 * Discord. Standard authorization code grant with refresh and RFC 7009 revocation; the API is
 * versioned in the path (`/api/v10`).
 *
 * @see [Discord Developer Docs - OAuth2](https://discord.com/developers/docs/topics/oauth2)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Discord preset. */
export const discordPreset = {
  id: 'discord',
  title: 'Discord',
  protocol: 'oauth2',
  docs: 'https://discord.com/developers/docs/topics/oauth2',
  facts: {
    sources: {
      endpoints: { url: 'https://discord.com/developers/docs/topics/oauth2', checked: '2026-12-05' },
      clientAuth: { url: 'https://discord.com/developers/docs/topics/oauth2', checked: '2026-12-05' },
      scopeSeparator: { url: 'https://discord.com/developers/docs/topics/oauth2', checked: '2026-12-05' },
      refresh: { url: 'https://discord.com/developers/docs/topics/oauth2', checked: '2026-12-05' },
      revocation: { url: 'https://discord.com/developers/docs/topics/oauth2', checked: '2026-12-05' },
      apiAuth: { url: 'https://discord.com/developers/docs/topics/oauth2', checked: '2026-12-05' },
    },
    silent: {
      facts: ['pkce'],
      note: "Discord's OAuth2 page does not mention PKCE; the preset sends an S256 code challenge and verifier, as it does wherever PKCE is not ruled out.",
    },
  },
  authorizationUrl: 'https://discord.com/oauth2/authorize',
  tokenUrl: 'https://discord.com/api/oauth2/token',
  revocationUrl: 'https://discord.com/api/oauth2/token/revoke',
  apiBaseUrl: 'https://discord.com/api/v10/',
  defaultScope: ['identify'],
  refresh: true,
  clientAuth: 'client_secret_basic',
  options: ['prompt'],
} as const satisfies OAuth2Preset

/** Options of {@link makeDiscordBlueprint}. */
export interface DiscordBlueprintOptions extends OAuth2PresetOptions {
  /** `consent` asks again every time; `none` skips the screen for users who authorized before. */
  prompt?: 'consent' | 'none'
}

/**
 * Makes a Discord blueprint. Credentials default to `DISCORD_OAUTH_CLIENT_ID` / `DISCORD_OAUTH_CLIENT_SECRET`.
 */
export function makeDiscordBlueprint(options: DiscordBlueprintOptions = {}): OAuth2Blueprint {
  const { prompt, ...rest } = options
  return blueprintFromPreset(discordPreset, {
    ...rest,
    authorizationParams: { ...(prompt && { prompt }), ...rest.authorizationParams },
  })
}

/** The request-scoped Discord client: `await discord.get('users/@me')`. */
export const discord = scopedClient('discord')
