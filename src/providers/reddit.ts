/**
 * Reddit. The token endpoint wants HTTP Basic client authentication; a refresh token comes only with
 * `duration=permanent` (`offline: true`). API calls go to `oauth.reddit.com`. Every request, the token
 * endpoint's included, must carry a descriptive `User-Agent` (option `userAgent`), or Reddit throttles it.
 * Checked 2026-12-05: the User-Agent rule (Data API Wiki, "Rules") covers every request to the API.
 *
 * @see [reddit wiki - OAuth2](https://github.com/reddit-archive/reddit/wiki/OAuth2)
 * @see [Reddit Help - Reddit Data API Wiki](https://support.reddithelp.com/hc/en-us/articles/16160319875092-Reddit-Data-API-Wiki)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** Reddit's OAuth 2 controller in its published server code (the `reddit-archive/reddit` repository). */
const REDDIT_OAUTH2_CONTROLLER =
  'https://github.com/reddit-archive/reddit/blob/master/r2/r2/controllers/oauth2.py'

/** The Reddit preset. */
export const redditPreset = {
  id: 'reddit',
  title: 'Reddit',
  protocol: 'oauth2',
  docs: 'https://github.com/reddit-archive/reddit/wiki/OAuth2',
  facts: {
    sources: {
      endpoints: { url: 'https://github.com/reddit-archive/reddit/wiki/OAuth2', checked: '2026-12-05' },
      // Reddit's own server code (r2), whose docstrings are its API reference: the token endpoint reads
      // the client id and secret from an HTTP Basic `Authorization` header, grants `refresh_token`
      // (a refresh token comes only for a `permanent` grant), and `/api/v1/revoke_token` takes `token`
      // and `token_type_hint` from the client so authenticated.
      clientAuth: { url: REDDIT_OAUTH2_CONTROLLER, checked: '2026-12-05' },
      refresh: { url: REDDIT_OAUTH2_CONTROLLER, checked: '2026-12-05' },
      revocation: { url: REDDIT_OAUTH2_CONTROLLER, checked: '2026-12-05' },
    },
    // How API calls carry the token (a bearer header at oauth.reddit.com) was not found stated in text
    // read here.
    unverified: ['pkce', 'scopeSeparator', 'apiAuth'],
  },
  authorizationUrl: 'https://www.reddit.com/api/v1/authorize',
  tokenUrl: 'https://www.reddit.com/api/v1/access_token',
  revocationUrl: 'https://www.reddit.com/api/v1/revoke_token',
  apiBaseUrl: 'https://oauth.reddit.com/',
  defaultScope: ['identity'],
  refresh: true,
  offline: { params: { duration: 'permanent' } },
  clientAuth: 'client_secret_basic',
  // The User-Agent goes on every request (Reddit Data API Wiki, checked 2026-12-05).
  quirks: { headers: { 'user-agent': 'node:oauth-dance:v0 (set the userAgent option)' } },
  options: ['userAgent', 'offline'],
} as const satisfies OAuth2Preset

/** Options of {@link makeRedditBlueprint}. */
export interface RedditBlueprintOptions extends OAuth2PresetOptions {
  /** `User-Agent` for every request, in Reddit's form `<platform>:<app id>:<version> (by /u/<username>)`. */
  userAgent?: string
}

/**
 * Makes a Reddit blueprint. Credentials default to `REDDIT_OAUTH_CLIENT_ID` / `REDDIT_OAUTH_CLIENT_SECRET`.
 */
export function makeRedditBlueprint(options: RedditBlueprintOptions = {}): OAuth2Blueprint {
  const { userAgent, ...rest } = options
  if (!userAgent) return blueprintFromPreset(redditPreset, rest)
  return blueprintFromPreset(redditPreset, {
    ...rest,
    quirks: { ...rest.quirks, headers: { 'user-agent': userAgent, ...rest.quirks?.headers } },
  })
}

/** The request-scoped Reddit client: `await reddit.get('api/v1/me')`. */
export const reddit = scopedClient('reddit')
