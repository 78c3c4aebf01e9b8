/**
 * Auth0. `domain` is the tenant domain (`example.us.auth0.com`) or a custom domain; the issuer is
 * `https://<domain>/`, with the trailing slash. `audience` asks for an access token for your own API.
 * `offline: true` adds the `offline_access` scope (the API must allow offline access).
 *
 * @see [Auth0 Docs - OpenID Connect Protocol](https://auth0.com/docs/authenticate/protocols/openid-connect-protocol)
 * @see [Auth0 Docs - Get Refresh Tokens](https://auth0.com/docs/secure/tokens/refresh-tokens/get-refresh-tokens)
 */

import type { OidcBlueprint } from '../consumer/oidc-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { hostOption, type OidcPresetOptions, oidcBlueprintFromPreset } from './define-oidc.js'
import type { OidcPreset } from './types.js'

/** The Auth0 preset. */
export const auth0Preset = {
  id: 'auth0',
  title: 'Auth0',
  protocol: 'oidc',
  docs: 'https://auth0.com/docs/authenticate/protocols/openid-connect-protocol',
  facts: {
    sources: {
      refresh: {
        url: 'https://auth0.com/docs/secure/tokens/refresh-tokens/revoke-refresh-tokens',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://auth0.com/docs/secure/tokens/refresh-tokens/revoke-refresh-tokens',
        checked: '2026-12-05',
      },
      endpoints: { url: 'https://auth0.com/docs/api/authentication', checked: '2026-12-05' },
      pkce: { url: 'https://auth0.com/docs/api/authentication', checked: '2026-12-05' },
      clientAuth: {
        url: 'https://auth0.com/docs/get-started/applications/credentials',
        checked: '2026-12-05',
      },
    },
  },
  issuer: 'https://{domain}/',
  defaultScope: ['openid', 'email', 'profile'],
  refresh: true,
  offline: { scope: 'offline_access' },
  // Each Auth0 application picks its token endpoint authentication, Client Secret (Post) or (Basic)
  // (https://auth0.com/docs/get-started/applications/credentials); the Authentication API's code
  // exchange sends the secret in the body, so the preset does. An application set to Basic passes
  // `clientAuth: 'client_secret_basic'`.
  clientAuth: 'client_secret_post',
  options: ['domain', 'audience', 'offline'],
} as const satisfies OidcPreset

/** Options of {@link makeAuth0Blueprint}. */
export interface Auth0BlueprintOptions extends OidcPresetOptions {
  /** The tenant or custom domain (default `AUTH0_OAUTH_DOMAIN`). */
  domain?: string
  /** The API identifier access tokens are for. */
  audience?: string
}

/**
 * Makes an Auth0 blueprint. Credentials default to `AUTH0_OAUTH_CLIENT_ID` / `AUTH0_OAUTH_CLIENT_SECRET`.
 * @see [Auth0 Docs - Configure Applications with OIDC Discovery](https://auth0.com/docs/get-started/applications/configure-applications-with-oidc-discovery)
 */
export function makeAuth0Blueprint(options: Auth0BlueprintOptions = {}): OidcBlueprint {
  const { domain, audience, ...rest } = options
  const host = hostOption(auth0Preset, rest, 'domain', 'DOMAIN', domain)
  return oidcBlueprintFromPreset(
    { ...auth0Preset, apiBaseUrl: `https://${host}/` },
    {
      ...rest,
      authorizationParams: { ...(audience !== undefined && { audience }), ...rest.authorizationParams },
    },
    `https://${host}/`,
  )
}

/** The request-scoped Auth0 client. */
export const auth0 = scopedClient('auth0')
