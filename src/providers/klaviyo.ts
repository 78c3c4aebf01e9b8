/**
 * Klaviyo. OAuth with PKCE (S256); tokens come from `a.klaviyo.com` (Klaviyo blocks token and
 * revocation traffic through www.klaviyo.com since 2025-03-31) with HTTP Basic client authentication,
 * and expire, with a refresh token. API calls carry the token as a Bearer header and the API revision
 * as a `revision` header: the preset sends `2026-10-15`, the revision Klaviyo's OAuth guides use; pin
 * your own with `quirks: { apiHeaders: { revision: '…' } }`.
 *
 * @see [Klaviyo - Make API calls using OAuth](https://developers.klaviyo.com/en/docs/set_up_oauth)
 * @see [Klaviyo Labs - OAuth migration demo](https://github.com/klaviyo-labs/oauth-migration-demo/blob/main/demo_oauth_flow.py)
 * @see [Klaviyo - Making API calls with OAuth](https://developers.klaviyo.com/.well-known/skills/klaviyo-migrate-oauth/references/api-calls.md)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const GUIDE = 'https://developers.klaviyo.com/en/docs/set_up_oauth'
const DEMO = 'https://github.com/klaviyo-labs/oauth-migration-demo/blob/main/demo_oauth_flow.py'
const API_CALLS =
  'https://developers.klaviyo.com/.well-known/skills/klaviyo-migrate-oauth/references/api-calls.md'
const CHECKED = '2026-12-05'

/** The API revision the preset sends by default (Klaviyo's OAuth guides, checked 2026-12-05). */
export const KLAVIYO_DEFAULT_REVISION = '2026-10-15'

/** The Klaviyo preset. */
export const klaviyoPreset = {
  id: 'klaviyo',
  title: 'Klaviyo',
  protocol: 'oauth2',
  docs: GUIDE,
  facts: {
    sources: {
      // AUTH_URL https://klaviyo.com/oauth/authorize, TOKEN_URL https://a.klaviyo.com/oauth/token.
      endpoints: { url: DEMO, checked: CHECKED },
      // "Basic auth header: base64(client_id:client_secret)", for codes and refreshes.
      clientAuth: { url: DEMO, checked: CHECKED },
      // code_challenge_method S256; "authorization code flow, with PKCE".
      pkce: { url: DEMO, checked: CHECKED },
      // "accounts:read profiles:read …": space-separated.
      scopeSeparator: { url: DEMO, checked: CHECKED },
      refresh: { url: DEMO, checked: CHECKED },
      // "route token traffic to https://a.klaviyo.com/oauth/token or https://a.klaviyo.com/oauth/revoke".
      revocation: { url: GUIDE, checked: CHECKED },
      // "Authorization: Bearer <access_token>" and "revision: 2026-10-15" on every request.
      apiAuth: { url: API_CALLS, checked: CHECKED },
      apiVersion: { url: API_CALLS, checked: CHECKED },
    },
    silent: {
      facts: ['rotation'],
      note: 'Whether a refresh returns a new refresh token is left open ("possibly new refresh_token"); the preset keeps whichever the answer carries. How long a revision stays supported is not on the pages read, so no dated test guards the default.',
    },
  },
  authorizationUrl: 'https://klaviyo.com/oauth/authorize',
  tokenUrl: 'https://a.klaviyo.com/oauth/token',
  revocationUrl: 'https://a.klaviyo.com/oauth/revoke',
  apiBaseUrl: 'https://a.klaviyo.com/api/',
  defaultScope: ['accounts:read'],
  refresh: true,
  clientAuth: 'client_secret_basic',
  quirks: { apiHeaders: { revision: KLAVIYO_DEFAULT_REVISION } },
} as const satisfies OAuth2Preset

/**
 * Makes a Klaviyo blueprint. Credentials default to `KLAVIYO_OAUTH_CLIENT_ID` /
 * `KLAVIYO_OAUTH_CLIENT_SECRET`.
 */
export function makeKlaviyoBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(klaviyoPreset, options)
}

/** The request-scoped Klaviyo client: `await klaviyo.get('accounts/')`. */
export const klaviyo = scopedClient('klaviyo')
