/**
 * Kick (the streaming platform's public API). OAuth 2.1 on `id.kick.com`, apart from the API host: PKCE
 * is required, the client secret goes in the token request body, tokens refresh at the token endpoint
 * and are revoked with the token in the query string of `oauth/revoke`.
 *
 * @see [Kick Dev Docs - OAuth 2.1](https://github.com/KickEngineering/KickDevDocs/blob/main/getting-started/generating-tokens-oauth2-flow.md)
 * @see [Kick Dev Docs - Node.js Quickstart Guide](https://github.com/KickEngineering/KickDevDocs/blob/main/getting-started/quickstart.md)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const OAUTH_DOC =
  'https://github.com/KickEngineering/KickDevDocs/blob/main/getting-started/generating-tokens-oauth2-flow.md'
const QUICKSTART = 'https://github.com/KickEngineering/KickDevDocs/blob/main/getting-started/quickstart.md'
const CHECKED = '2026-12-05'

/** The Kick preset. */
export const kickPreset = {
  id: 'kick',
  title: 'Kick',
  protocol: 'oauth2',
  docs: OAUTH_DOC,
  facts: {
    sources: {
      endpoints: { url: OAUTH_DOC, checked: CHECKED },
      clientAuth: { url: OAUTH_DOC, checked: CHECKED },
      pkce: { url: OAUTH_DOC, checked: CHECKED },
      refresh: { url: OAUTH_DOC, checked: CHECKED },
      revocation: { url: OAUTH_DOC, checked: CHECKED },
      // Bearer header and space-separated scopes: the quickstart's examples.
      apiAuth: { url: QUICKSTART, checked: CHECKED },
      scopeSeparator: { url: QUICKSTART, checked: CHECKED },
    },
    silent: {
      facts: ['rotation'],
      note: 'A refresh returns a new refresh token; whether the old one stays valid is unsaid, so the preset keeps whichever the answer carries. The API host (api.kick.com/public/v1) comes from the OpenAPI document the Users page embeds, not from prose.',
    },
  },
  authorizationUrl: 'https://id.kick.com/oauth/authorize',
  tokenUrl: 'https://id.kick.com/oauth/token',
  // POST /oauth/revoke?token=…: the token goes in the query string.
  revocationUrl: 'https://id.kick.com/oauth/revoke',
  apiBaseUrl: 'https://api.kick.com/public/v1/',
  defaultScope: ['user:read'],
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: { revocationParams: 'query' },
} as const satisfies OAuth2Preset

/**
 * Makes a Kick blueprint. Credentials default to `KICK_OAUTH_CLIENT_ID` / `KICK_OAUTH_CLIENT_SECRET`.
 */
export function makeKickBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(kickPreset, options)
}

/** The request-scoped Kick client: `await kick.get('users')`. */
export const kick = scopedClient('kick')
