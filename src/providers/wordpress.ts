/**
 * WordPress.com (and Jetpack sites) REST API. The token endpoint takes the client id and secret as
 * parameters and answers with the blog the user picked (`blog_id`, `blog_url`); tokens do not expire.
 * `blog` preselects a site; `scope: ['global']` asks for every site.
 *
 * @see [WordPress.com Developer - OAuth2 Authentication](https://developer.wordpress.com/docs/oauth2/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The WordPress.com preset. */
export const wordpressPreset = {
  id: 'wordpress',
  title: 'WordPress.com',
  protocol: 'oauth2',
  docs: 'https://developer.wordpress.com/docs/oauth2/',
  // Automattic's own Node module for WordPress.com OAuth names both endpoints and posts the client
  // secret in the form body.
  facts: {
    sources: {
      endpoints: {
        url: 'https://github.com/Automattic/node-wpcom-oauth/blob/HEAD/default.json',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://github.com/Automattic/node-wpcom-oauth/blob/HEAD/index.js',
        checked: '2026-12-05',
      },
      // Automattic's own REST API example calls /rest/v1.1/me with `Authorization: Bearer <token>`.
      apiAuth: {
        url: 'https://github.com/Automattic/wpcom-rest-api-examples/blob/72878d0a56b72b4000b2f3cdcb03db54d714e4b0/node-wpcom-oauth/index.js',
        checked: '2026-12-05',
      },
    },
    unverified: ['pkce', 'scopeSeparator', 'refresh', 'revocation'],
  },
  authorizationUrl: 'https://public-api.wordpress.com/oauth2/authorize',
  tokenUrl: 'https://public-api.wordpress.com/oauth2/token',
  apiBaseUrl: 'https://public-api.wordpress.com/rest/v1.1/',
  refresh: false,
  clientAuth: 'client_secret_post',
  options: ['blog'],
} as const satisfies OAuth2Preset

/** Options of {@link makeWordpressBlueprint}. */
export interface WordpressBlueprintOptions extends OAuth2PresetOptions {
  /** Preselect a site by URL or id (`blog`). */
  blog?: string
}

/**
 * Makes a WordPress.com blueprint. Credentials default to `WORDPRESS_OAUTH_CLIENT_ID` / `WORDPRESS_OAUTH_CLIENT_SECRET`.
 */
export function makeWordpressBlueprint(options: WordpressBlueprintOptions = {}): OAuth2Blueprint {
  const { blog, ...rest } = options
  return blueprintFromPreset(wordpressPreset, {
    ...rest,
    authorizationParams: { ...(blog && { blog }), ...rest.authorizationParams },
  })
}

/** The request-scoped WordPress.com client: `await wordpress.get('me')`. */
export const wordpress = scopedClient('wordpress')
