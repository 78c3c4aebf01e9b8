/**
 * Bitbucket Cloud. The token endpoint wants HTTP Basic client authentication and answers with the
 * granted scopes in `scopes` (not `scope`); access tokens last two hours and are refreshed.
 *
 * @see [Bitbucket Cloud REST API - Authentication](https://developer.atlassian.com/cloud/bitbucket/rest/intro/#authentication)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Bitbucket preset. */
export const bitbucketPreset = {
  id: 'bitbucket',
  title: 'Bitbucket',
  protocol: 'oauth2',
  docs: 'https://developer.atlassian.com/cloud/bitbucket/rest/intro/#authentication',
  facts: {
    sources: {
      endpoints: { url: 'https://developer.atlassian.com/cloud/bitbucket/oauth-2', checked: '2026-12-05' },
      clientAuth: { url: 'https://developer.atlassian.com/cloud/bitbucket/oauth-2', checked: '2026-12-05' },
    },
    // Refresh and the bearer header on API calls were not found stated in the Bitbucket text read here.
    unverified: ['pkce', 'scopeSeparator', 'refresh', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://bitbucket.org/site/oauth2/authorize',
  tokenUrl: 'https://bitbucket.org/site/oauth2/access_token',
  apiBaseUrl: 'https://api.bitbucket.org/2.0/',
  defaultScope: ['account'],
  refresh: true,
  clientAuth: 'client_secret_basic',
} as const satisfies OAuth2Preset

/**
 * Makes a Bitbucket blueprint. Credentials (the consumer's key and secret) default to
 * `BITBUCKET_OAUTH_CLIENT_ID` / `BITBUCKET_OAUTH_CLIENT_SECRET`.
 */
export function makeBitbucketBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(bitbucketPreset, options)
}

/** The request-scoped Bitbucket client: `await bitbucket.get('user')`. */
export const bitbucket = scopedClient('bitbucket')
