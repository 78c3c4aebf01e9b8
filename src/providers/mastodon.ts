/**
 * Mastodon, on any instance (`hostname`, default `mastodon.social`; register the app on that instance).
 * The token endpoint takes the client id and secret as parameters; tokens do not expire; revocation
 * follows RFC 7009.
 *
 * @see [Mastodon Docs - oauth API methods](https://docs.joinmastodon.org/methods/oauth/)
 * @see [Mastodon Docs - OAuth Scopes](https://docs.joinmastodon.org/api/oauth-scopes/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import { checkedHost } from './host.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Mastodon preset. */
export const mastodonPreset = {
  id: 'mastodon',
  title: 'Mastodon',
  protocol: 'oauth2',
  docs: 'https://docs.joinmastodon.org/methods/oauth/',
  facts: {
    sources: {
      endpoints: { url: 'https://docs.joinmastodon.org/methods/oauth/', checked: '2026-12-05' },
      clientAuth: { url: 'https://docs.joinmastodon.org/methods/oauth/', checked: '2026-12-05' },
      pkce: { url: 'https://docs.joinmastodon.org/methods/oauth/', checked: '2026-12-05' },
      scopeSeparator: { url: 'https://docs.joinmastodon.org/methods/oauth/', checked: '2026-12-05' },
      revocation: { url: 'https://docs.joinmastodon.org/methods/oauth/', checked: '2026-12-05' },
      apiAuth: { url: 'https://docs.joinmastodon.org/methods/oauth/', checked: '2026-12-05' },
    },
    silent: {
      facts: ['refresh'],
      note: 'The oauth methods show a token answer without a refresh_token and never mention refreshing; the preset asks for no refresh token (refresh: false).',
    },
  },
  authorizationUrl: 'https://mastodon.social/oauth/authorize',
  tokenUrl: 'https://mastodon.social/oauth/token',
  revocationUrl: 'https://mastodon.social/oauth/revoke',
  apiBaseUrl: 'https://mastodon.social/api/',
  defaultScope: ['read:accounts'],
  refresh: false,
  clientAuth: 'client_secret_post',
  options: ['hostname'],
} as const satisfies OAuth2Preset

/** Options of {@link makeMastodonBlueprint}. */
export interface MastodonBlueprintOptions extends OAuth2PresetOptions {
  /** The instance's host (`fosstodon.org`); default `mastodon.social`. */
  hostname?: string
}

/**
 * Makes a Mastodon blueprint. Credentials default to `MASTODON_OAUTH_CLIENT_ID` / `MASTODON_OAUTH_CLIENT_SECRET`.
 */
export function makeMastodonBlueprint(options: MastodonBlueprintOptions = {}): OAuth2Blueprint {
  const { hostname, ...rest } = options
  if (!hostname) return blueprintFromPreset(mastodonPreset, rest)
  const origin = `https://${checkedHost('mastodon', 'hostname', hostname)}`
  return blueprintFromPreset(
    { ...mastodonPreset, apiBaseUrl: `${origin}/api/` },
    {
      authorizationUrl: `${origin}/oauth/authorize`,
      tokenUrl: `${origin}/oauth/token`,
      revocationUrl: `${origin}/oauth/revoke`,
      ...rest,
    },
  )
}

/** The request-scoped Mastodon client: `await mastodon.get('v1/accounts/verify_credentials')`. */
export const mastodon = scopedClient('mastodon')
