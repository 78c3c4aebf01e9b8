/**
 * Heroku Platform API. The token endpoint reads the client secret from the body; every API call must
 * name the API version in `Accept: application/vnd.heroku+json; version=3` (option `apiVersion`).
 *
 * @see [Heroku Dev Center - OAuth](https://devcenter.heroku.com/articles/oauth)
 * @see [Heroku Platform API Reference - Clients](https://devcenter.heroku.com/articles/platform-api-reference#clients)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Heroku preset. */
export const herokuPreset = {
  id: 'heroku',
  title: 'Heroku',
  protocol: 'oauth2',
  docs: 'https://devcenter.heroku.com/articles/oauth',
  facts: {
    sources: {
      endpoints: { url: 'https://devcenter.heroku.com/articles/oauth', checked: '2026-12-05' },
      // Heroku's own bouncer middleware posts client_secret with the code in the form body, then calls
      // /account with a bearer token and the version 3 Accept header.
      clientAuth: {
        url: 'https://github.com/heroku/node-heroku-bouncer/blob/051a5c5ee9697457a7e8db57f175eee11777bce6/lib/routes.js',
        checked: '2026-12-05',
      },
      apiAuth: {
        url: 'https://github.com/heroku/node-heroku-bouncer/blob/051a5c5ee9697457a7e8db57f175eee11777bce6/lib/routes.js',
        checked: '2026-12-05',
      },
      // Heroku's OmniAuth strategy: the credentials hold "both a refresh token and an access token".
      refresh: {
        url: 'https://github.com/heroku/omniauth-heroku/blob/03ebe252fa452604ac067d91713de38a9508db03/README.md',
        checked: '2026-12-05',
      },
    },
    unverified: ['pkce', 'scopeSeparator', 'revocation'],
  },
  authorizationUrl: 'https://id.heroku.com/oauth/authorize',
  tokenUrl: 'https://id.heroku.com/oauth/token',
  apiBaseUrl: 'https://api.heroku.com/',
  defaultScope: ['identity'],
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: { apiHeaders: { accept: 'application/vnd.heroku+json; version=3' } },
  options: ['apiVersion'],
} as const satisfies OAuth2Preset

/** Options of {@link makeHerokuBlueprint}. */
export interface HerokuBlueprintOptions extends OAuth2PresetOptions {
  /** The Platform API version named in every `Accept` header (default `3`). */
  apiVersion?: string
}

/**
 * Makes a Heroku blueprint. Credentials default to `HEROKU_OAUTH_CLIENT_ID` / `HEROKU_OAUTH_CLIENT_SECRET`.
 */
export function makeHerokuBlueprint(options: HerokuBlueprintOptions = {}): OAuth2Blueprint {
  const { apiVersion, ...rest } = options
  if (!apiVersion) return blueprintFromPreset(herokuPreset, rest)
  return blueprintFromPreset(herokuPreset, {
    ...rest,
    quirks: {
      ...rest.quirks,
      apiHeaders: {
        accept: `application/vnd.heroku+json; version=${apiVersion}`,
        ...rest.quirks?.apiHeaders,
      },
    },
  })
}

/** The request-scoped Heroku client: `await heroku.get('account')`. */
export const heroku = scopedClient('heroku')
