/**
 * Trello with OAuth 1.0a ("Using Basic OAuth"). The authorization URL takes `name` (shown to the
 * user), `scope` (`read`, `write`, `account`, comma-separated) and `expiration` (`1hour`, `1day`,
 * `30days`, `never`); Trello's default is 30 days and read-only.
 *
 * Credentials: `TRELLO_OAUTH_CLIENT_ID` / `TRELLO_OAUTH_CLIENT_SECRET` (the API key and its OAuth secret).
 *
 * @see [Trello REST API - Authorizing with Trello's REST API](https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/)
 */

import type { OAuth1Blueprint } from '../consumer/oauth1-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromOAuth1Preset } from './define-oauth1.js'
import type { OAuth1Preset, OAuth1PresetOptions } from './types.js'

/** The Trello preset. */
export const trelloPreset = {
  id: 'trello',
  title: 'Trello',
  protocol: 'oauth1',
  docs: 'https://developer.atlassian.com/cloud/trello/guides/rest-api/authorization/',
  facts: {
    sources: {},
    unverified: ['endpoints', 'apiAuth', 'revocation'],
  },
  requestTokenUrl: 'https://trello.com/1/OAuthGetRequestToken',
  authorizationUrl: 'https://trello.com/1/OAuthAuthorizeToken',
  accessTokenUrl: 'https://trello.com/1/OAuthGetAccessToken',
  apiBaseUrl: 'https://api.trello.com/1/',
  signatureMethod: 'HMAC-SHA1',
  options: ['appName', 'scope', 'expiration'],
} as const satisfies OAuth1Preset

/** Options of {@link makeTrelloBlueprint}. */
export interface TrelloBlueprintOptions extends OAuth1PresetOptions {
  /** The application name Trello shows on its consent page. */
  appName?: string
  /** Scopes, e.g. `['read', 'write']` (default: Trello's, read). */
  scope?: readonly ('read' | 'write' | 'account')[]
  /** Token lifetime (default: Trello's, 30 days). */
  expiration?: '1hour' | '1day' | '30days' | 'never'
}

/**
 * Makes a Trello blueprint. `trello.get('members/me')` returns the user.
 */
export function makeTrelloBlueprint(options: TrelloBlueprintOptions = {}): OAuth1Blueprint {
  const { appName, scope, expiration, ...rest } = options
  return blueprintFromOAuth1Preset(trelloPreset, {
    ...rest,
    authorizationParams: {
      ...(appName && { name: appName }),
      ...(scope && { scope: scope.join(',') }),
      ...(expiration && { expiration }),
      ...rest.authorizationParams,
    },
  })
}

/** The request-scoped Trello client. */
export const trello = scopedClient('trello')
