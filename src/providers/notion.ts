/**
 * Notion public integrations. The authorization request must say `owner=user`; the token endpoint
 * wants HTTP Basic client authentication and answers with the workspace and bot alongside the token;
 * every API call must carry a `Notion-Version` header (option `notionVersion`).
 *
 * @see [Notion Developers - Authorization](https://developers.notion.com/docs/authorization)
 * @see [Notion API - Versioning](https://developers.notion.com/reference/versioning)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Notion preset. */
export const notionPreset = {
  id: 'notion',
  title: 'Notion',
  protocol: 'oauth2',
  docs: 'https://developers.notion.com/docs/authorization',
  authorizationUrl: 'https://api.notion.com/v1/oauth/authorize',
  tokenUrl: 'https://api.notion.com/v1/oauth/token',
  apiBaseUrl: 'https://api.notion.com/v1/',
  authorizationParams: { owner: 'user' },
  refresh: true,
  clientAuth: 'client_secret_basic',
  quirks: { apiHeaders: { 'notion-version': '2022-06-28' } },
  options: ['notionVersion'],
} as const satisfies OAuth2Preset

/** Options of {@link makeNotionBlueprint}. */
export interface NotionBlueprintOptions extends OAuth2PresetOptions {
  /** The `Notion-Version` every API call names (default `2022-06-28`). */
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
    quirks: { ...rest.quirks, apiHeaders: { 'notion-version': notionVersion, ...rest.quirks?.apiHeaders } },
  })
}

/** The request-scoped Notion client: `await notion.get('users/me')`. */
export const notion = scopedClient('notion')
