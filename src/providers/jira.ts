/**
 * Jira Data Center / Server with OAuth 1.0a (an incoming application link): RSA-SHA1 signatures with
 * the consumer's private key, endpoints under the server's own base URL. Jira Cloud has deprecated
 * OAuth 1.0a; use its OAuth 2 (3LO) instead.
 *
 * Configuration: `JIRA_OAUTH_CONSUMER_KEY` (or `JIRA_OAUTH_CLIENT_ID`), `JIRA_OAUTH_RSA_KEY` (PEM text
 * or a file path) and `JIRA_OAUTH_BASE_URL` (`https://jira.example.com`), or the matching options.
 *
 * @see [Jira Server - OAuth](https://developer.atlassian.com/server/jira/platform/oauth/)
 */

import type { OAuth1Blueprint } from '../consumer/oauth1-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { envName, envOf, fromEnv } from '../env.js'
import { DanceError } from '../errors.js'
import { blueprintFromOAuth1Preset } from './define-oauth1.js'
import type { OAuth1Preset, OAuth1PresetOptions } from './types.js'

/** Paths of the three OAuth endpoints and the REST API under a Jira base URL. */
export const JIRA_PATHS = {
  requestToken: 'plugins/servlet/oauth/request-token',
  authorization: 'plugins/servlet/oauth/authorize',
  accessToken: 'plugins/servlet/oauth/access-token',
  api: 'rest/api/2/',
} as const

/** The Jira preset, for the catalog; `makeJiraBlueprint` moves its endpoints under the server's base URL. */
export const jiraPreset = {
  id: 'jira',
  title: 'Jira Data Center (OAuth 1.0a)',
  protocol: 'oauth1',
  docs: 'https://developer.atlassian.com/server/jira/platform/oauth/',
  facts: {
    sources: {},
    unverified: ['endpoints', 'apiAuth', 'revocation'],
  },
  requestTokenUrl: `https://jira.example.com/${JIRA_PATHS.requestToken}`,
  authorizationUrl: `https://jira.example.com/${JIRA_PATHS.authorization}`,
  accessTokenUrl: `https://jira.example.com/${JIRA_PATHS.accessToken}`,
  signatureMethod: 'RSA-SHA1',
  options: ['baseUrl'],
} as const satisfies OAuth1Preset

/** Options of {@link makeJiraBlueprint}. */
export interface JiraBlueprintOptions extends Omit<OAuth1PresetOptions, 'baseUrl'> {
  /** The Jira server's base URL (`https://jira.example.com`, or with a context path); required. */
  baseUrl?: string
}

/**
 * Makes a Jira blueprint. `jira.get('myself')` then calls `<baseUrl>/rest/api/2/myself`.
 */
export function makeJiraBlueprint(options: JiraBlueprintOptions = {}): OAuth1Blueprint {
  const name = options.name ?? jiraPreset.id
  const server = fromEnv(options.baseUrl, name, 'BASE_URL', envOf(options.env))
  if (server === undefined || !URL.canParse(server)) {
    throw new DanceError(
      'config_invalid',
      `The ${name} blueprint needs the Jira server's base URL: pass baseUrl, or set ${envName(name, 'BASE_URL')}.`,
      { provider: name },
    )
  }
  const root = server.endsWith('/') ? server : `${server}/`
  const at = (path: string) => new URL(path, root).href
  return blueprintFromOAuth1Preset(jiraPreset, {
    requestTokenUrl: at(JIRA_PATHS.requestToken),
    authorizationUrl: at(JIRA_PATHS.authorization),
    accessTokenUrl: at(JIRA_PATHS.accessToken),
    ...options,
    baseUrl: at(JIRA_PATHS.api),
  })
}

/** The request-scoped Jira client: `await jira.get('myself')` inside any request. */
export const jira = scopedClient('jira')
