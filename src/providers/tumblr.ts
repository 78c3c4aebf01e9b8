/**
 * Tumblr with OAuth 1.0a: HMAC-SHA1 only, parameters in the Authorization header. (Tumblr also offers
 * OAuth 2; this preset is the OAuth 1.0a one its API documentation describes first.)
 *
 * Credentials: `TUMBLR_OAUTH_CLIENT_ID` / `TUMBLR_OAUTH_CLIENT_SECRET` (the OAuth consumer key and secret).
 *
 * @see https://www.tumblr.com/docs/en/api/v2#oauth1-authorization
 */
import { scopedClient } from '../client/api-client.js'
import type { OAuth1Blueprint } from '../consumer/oauth1-blueprint.js'
import { blueprintFromOAuth1Preset } from './define-oauth1.js'
import type { OAuth1Preset, OAuth1PresetOptions } from './types.js'

/** The Tumblr OAuth 1.0a preset. */
export const tumblrPreset = {
  id: 'tumblr',
  title: 'Tumblr (OAuth 1.0a)',
  protocol: 'oauth1',
  docs: 'https://www.tumblr.com/docs/en/api/v2#oauth1-authorization',
  requestTokenUrl: 'https://www.tumblr.com/oauth/request_token',
  authorizationUrl: 'https://www.tumblr.com/oauth/authorize',
  accessTokenUrl: 'https://www.tumblr.com/oauth/access_token',
  apiBaseUrl: 'https://api.tumblr.com/v2/',
  signatureMethod: 'HMAC-SHA1',
  signatureLocation: 'header',
} as const satisfies OAuth1Preset

/**
 * Makes a Tumblr blueprint. `tumblr.get('user/info')` returns the user's account.
 * @see https://www.tumblr.com/docs/en/api/v2#oauth1-authorization
 */
export function makeTumblrBlueprint(options: OAuth1PresetOptions = {}): OAuth1Blueprint {
  return blueprintFromOAuth1Preset(tumblrPreset, options)
}

/** The request-scoped Tumblr client. */
export const tumblr = scopedClient('tumblr')
