/**
 * Okta. `domain` is the Okta org (`dev-123.okta.com`, or a custom domain); `authorizationServer` is the
 * custom authorization server (default `default`), or `null` for the org authorization server, whose
 * tokens only Okta's own APIs accept. `offline: true` adds the `offline_access` scope.
 *
 * @see [Okta Developer - OpenID Connect & OAuth 2.0 API](https://developer.okta.com/docs/reference/api/oidc/)
 * @see [Okta Developer - Authorization servers](https://developer.okta.com/docs/concepts/auth-servers/)
 */

import type { OidcBlueprint } from '../consumer/oidc-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { hostOption, type OidcPresetOptions, oidcBlueprintFromPreset, segmentOption } from './define-oidc.js'
import type { OidcPreset } from './types.js'

/** The Okta preset. */
export const oktaPreset = {
  id: 'okta',
  title: 'Okta',
  protocol: 'oidc',
  docs: 'https://developer.okta.com/docs/reference/api/oidc/',
  facts: {
    sources: {
      endpoints: { url: 'https://developer.okta.com/docs/reference/api/oidc/', checked: '2026-12-05' },
      pkce: { url: 'https://developer.okta.com/docs/reference/api/oidc/', checked: '2026-12-05' },
      refresh: { url: 'https://developer.okta.com/docs/reference/api/oidc/', checked: '2026-12-05' },
      revocation: { url: 'https://developer.okta.com/docs/reference/api/oidc/', checked: '2026-12-05' },
      clientAuth: { url: 'https://developer.okta.com/docs/reference/api/oidc/', checked: '2026-12-05' },
    },
  },
  issuer: 'https://{domain}/oauth2/{authorizationServer}',
  defaultScope: ['openid', 'email', 'profile'],
  refresh: true,
  offline: { scope: 'offline_access' },
  options: ['domain', 'authorizationServer', 'offline'],
} as const satisfies OidcPreset

/** Options of {@link makeOktaBlueprint}. */
export interface OktaBlueprintOptions extends OidcPresetOptions {
  /** The Okta domain, e.g. `dev-123456.okta.com` (default `OKTA_OAUTH_DOMAIN`). */
  domain?: string
  /** Custom authorization server id (default `default`); `null` for the org authorization server. */
  authorizationServer?: string | null
}

/**
 * Makes an Okta blueprint. Credentials default to `OKTA_OAUTH_CLIENT_ID` / `OKTA_OAUTH_CLIENT_SECRET`.
 * @see [Okta Developer - OpenID Connect & OAuth 2.0 API: /.well-known/openid-configuration](https://developer.okta.com/docs/reference/api/oidc/#well-known-openid-configuration)
 */
export function makeOktaBlueprint(options: OktaBlueprintOptions = {}): OidcBlueprint {
  const { domain, authorizationServer = 'default', ...rest } = options
  const host = hostOption(oktaPreset, rest, 'domain', 'DOMAIN', domain)
  const issuer =
    authorizationServer === null
      ? `https://${host}`
      : `https://${host}/oauth2/${segmentOption(oktaPreset, 'authorizationServer', authorizationServer)}`
  return oidcBlueprintFromPreset({ ...oktaPreset, apiBaseUrl: `https://${host}/` }, rest, issuer)
}

/** The request-scoped Okta client. */
export const okta = scopedClient('okta')
