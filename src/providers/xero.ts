/**
 * Xero. The token and revocation endpoints want HTTP Basic client authentication; refresh tokens need
 * the `offline_access` scope (`offline: true`) and rotate. List the organisations the user connected
 * with `xero.get('connections')`, then send `xero-tenant-id` with accounting calls.
 *
 * @see [Xero Developer - Standard authorization code flow](https://developer.xero.com/documentation/guides/oauth2/auth-flow)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Xero preset. */
export const xeroPreset = {
  id: 'xero',
  title: 'Xero',
  protocol: 'oauth2',
  docs: 'https://developer.xero.com/documentation/guides/oauth2/auth-flow',
  facts: {
    sources: {
      revocation: {
        url: 'https://github.com/XeroAPI/xero-python/blob/master/xero_python/api_client/oauth2.py',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://github.com/XeroAPI/xero-python/blob/master/xero_python/api_client/oauth2.py',
        checked: '2026-12-05',
      },
      apiAuth: {
        url: 'https://github.com/XeroAPI/xero-python/blob/master/xero_python/api_client/oauth2.py',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://github.com/XeroAPI/xero-python/blob/master/xero_python/api_client/oauth2.py',
        checked: '2026-12-05',
      },
      // Xero's own PKCE desktop sample: login.xero.com/identity/connect/authorize with an S256
      // code_challenge, and the code (with its code_verifier) exchanged at identity.xero.com/connect/token.
      endpoints: {
        url: 'https://github.com/XeroAPI/net-desktop-pkce-example/blob/29f316e0f11ee1179713a5975bf3503d2aed2d86/net-desktop-pkce-example/Form1.cs',
        checked: '2026-12-05',
      },
      pkce: {
        url: 'https://github.com/XeroAPI/net-desktop-pkce-example/blob/29f316e0f11ee1179713a5975bf3503d2aed2d86/net-desktop-pkce-example/Form1.cs',
        checked: '2026-12-05',
      },
    },
    unverified: ['clientAuth'],
  },
  authorizationUrl: 'https://login.xero.com/identity/connect/authorize',
  tokenUrl: 'https://identity.xero.com/connect/token',
  revocationUrl: 'https://identity.xero.com/connect/revocation',
  apiBaseUrl: 'https://api.xero.com/',
  defaultScope: ['accounting.settings.read'],
  refresh: true,
  offline: { scope: 'offline_access' },
  clientAuth: 'client_secret_basic',
  quirks: { unvalidatedIdToken: true },
  options: ['offline'],
} as const satisfies OAuth2Preset

/**
 * Makes a Xero blueprint. Credentials default to `XERO_OAUTH_CLIENT_ID` / `XERO_OAUTH_CLIENT_SECRET`.
 */
export function makeXeroBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(xeroPreset, options)
}

/** The request-scoped Xero client: `await xero.get('connections')`. */
export const xero = scopedClient('xero')
