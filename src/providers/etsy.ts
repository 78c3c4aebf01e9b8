/**
 * Etsy Open API v3. PKCE is required and the app is a public client: the token request carries the
 * client id (the app's keystring) and no secret. Every API call must also carry the keystring in
 * `x-api-key`. Access tokens last an hour and are refreshed.
 *
 * @see https://developers.etsy.com/documentation/essentials/authentication
 */
import { scopedClient } from '../client/api-client.js'
import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Etsy preset. */
export const etsyPreset = {
  id: 'etsy',
  title: 'Etsy',
  protocol: 'oauth2',
  docs: 'https://developers.etsy.com/documentation/essentials/authentication',
  authorizationUrl: 'https://www.etsy.com/oauth/connect',
  tokenUrl: 'https://api.etsy.com/v3/public/oauth/token',
  apiBaseUrl: 'https://api.etsy.com/v3/application/',
  defaultScope: ['email_r'],
  refresh: true,
  clientAuth: 'none',
  quirks: { clientIdHeader: 'x-api-key' },
} as const satisfies OAuth2Preset

/**
 * Makes an Etsy blueprint. The keystring defaults to `ETSY_OAUTH_CLIENT_ID`; no secret is needed.
 * @see https://developers.etsy.com/documentation/essentials/authentication
 */
export function makeEtsyBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(etsyPreset, options)
}

/** The request-scoped Etsy client: `await etsy.get('users/me')`. */
export const etsy = scopedClient('etsy')
