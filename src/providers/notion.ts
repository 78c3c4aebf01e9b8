/**
 * Notion public integrations. The authorization request must say `owner=user`; the token endpoint
 * wants HTTP Basic client authentication and answers with the workspace and bot alongside the token;
 * every request must carry a `Notion-Version` header (option `notionVersion`). Tokens are revoked at
 * `oauth/revoke` with a JSON body and HTTP Basic client authentication.
 * Checked 2026-12-05: the revoke reference names 2025-09-03 as the latest version and requires
 * `Notion-Version` and a JSON `{ token }`; refresh uses the token endpoint (refresh tokens rotate).
 *
 * @see [Notion Developers - Authorization](https://developers.notion.com/docs/authorization)
 * @see [Notion API - Versioning](https://developers.notion.com/reference/versioning)
 * @see [Notion API - Revoke a token](https://developers.notion.com/reference/revoke-token)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The `Notion-Version` sent when none is given: the latest on 2026-12-05. */
export const NOTION_DEFAULT_VERSION = '2025-09-03'

/** The Notion preset. */
export const notionPreset = {
  id: 'notion',
  title: 'Notion',
  protocol: 'oauth2',
  docs: 'https://developers.notion.com/docs/authorization',
  facts: {
    sources: {
      clientAuth: { url: 'https://developers.notion.com/reference/refresh-a-token', checked: '2026-12-05' },
      refresh: { url: 'https://developers.notion.com/reference/refresh-a-token', checked: '2026-12-05' },
      rotation: { url: 'https://developers.notion.com/reference/refresh-a-token', checked: '2026-12-05' },
      revocation: { url: 'https://developers.notion.com/reference/revoke-token', checked: '2026-12-05' },
      apiAuth: { url: 'https://developers.notion.com/reference/authentication', checked: '2026-12-05' },
      apiVersion: { url: 'https://developers.notion.com/reference/revoke-token', checked: '2026-12-05' },
    },
    unverified: ['endpoints', 'pkce', 'scopeSeparator'],
  },
  authorizationUrl: 'https://api.notion.com/v1/oauth/authorize',
  tokenUrl: 'https://api.notion.com/v1/oauth/token',
  revocationUrl: 'https://api.notion.com/v1/oauth/revoke',
  apiBaseUrl: 'https://api.notion.com/v1/',
  authorizationParams: { owner: 'user' },
  refresh: true,
  clientAuth: 'client_secret_basic',
  quirks: { headers: { 'notion-version': NOTION_DEFAULT_VERSION }, revocationParams: 'json' },
  options: ['notionVersion'],
} as const satisfies OAuth2Preset

/** Options of {@link makeNotionBlueprint}. */
export interface NotionBlueprintOptions extends OAuth2PresetOptions {
  /** The `Notion-Version` every request names (default {@link NOTION_DEFAULT_VERSION}). */
  notionVersion?: string
}

/**
 * Makes a Notion blueprint. Credentials default to `NOTION_OAUTH_CLIENT_ID` / `NOTION_OAUTH_CLIENT_SECRET`.
 */
export function makeNotionBlueprint(options: NotionBlueprintOptions = {}): OAuth2Blueprint {
  const { notionVersion, ...rest } = options
  if (!notionVersion) return blueprintFromPreset(notionPreset, rest)
  return blueprintFromPreset(notionPreset, {
    ...rest,
    quirks: { ...rest.quirks, headers: { 'notion-version': notionVersion, ...rest.quirks?.headers } },
  })
}

/** The request-scoped Notion client: `await notion.get('users/me')`. */
export const notion = scopedClient('notion')
