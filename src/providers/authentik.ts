/**
 * authentik (self-hosted). Each application has its own issuer,
 * `https://<hostname>/application/o/<slug>/` (with the trailing slash). `offline: true` adds the
 * `offline_access` scope for a refresh token.
 *
 * @see [authentik Docs - OAuth 2.0 provider](https://docs.goauthentik.io/docs/add-secure-apps/providers/oauth2/)
 */

import type { OidcBlueprint } from '../consumer/oidc-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { envName, envOf } from '../env.js'
import { hostOption, type OidcPresetOptions, oidcBlueprintFromPreset, segmentOption } from './define-oidc.js'
import type { OidcPreset } from './types.js'

/** The authentik preset. */
export const authentikPreset = {
  id: 'authentik',
  title: 'authentik',
  protocol: 'oidc',
  docs: 'https://docs.goauthentik.io/docs/add-secure-apps/providers/oauth2/',
  facts: {
    sources: {
      endpoints: {
        url: 'https://docs.goauthentik.io/docs/add-secure-apps/providers/oauth2/',
        checked: '2026-12-05',
      },
      pkce: {
        url: 'https://docs.goauthentik.io/docs/add-secure-apps/providers/oauth2/',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://docs.goauthentik.io/docs/add-secure-apps/providers/oauth2/',
        checked: '2026-12-05',
      },
      rotation: {
        url: 'https://docs.goauthentik.io/docs/add-secure-apps/providers/oauth2/',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://docs.goauthentik.io/docs/add-secure-apps/providers/oauth2/',
        checked: '2026-12-05',
      },
    },
    silent: {
      facts: ['clientAuth'],
      note: 'The provider page says the code exchange is authenticated by client_id and client_secret, not whether in an HTTP Basic header or in the body; the preset uses the OpenID Connect default (HTTP Basic).',
    },
  },
  issuer: 'https://{hostname}/application/o/{slug}/',
  defaultScope: ['openid', 'email', 'profile'],
  refresh: true,
  offline: { scope: 'offline_access' },
  options: ['hostname', 'slug', 'offline'],
} as const satisfies OidcPreset

/** Options of {@link makeAuthentikBlueprint}. */
export interface AuthentikBlueprintOptions extends OidcPresetOptions {
  /** The authentik server host (default `AUTHENTIK_OAUTH_HOSTNAME`). */
  hostname?: string
  /** The application slug (default `AUTHENTIK_OAUTH_SLUG`). */
  slug?: string
}

/**
 * Makes an authentik blueprint. Credentials default to `AUTHENTIK_OAUTH_CLIENT_ID` /
 * `AUTHENTIK_OAUTH_CLIENT_SECRET`.
 */
export function makeAuthentikBlueprint(options: AuthentikBlueprintOptions = {}): OidcBlueprint {
  const { hostname, slug, ...rest } = options
  const host = hostOption(authentikPreset, rest, 'hostname', 'HOSTNAME', hostname)
  const env = envOf(rest.env)
  const app = segmentOption(
    authentikPreset,
    'slug',
    slug ?? env[envName(rest.name ?? authentikPreset.id, 'SLUG')],
  )
  return oidcBlueprintFromPreset(
    { ...authentikPreset, apiBaseUrl: `https://${host}/api/v3/` },
    rest,
    `https://${host}/application/o/${app}/`,
  )
}

/** The request-scoped authentik client. */
export const authentik = scopedClient('authentik')
