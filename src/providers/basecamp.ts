/**
 * Basecamp (37signals Launchpad). Codes are exchanged at `launchpad.37signals.com` with the client id
 * and secret in the form body; access tokens last two weeks and come with a refresh token. There are
 * no scopes. `authorization.json` names the user and the accounts the token reaches: each account's
 * `href` is the base URL of its Basecamp 4 API (`await basecamp.get('authorization.json')`, then call
 * that `href` with the same client). 37signals asks every request to identify the app in `User-Agent`
 * (`quirks: { headers: { 'user-agent': 'MyApp (you@example.com)' } }`).
 *
 * @see [Basecamp 4 API - Authentication](https://github.com/basecamp/bc3-api/blob/master/sections/authentication.md)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const AUTH_DOC = 'https://github.com/basecamp/bc3-api/blob/master/sections/authentication.md'
const CHECKED = '2026-12-05'

/** The Basecamp preset. */
export const basecampPreset = {
  id: 'basecamp',
  title: 'Basecamp',
  protocol: 'oauth2',
  docs: AUTH_DOC,
  facts: {
    sources: {
      endpoints: { url: AUTH_DOC, checked: CHECKED },
      // client_id and client_secret are listed among the POST's required parameters.
      clientAuth: { url: AUTH_DOC, checked: CHECKED },
      refresh: { url: AUTH_DOC, checked: CHECKED },
      apiAuth: { url: AUTH_DOC, checked: CHECKED },
    },
    silent: {
      facts: ['pkce', 'scopeSeparator', 'rotation', 'revocation'],
      note: 'Launchpad documents no PKCE, no scopes and no revocation endpoint; the preset sends S256 PKCE (presumably ignored) and no scope. A refresh answer carries a refresh token, but whether it replaces the old one is unsaid; the preset keeps whichever the answer carries.',
    },
  },
  authorizationUrl: 'https://launchpad.37signals.com/authorization/new',
  tokenUrl: 'https://launchpad.37signals.com/authorization/token',
  apiBaseUrl: 'https://launchpad.37signals.com/',
  refresh: true,
  clientAuth: 'client_secret_post',
} as const satisfies OAuth2Preset

/**
 * Makes a Basecamp blueprint. Credentials default to `BASECAMP_OAUTH_CLIENT_ID` /
 * `BASECAMP_OAUTH_CLIENT_SECRET`.
 */
export function makeBasecampBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(basecampPreset, options)
}

/** The request-scoped Basecamp client: `await basecamp.get('authorization.json')`. */
export const basecamp = scopedClient('basecamp')
