/**
 * Flickr with OAuth 1.0a (HMAC-SHA1 only). The authorization URL takes `perms` (`read`, `write` or
 * `delete`); without it Flickr shows an error page, so the preset asks for `read` unless told otherwise.
 * The API is one REST endpoint selected by a `method` query parameter, which is signed like any other.
 *
 * Credentials: `FLICKR_OAUTH_CLIENT_ID` / `FLICKR_OAUTH_CLIENT_SECRET` (the app's key and secret).
 *
 * @see [Flickr API - User Authentication (OAuth)](https://www.flickr.com/services/api/auth.oauth.html)
 */

import type { OAuth1Blueprint } from '../consumer/oauth1-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromOAuth1Preset } from './define-oauth1.js'
import type { OAuth1Preset, OAuth1PresetOptions } from './types.js'

/** The Flickr preset. */
export const flickrPreset = {
  id: 'flickr',
  title: 'Flickr',
  protocol: 'oauth1',
  docs: 'https://www.flickr.com/services/api/auth.oauth.html',
  facts: {
    sources: {},
    unverified: ['endpoints', 'apiAuth', 'revocation'],
  },
  requestTokenUrl: 'https://www.flickr.com/services/oauth/request_token',
  authorizationUrl: 'https://www.flickr.com/services/oauth/authorize',
  accessTokenUrl: 'https://www.flickr.com/services/oauth/access_token',
  apiBaseUrl: 'https://api.flickr.com/services/',
  signatureMethod: 'HMAC-SHA1',
  authorizationParams: { perms: 'read' },
  options: ['perms'],
} as const satisfies OAuth1Preset

/** Options of {@link makeFlickrBlueprint}. */
export interface FlickrBlueprintOptions extends OAuth1PresetOptions {
  /** The permission asked for (default `read`). */
  perms?: 'read' | 'write' | 'delete'
}

/**
 * Makes a Flickr blueprint. Example call:
 * `flickr.get('rest', { query: { method: 'flickr.test.login', format: 'json', nojsoncallback: 1 } })`.
 */
export function makeFlickrBlueprint(options: FlickrBlueprintOptions = {}): OAuth1Blueprint {
  const { perms, ...rest } = options
  return blueprintFromOAuth1Preset(flickrPreset, {
    ...rest,
    authorizationParams: { ...(perms && { perms }), ...rest.authorizationParams },
  })
}

/** The request-scoped Flickr client. */
export const flickr = scopedClient('flickr')
