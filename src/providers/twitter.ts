/**
 * Twitter / X with OAuth 1.0a user context (the separate `x` preset covers X's OAuth 2). Tokens do not
 * expire. A refused authorization comes back as `?denied=<request token>`, which reaches the error hook
 * as `access_denied`.
 *
 * Credentials: `TWITTER_OAUTH_CLIENT_ID` / `TWITTER_OAUTH_CLIENT_SECRET` (the app's API key and secret).
 *
 * @see [X Developer Docs - OAuth 1.0a: Obtaining user access tokens](https://docs.x.com/fundamentals/authentication/oauth-1-0a/obtaining-user-access-tokens)
 * @see [X Developer Docs - Authentication API reference](https://docs.x.com/fundamentals/authentication/api-reference)
 */

import type { OAuth1Blueprint } from '../consumer/oauth1-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromOAuth1Preset } from './define-oauth1.js'
import type { OAuth1Preset, OAuth1PresetOptions } from './types.js'

/** The Twitter / X OAuth 1.0a preset. */
export const twitterPreset = {
  id: 'twitter',
  title: 'Twitter / X (OAuth 1.0a)',
  protocol: 'oauth1',
  docs: 'https://docs.x.com/fundamentals/authentication/oauth-1-0a/obtaining-user-access-tokens',
  // The invalidate_token page signs its example with an `Authorization: OAuth` header and HMAC-SHA1.
  facts: {
    sources: {
      endpoints: {
        url: 'https://docs.x.com/fundamentals/authentication/api-reference',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://developer.x.com/en/docs/authentication/api-reference/invalidate_access_token',
        checked: '2026-12-05',
      },
      apiAuth: {
        url: 'https://developer.x.com/en/docs/authentication/api-reference/invalidate_access_token',
        checked: '2026-12-05',
      },
    },
  },
  requestTokenUrl: 'https://api.x.com/oauth/request_token',
  authorizationUrl: 'https://api.x.com/oauth/authorize',
  accessTokenUrl: 'https://api.x.com/oauth/access_token',
  apiBaseUrl: 'https://api.x.com/2/',
  revocationUrl: 'https://api.x.com/1.1/oauth/invalidate_token',
  signatureMethod: 'HMAC-SHA1',
  options: ['authenticate'],
} as const satisfies OAuth1Preset

/** Options of {@link makeTwitterBlueprint}. */
export interface TwitterBlueprintOptions extends OAuth1PresetOptions {
  /** Use `oauth/authenticate` ("Log in with X": no prompt when already authorized) instead of `oauth/authorize`. */
  authenticate?: boolean
}

/**
 * Makes a Twitter / X OAuth 1.0a blueprint. Call the v2 API with `twitter.get('users/me')`.
 */
export function makeTwitterBlueprint(options: TwitterBlueprintOptions = {}): OAuth1Blueprint {
  const { authenticate, ...rest } = options
  return blueprintFromOAuth1Preset(twitterPreset, {
    ...(authenticate && { authorizationUrl: 'https://api.x.com/oauth/authenticate' }),
    ...rest,
  })
}

/** The request-scoped Twitter client: `await twitter.get('users/me')` inside any request. */
export const twitter = scopedClient('twitter')
