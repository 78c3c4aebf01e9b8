/**
 * Gitea (and Forgejo), on gitea.com or a self-hosted instance (`hostname`). Refresh tokens rotate;
 * the REST API lives under `/api/v1/`.
 *
 * @see [Gitea Docs - OAuth2 provider](https://docs.gitea.com/development/oauth2-provider)
 * @see [Gitea Docs - API Usage](https://docs.gitea.com/development/api-usage)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import { checkedHost } from './host.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Gitea preset. */
export const giteaPreset = {
  id: 'gitea',
  title: 'Gitea',
  protocol: 'oauth2',
  docs: 'https://docs.gitea.com/development/oauth2-provider',
  facts: {
    sources: {
      endpoints: { url: 'https://docs.gitea.com/development/oauth2-provider', checked: '2026-12-05' },
      clientAuth: { url: 'https://docs.gitea.com/development/oauth2-provider', checked: '2026-12-05' },
      pkce: { url: 'https://docs.gitea.com/development/oauth2-provider', checked: '2026-12-05' },
      refresh: { url: 'https://docs.gitea.com/development/oauth2-provider', checked: '2026-12-05' },
      apiAuth: { url: 'https://docs.gitea.com/development/api-usage', checked: '2026-12-05' },
    },
    silent: {
      facts: ['scopeSeparator', 'revocation'],
      note: 'The OAuth2 provider page lists no revocation endpoint and names the scopes without saying how several are joined; the preset revokes nothing and joins scopes with spaces (RFC 6749).',
    },
  },
  authorizationUrl: 'https://gitea.com/login/oauth/authorize',
  tokenUrl: 'https://gitea.com/login/oauth/access_token',
  apiBaseUrl: 'https://gitea.com/api/v1/',
  refresh: true,
  // The token endpoint is documented with client_id and client_secret in the body only.
  clientAuth: 'client_secret_post',
  quirks: { unvalidatedIdToken: true },
  options: ['hostname'],
} as const satisfies OAuth2Preset

/** Options of {@link makeGiteaBlueprint}. */
export interface GiteaBlueprintOptions extends OAuth2PresetOptions {
  /** A self-hosted instance's host (`git.example.com`, optionally with a port); default `gitea.com`. */
  hostname?: string
}

/**
 * Makes a Gitea blueprint. Credentials default to `GITEA_OAUTH_CLIENT_ID` / `GITEA_OAUTH_CLIENT_SECRET`.
 */
export function makeGiteaBlueprint(options: GiteaBlueprintOptions = {}): OAuth2Blueprint {
  const { hostname, ...rest } = options
  if (!hostname) return blueprintFromPreset(giteaPreset, rest)
  const origin = `https://${checkedHost('gitea', 'hostname', hostname)}`
  return blueprintFromPreset(
    { ...giteaPreset, apiBaseUrl: `${origin}/api/v1/` },
    {
      authorizationUrl: `${origin}/login/oauth/authorize`,
      tokenUrl: `${origin}/login/oauth/access_token`,
      ...rest,
    },
  )
}

/** The request-scoped Gitea client: `await gitea.get('user')`. */
export const gitea = scopedClient('gitea')
