/**
 * Keycloak (self-hosted). `hostname` is the server (`sso.example.com`, optionally with a port), `realm`
 * the realm; the issuer is `https://<hostname>/realms/<realm>` (Keycloak 17+). Servers still on the
 * legacy `/auth` path set `basePath: '/auth'`. `offline: true` asks for an offline token
 * (`offline_access` scope); ordinary refresh tokens come without it.
 *
 * @see [Keycloak - Securing applications with OpenID Connect](https://www.keycloak.org/securing-apps/oidc-layers)
 * @see [Keycloak Server Administration Guide - Offline access](https://www.keycloak.org/docs/latest/server_admin/#_offline-access)
 */

import type { OidcBlueprint } from '../consumer/oidc-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { envName, envOf } from '../env.js'
import { DanceError } from '../errors.js'
import { hostOption, type OidcPresetOptions, oidcBlueprintFromPreset, segmentOption } from './define-oidc.js'
import type { OidcPreset } from './types.js'

/** The Keycloak preset. */
export const keycloakPreset = {
  id: 'keycloak',
  title: 'Keycloak',
  protocol: 'oidc',
  docs: 'https://www.keycloak.org/securing-apps/oidc-layers',
  facts: {
    sources: {
      endpoints: { url: 'https://www.keycloak.org/securing-apps/oidc-layers', checked: '2026-12-05' },
      refresh: { url: 'https://www.keycloak.org/securing-apps/oidc-layers', checked: '2026-12-05' },
      revocation: { url: 'https://www.keycloak.org/securing-apps/oidc-layers', checked: '2026-12-05' },
      pkce: { url: 'https://www.keycloak.org/securing-apps/specifications', checked: '2026-12-05' },
    },
    silent: {
      facts: ['clientAuth'],
      note: 'The OpenID Connect guide shows client_id and client_secret in the token request body and does not mention HTTP Basic; the preset uses the OpenID Connect default (HTTP Basic).',
    },
  },
  issuer: 'https://{hostname}/realms/{realm}',
  defaultScope: ['openid', 'email', 'profile'],
  refresh: true,
  offline: { scope: 'offline_access' },
  options: ['hostname', 'realm', 'basePath', 'offline'],
} as const satisfies OidcPreset

/** Options of {@link makeKeycloakBlueprint}. */
export interface KeycloakBlueprintOptions extends OidcPresetOptions {
  /** The Keycloak server host (default `KEYCLOAK_OAUTH_HOSTNAME`). */
  hostname?: string
  /** The realm (default `KEYCLOAK_OAUTH_REALM`). */
  realm?: string
  /** Path prefix of legacy servers (`/auth`); default none. */
  basePath?: string
}

/**
 * Makes a Keycloak blueprint. Credentials default to `KEYCLOAK_OAUTH_CLIENT_ID` / `KEYCLOAK_OAUTH_CLIENT_SECRET`.
 * @see [Keycloak - Securing applications with OpenID Connect: Endpoints](https://www.keycloak.org/securing-apps/oidc-layers#_endpoints)
 */
export function makeKeycloakBlueprint(options: KeycloakBlueprintOptions = {}): OidcBlueprint {
  const { hostname, realm, basePath = '', ...rest } = options
  const host = hostOption(keycloakPreset, rest, 'hostname', 'HOSTNAME', hostname)
  const env = envOf(rest.env)
  const realmName = segmentOption(
    keycloakPreset,
    'realm',
    realm ?? env[envName(rest.name ?? keycloakPreset.id, 'REALM')],
  )
  if (basePath !== '' && !/^(\/[A-Za-z0-9._~-]+)+$/.test(basePath)) {
    throw new DanceError(
      'config_invalid',
      `keycloak: \`basePath\` must look like "/auth", not "${basePath}".`,
      { provider: rest.name ?? keycloakPreset.id },
    )
  }
  const issuer = `https://${host}${basePath}/realms/${encodeURIComponent(realmName)}`
  return oidcBlueprintFromPreset({ ...keycloakPreset, apiBaseUrl: `${issuer}/` }, rest, issuer)
}

/** The request-scoped Keycloak client (API paths resolve under the realm). */
export const keycloak = scopedClient('keycloak')
