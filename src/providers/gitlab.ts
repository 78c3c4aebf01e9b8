/**
 * GitLab as an OpenID Provider (gitlab.com, or a self-managed instance with `hostname`). The `openid`
 * scope gives the ID token; add `read_user` or `api` to call the REST API with the access token.
 * GitLab access tokens expire after two hours and always come with a refresh token.
 *
 * @see [GitLab Docs - GitLab as an OpenID Connect identity provider](https://docs.gitlab.com/integration/openid_connect_provider/)
 * @see [GitLab Docs - OAuth 2.0 identity provider API](https://docs.gitlab.com/api/oauth2/)
 */

import type { OidcBlueprint } from '../consumer/oidc-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { hostOption, type OidcPresetOptions, oidcBlueprintFromPreset } from './define-oidc.js'
import type { OidcPreset } from './types.js'

/** The GitLab (OpenID Connect) preset. */
export const gitlabPreset = {
  id: 'gitlab',
  title: 'GitLab',
  protocol: 'oidc',
  docs: 'https://docs.gitlab.com/integration/openid_connect_provider/',
  facts: {
    sources: {
      endpoints: { url: 'https://docs.gitlab.com/api/oauth2/', checked: '2026-12-05' },
      clientAuth: { url: 'https://docs.gitlab.com/api/oauth2/', checked: '2026-12-05' },
      pkce: { url: 'https://docs.gitlab.com/api/oauth2/', checked: '2026-12-05' },
      refresh: { url: 'https://docs.gitlab.com/api/oauth2/', checked: '2026-12-05' },
      rotation: { url: 'https://docs.gitlab.com/api/oauth2/', checked: '2026-12-05' },
      revocation: { url: 'https://docs.gitlab.com/api/oauth2/', checked: '2026-12-05' },
    },
  },
  issuer: 'https://gitlab.com',
  apiBaseUrl: 'https://gitlab.com/api/v4/',
  defaultScope: ['openid', 'email', 'profile'],
  refresh: true,
  options: ['hostname'],
} as const satisfies OidcPreset

/** Options of {@link makeGitlabBlueprint}. */
export interface GitlabBlueprintOptions extends OidcPresetOptions {
  /** A self-managed GitLab host (default `GITLAB_OAUTH_HOSTNAME`, then `gitlab.com`). */
  hostname?: string
}

/**
 * Makes a GitLab blueprint. Credentials default to `GITLAB_OAUTH_CLIENT_ID` / `GITLAB_OAUTH_CLIENT_SECRET`.
 */
export function makeGitlabBlueprint(options: GitlabBlueprintOptions = {}): OidcBlueprint {
  const { hostname, ...rest } = options
  const host = hostOption(gitlabPreset, rest, 'hostname', 'HOSTNAME', hostname, 'gitlab.com')
  return oidcBlueprintFromPreset(
    { ...gitlabPreset, apiBaseUrl: `https://${host}/api/v4/` },
    rest,
    `https://${host}`,
  )
}

/** The request-scoped GitLab client: `await gitlab.get('user')`. */
export const gitlab = scopedClient('gitlab')
