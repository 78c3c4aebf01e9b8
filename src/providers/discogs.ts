/**
 * Discogs with OAuth 1.0a. Discogs documents PLAINTEXT signatures (over https only, as RFC 5849 §3.4.4
 * requires) in the Authorization header, and wants every request, OAuth ones included, to carry an
 * identifying `User-Agent`; pass `userAgent` (`MyApp/1.0 +https://my.app`).
 *
 * Credentials: `DISCOGS_OAUTH_CLIENT_ID` / `DISCOGS_OAUTH_CLIENT_SECRET` (the consumer key and secret).
 *
 * @see [Discogs API - OAuth Flow](https://www.discogs.com/developers/#page:authentication,header:authentication-oauth-flow)
 */

import type { OAuth1Blueprint } from '../consumer/oauth1-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromOAuth1Preset } from './define-oauth1.js'
import type { OAuth1Preset, OAuth1PresetOptions } from './types.js'

/** The Discogs preset. */
export const discogsPreset = {
  id: 'discogs',
  title: 'Discogs',
  protocol: 'oauth1',
  docs: 'https://www.discogs.com/developers/#page:authentication,header:authentication-oauth-flow',
  facts: {
    sources: {
      // Discogs' own Python client: request token and access token on api.discogs.com/oauth/, the
      // authorization page on www.discogs.com/oauth/authorize.
      endpoints: {
        url: 'https://github.com/discogs/discogs_client/blob/020dfce738e66ba9fff239d90f85424d406c4c4b/discogs_client/client.py',
        checked: '2026-12-05',
      },
    },
    // The same client signs its calls with oauthlib's default (HMAC-SHA1), not the PLAINTEXT the preset
    // sends, so how calls are signed stays unverified.
    unverified: ['apiAuth', 'revocation'],
  },
  requestTokenUrl: 'https://api.discogs.com/oauth/request_token',
  authorizationUrl: 'https://www.discogs.com/oauth/authorize',
  accessTokenUrl: 'https://api.discogs.com/oauth/access_token',
  apiBaseUrl: 'https://api.discogs.com/',
  signatureMethod: 'PLAINTEXT',
  headers: { 'user-agent': 'oauth-dance (+https://www.npmjs.com/package/oauth-dance)' },
  options: ['userAgent'],
} as const satisfies OAuth1Preset

/** Options of {@link makeDiscogsBlueprint}. */
export interface DiscogsBlueprintOptions extends OAuth1PresetOptions {
  /** Your application's User-Agent, which Discogs asks every client to send. */
  userAgent?: string
}

/**
 * Makes a Discogs blueprint. `discogs.get('oauth/identity')` names the user.
 */
export function makeDiscogsBlueprint(options: DiscogsBlueprintOptions = {}): OAuth1Blueprint {
  const { userAgent, ...rest } = options
  return blueprintFromOAuth1Preset(discogsPreset, {
    ...rest,
    headers: { ...(userAgent && { 'user-agent': userAgent }), ...rest.headers },
  })
}

/** The request-scoped Discogs client. */
export const discogs = scopedClient('discogs')
