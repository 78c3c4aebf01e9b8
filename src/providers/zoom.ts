/**
 * Zoom (user-managed OAuth apps). The token endpoint wants HTTP Basic client authentication; access
 * tokens last an hour and refresh tokens rotate. The access token is revoked at `oauth/revoke` (HTTP Basic,
 * a form body with `token`), as Zoom's own user-level OAuth starter app does.
 *
 * @see [Zoom Developer - OAuth for user-authorized apps](https://developers.zoom.us/docs/integrations/oauth/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Zoom preset. */
export const zoomPreset = {
  id: 'zoom',
  title: 'Zoom',
  protocol: 'oauth2',
  docs: 'https://developers.zoom.us/docs/integrations/oauth/',
  facts: {
    sources: {
      refresh: { url: 'https://developers.zoom.us/docs/rooms/oauth/', checked: '2026-12-05' },
      endpoints: { url: 'https://developers.zoom.us/docs/rooms/oauth/', checked: '2026-12-05' },
      clientAuth: { url: 'https://developers.zoom.us/docs/rooms/oauth/', checked: '2026-12-05' },
      pkce: {
        url: 'https://developers.zoom.us/blog/pcke-oauth-with-postman-rest-api/',
        checked: '2026-12-05',
      },
      // Zoom's user-level OAuth starter app: revocation posts `token` (the access token) to
      // https://zoom.us/oauth/revoke with HTTP Basic; API calls carry `Authorization: Bearer <token>`.
      revocation: {
        url: 'https://github.com/zoom/user-level-oauth-starter/blob/main/zoomUtils.js',
        checked: '2026-12-05',
      },
      apiAuth: {
        url: 'https://github.com/zoom/user-level-oauth-starter/blob/main/middlewares/withCurrentUser.js',
        checked: '2026-12-05',
      },
    },
    unverified: ['scopeSeparator'],
  },
  authorizationUrl: 'https://zoom.us/oauth/authorize',
  tokenUrl: 'https://zoom.us/oauth/token',
  revocationUrl: 'https://zoom.us/oauth/revoke',
  apiBaseUrl: 'https://api.zoom.us/v2/',
  refresh: true,
  clientAuth: 'client_secret_basic',
  quirks: { revokedToken: 'access_token' },
} as const satisfies OAuth2Preset

/**
 * Makes a Zoom blueprint. Credentials default to `ZOOM_OAUTH_CLIENT_ID` / `ZOOM_OAUTH_CLIENT_SECRET`.
 */
export function makeZoomBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(zoomPreset, options)
}

/** The request-scoped Zoom client: `await zoom.get('users/me')`. */
export const zoom = scopedClient('zoom')
