/**
 * Calendly (API v2). Codes are exchanged at `auth.calendly.com` with HTTP Basic client authentication;
 * access tokens last two hours and refresh tokens are single-use (each refresh rotates them). The
 * revocation endpoint takes the client id and secret in the form body instead, which the preset
 * states as the `revocationClientAuth` quirk.
 *
 * @see [Calendly - Creating an OAuth App](https://developer.calendly.com/how-to-access-calendly-data-on-behalf-of-authenticated-users)
 * @see [Calendly - Get Access Token](https://developer.calendly.com/api-docs/calendly-o-auth/o-auth/post-oauth-refresh-token)
 * @see [Calendly - Revoke Access/Refresh Token](https://developer.calendly.com/api-docs/calendly-o-auth/o-auth/post-oauth-revoke)
 * @see [Calendly - How to handle single-use refresh tokens](https://developer.calendly.com/refresh-token-rotation-guide)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const GUIDE = 'https://developer.calendly.com/how-to-access-calendly-data-on-behalf-of-authenticated-users'
const TOKEN = 'https://developer.calendly.com/api-docs/calendly-o-auth/o-auth/post-oauth-refresh-token'
const CHECKED = '2026-12-05'

/** The Calendly preset. */
export const calendlyPreset = {
  id: 'calendly',
  title: 'Calendly',
  protocol: 'oauth2',
  docs: GUIDE,
  facts: {
    sources: {
      endpoints: { url: TOKEN, checked: CHECKED },
      // "Web clients: pass client_id and client_secret via Basic HTTP Authorization header".
      clientAuth: { url: TOKEN, checked: CHECKED },
      refresh: { url: GUIDE, checked: CHECKED },
      rotation: { url: 'https://developer.calendly.com/refresh-token-rotation-guide', checked: CHECKED },
      // client_id, client_secret and token in a form body.
      revocation: {
        url: 'https://developer.calendly.com/api-docs/calendly-o-auth/o-auth/post-oauth-revoke',
        checked: CHECKED,
      },
      // Bearer token; `users/me` is the caller (`uuid` may be the constant "me"), scope `users:read`.
      apiAuth: {
        url: 'https://developer.calendly.com/api-docs/calendly-api/users/get-user',
        checked: CHECKED,
      },
    },
    silent: {
      facts: ['pkce', 'scopeSeparator'],
      note: 'The pages read do not say whether web clients may send PKCE (native clients use it) nor how scopes are separated; the preset sends S256 PKCE, which a server ignoring it accepts, and joins scopes with spaces as RFC 6749 does.',
    },
  },
  authorizationUrl: 'https://auth.calendly.com/oauth/authorize',
  tokenUrl: 'https://auth.calendly.com/oauth/token',
  revocationUrl: 'https://auth.calendly.com/oauth/revoke',
  apiBaseUrl: 'https://api.calendly.com/',
  defaultScope: ['users:read'],
  refresh: true,
  clientAuth: 'client_secret_basic',
  quirks: { revocationClientAuth: 'client_secret_post' },
} as const satisfies OAuth2Preset

/**
 * Makes a Calendly blueprint. Credentials default to `CALENDLY_OAUTH_CLIENT_ID` /
 * `CALENDLY_OAUTH_CLIENT_SECRET`.
 */
export function makeCalendlyBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(calendlyPreset, options)
}

/** The request-scoped Calendly client: `await calendly.get('users/me')`. */
export const calendly = scopedClient('calendly')
