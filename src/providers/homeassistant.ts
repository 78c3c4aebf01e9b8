/**
 * Home Assistant (self-hosted: `hostname`, or `HOMEASSISTANT_OAUTH_HOSTNAME`, required). Clients are
 * not registered: as in IndieAuth, the client id is the app's website (`clientId:
 * 'https://app.example.com'`), the redirect URI must share its host and port, and there is no secret.
 * Access tokens last 30 minutes; a refresh answer carries no new refresh token, so the old one stays.
 * Home Assistant revokes through its token endpoint (`action=revoke`), not RFC 7009, so logout does not
 * revoke. API calls carry the token as a Bearer header (`await homeassistant.get('api/config')`).
 *
 * @see [Home Assistant Developer Docs - Authentication API](https://github.com/home-assistant/developers.home-assistant/blob/master/docs/auth_api.md)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { envOf, fromEnv } from '../env.js'
import { DanceError } from '../errors.js'
import { blueprintFromPreset } from './define.js'
import { checkedHost } from './host.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const AUTH_API = 'https://github.com/home-assistant/developers.home-assistant/blob/master/docs/auth_api.md'
const CHECKED = '2026-12-05'

/** The Home Assistant preset; its URLs are for an example host: the factory replaces it. */
export const homeassistantPreset = {
  id: 'homeassistant',
  title: 'Home Assistant',
  protocol: 'oauth2',
  docs: AUTH_API,
  facts: {
    sources: {
      // /auth/authorize and POST /auth/token on the instance.
      endpoints: { url: AUTH_API, checked: CHECKED },
      // The token request body is grant_type, code and client_id: no secret.
      clientAuth: { url: AUTH_API, checked: CHECKED },
      // The refresh answer has access_token, expires_in and token_type only.
      refresh: { url: AUTH_API, checked: CHECKED },
      rotation: { url: AUTH_API, checked: CHECKED },
      // token=…&action=revoke on the token endpoint.
      revocation: { url: AUTH_API, checked: CHECKED },
      // "Authorization: Bearer ABCDEFGH".
      apiAuth: { url: AUTH_API, checked: CHECKED },
    },
    silent: {
      facts: ['pkce', 'scopeSeparator'],
      note: 'The page mentions neither PKCE nor scopes; the preset sends S256 PKCE, which Home Assistant presumably ignores, and no scope.',
    },
  },
  authorizationUrl: 'https://homeassistant.example.com/auth/authorize',
  tokenUrl: 'https://homeassistant.example.com/auth/token',
  apiBaseUrl: 'https://homeassistant.example.com/',
  refresh: true,
  clientAuth: 'none',
  options: ['hostname'],
} as const satisfies OAuth2Preset

/** Options of {@link makeHomeassistantBlueprint}. */
export interface HomeassistantBlueprintOptions extends OAuth2PresetOptions {
  /** The instance's host (`home.example.com:8123`); default `HOMEASSISTANT_OAUTH_HOSTNAME`. */
  hostname?: string
}

/**
 * Makes a Home Assistant blueprint for one instance. The client id (the app's website URL) defaults to
 * `HOMEASSISTANT_OAUTH_CLIENT_ID`; there is no secret.
 */
export function makeHomeassistantBlueprint(options: HomeassistantBlueprintOptions = {}): OAuth2Blueprint {
  const { hostname, ...rest } = options
  const found = fromEnv(hostname, rest.name ?? homeassistantPreset.id, 'HOSTNAME', envOf(rest.env))
  if (found === undefined) {
    throw new DanceError(
      'config_invalid',
      'homeassistant: `hostname` (or HOMEASSISTANT_OAUTH_HOSTNAME) must name the Home Assistant instance.',
      { provider: 'homeassistant' },
    )
  }
  const origin = `https://${checkedHost('homeassistant', 'hostname', found)}`
  return blueprintFromPreset(
    { ...homeassistantPreset, apiBaseUrl: `${origin}/` },
    { authorizationUrl: `${origin}/auth/authorize`, tokenUrl: `${origin}/auth/token`, ...rest },
  )
}

/** The request-scoped Home Assistant client: `await homeassistant.get('api/config')`. */
export const homeassistant = scopedClient('homeassistant')
