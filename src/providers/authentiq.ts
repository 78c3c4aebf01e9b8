/**
 * Authentiq Connect, on its cloud host or a self-hosted one (`hostname`). Authentiq speaks OpenID
 * Connect; like Flask-Dance's preset, this one uses it as OAuth 2 and reads the profile from UserInfo,
 * keeping the ID token unvalidated.
 *
 * @see [Authentiq Developers](https://developers.authentiq.com/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import { checkedHost } from './host.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Authentiq preset. */
export const authentiqPreset = {
  id: 'authentiq',
  title: 'Authentiq',
  protocol: 'oauth2',
  docs: 'https://developers.authentiq.com/',
  facts: {
    sources: {
      endpoints: {
        url: 'https://github.com/AuthentiqID/authentiq-docs/blob/HEAD/docs/integration.md',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://github.com/AuthentiqID/authentiq-docs/blob/HEAD/docs/integration.md',
        checked: '2026-12-05',
      },
      userinfo: {
        url: 'https://github.com/AuthentiqID/authentiq-docs/blob/HEAD/docs/integration.md',
        checked: '2026-12-05',
      },
      // Authentiq's own API reference: the token endpoint "supports both client_secret_post and
      // client_secret_basic", per the client's token_endpoint_auth_method (so the stand-in takes either).
      clientAuth: {
        url: 'https://github.com/AuthentiqID/authentiq-docs/blob/1ecdeb878139f316eaafa6f5c94e56389add5aad/docs/swagger/provider.yaml',
        checked: '2026-12-05',
      },
      // "exchange it for an access and/or refresh token at the Authentiq Connect token endpoint".
      refresh: {
        url: 'https://github.com/AuthentiqID/authentiq-docs/blob/11d8058f7e87478db989c2780172c78af893d6b1/docs/integration.md',
        checked: '2026-12-05',
      },
    },
    silent: {
      facts: ['revocation'],
      note: "Authentiq's API reference (docs/swagger/provider.yaml) lists the authorize, token, userinfo, client-registration and session-iframe endpoints and no revocation endpoint; the preset has no revocation.",
    },
    unverified: ['pkce', 'apiAuth'],
  },
  authorizationUrl: 'https://connect.authentiq.io/authorize',
  tokenUrl: 'https://connect.authentiq.io/token',
  userinfoUrl: 'https://connect.authentiq.io/userinfo',
  apiBaseUrl: 'https://connect.authentiq.io/',
  defaultScope: ['openid', 'profile'],
  refresh: true,
  clientAuth: 'client_secret_basic',
  quirks: { unvalidatedIdToken: true },
  options: ['hostname'],
} as const satisfies OAuth2Preset

/** Options of {@link makeAuthentiqBlueprint}. */
export interface AuthentiqBlueprintOptions extends OAuth2PresetOptions {
  /** A self-hosted Authentiq Connect host (default `connect.authentiq.io`). */
  hostname?: string
}

/**
 * Makes an Authentiq blueprint. Credentials default to `AUTHENTIQ_OAUTH_CLIENT_ID` / `AUTHENTIQ_OAUTH_CLIENT_SECRET`.
 */
export function makeAuthentiqBlueprint(options: AuthentiqBlueprintOptions = {}): OAuth2Blueprint {
  const { hostname, ...rest } = options
  if (!hostname) return blueprintFromPreset(authentiqPreset, rest)
  const origin = `https://${checkedHost('authentiq', 'hostname', hostname)}`
  return blueprintFromPreset(
    { ...authentiqPreset, apiBaseUrl: `${origin}/` },
    {
      authorizationUrl: `${origin}/authorize`,
      tokenUrl: `${origin}/token`,
      userinfoUrl: `${origin}/userinfo`,
      ...rest,
    },
  )
}

/** The request-scoped Authentiq client: `await authentiq.get('userinfo')`. */
export const authentiq = scopedClient('authentiq')
