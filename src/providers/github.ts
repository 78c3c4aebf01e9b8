/**
 * GitHub (OAuth apps and GitHub Apps' user tokens), with GitHub Enterprise Server via `enterpriseHost`.
 *
 * Quirks: the token endpoint answers form-encoded unless JSON is asked for (we ask, and parse either);
 * its errors come back with HTTP 200; granted scopes are comma-separated. GitHub Apps with expiring
 * user tokens return a refresh token, which the client uses.
 *
 * @see [GitHub Docs - Authorizing OAuth apps](https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps)
 * @see [GitHub Docs - Refreshing user access tokens](https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens)
 * @see [GitHub Enterprise Server Docs - Quickstart for GitHub REST API](https://docs.github.com/en/enterprise-server@latest/rest/quickstart)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The GitHub preset. */
export const githubPreset = {
  id: 'github',
  title: 'GitHub',
  protocol: 'oauth2',
  docs: 'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps',
  facts: {
    sources: {
      endpoints: {
        url: 'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps',
        checked: '2026-12-05',
      },
      pkce: {
        url: 'https://github.blog/changelog/2025-07-14-pkce-support-for-oauth-and-github-app-authentication',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens',
        checked: '2026-12-05',
      },
      rotation: {
        url: 'https://docs.github.com/en/apps/creating-github-apps/authenticating-with-a-github-app/refreshing-user-access-tokens',
        checked: '2026-12-05',
      },
      apiAuth: {
        url: 'https://docs.github.com/en/apps/oauth-apps/building-oauth-apps/authorizing-oauth-apps',
        checked: '2026-12-05',
      },
    },
    silent: {
      facts: ['revocation'],
      note: 'GitHub documents no RFC 7009 revocation endpoint; its REST API deletes an app token (DELETE /applications/{client_id}/token with the app credentials), which the preset does not call.',
    },
  },
  authorizationUrl: 'https://github.com/login/oauth/authorize',
  tokenUrl: 'https://github.com/login/oauth/access_token',
  apiBaseUrl: 'https://api.github.com/',
  refresh: true,
  clientAuth: 'client_secret_post',
  quirks: {
    formEncodedTokenResponse: true,
    errorsWithStatus200: true,
    apiHeaders: { accept: 'application/vnd.github+json', 'x-github-api-version': '2022-11-28' },
  },
  options: ['enterpriseHost'],
} as const satisfies OAuth2Preset

/** Options of {@link makeGithubBlueprint}. */
export interface GithubBlueprintOptions extends OAuth2PresetOptions {
  /** A GitHub Enterprise Server host name (`github.example.com`); endpoints and API move there. */
  enterpriseHost?: string
}

/**
 * Makes a GitHub blueprint. Credentials default to `GITHUB_OAUTH_CLIENT_ID` / `GITHUB_OAUTH_CLIENT_SECRET`.
 */
export function makeGithubBlueprint(options: GithubBlueprintOptions = {}): OAuth2Blueprint {
  const { enterpriseHost, ...rest } = options
  if (!enterpriseHost) return blueprintFromPreset(githubPreset, rest)
  const origin = `https://${enterpriseHost}`
  return blueprintFromPreset(
    { ...githubPreset, apiBaseUrl: `${origin}/api/v3/` },
    {
      authorizationUrl: `${origin}/login/oauth/authorize`,
      tokenUrl: `${origin}/login/oauth/access_token`,
      ...rest,
    },
  )
}

/** The request-scoped GitHub client: `await github.get('/user')` inside any request. */
export const github = scopedClient('github')
