/**
 * Nextcloud (self-hosted: `hostname`, or `NEXTCLOUD_OAUTH_HOSTNAME`, required). An administrator adds
 * the app as an OAuth2 client in the Security settings; Nextcloud supports confidential clients only.
 * The endpoints are `apps/oauth2/authorize` and `apps/oauth2/api/v1/token` under the server's URL
 * (`basePath: '/index.php'` for servers without pretty URLs); the token is a Bearer token
 * (`await nextcloud.get('ocs/v2.php/cloud/user', { headers: { 'ocs-apirequest': 'true' } })`).
 *
 * @see [Nextcloud Admin Manual - OAuth2](https://github.com/nextcloud/documentation/blob/master/admin_manual/configuration_server/oauth2.rst)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { envOf, fromEnv } from '../env.js'
import { DanceError } from '../errors.js'
import { blueprintFromPreset } from './define.js'
import { checkedHost } from './host.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const MANUAL =
  'https://github.com/nextcloud/documentation/blob/master/admin_manual/configuration_server/oauth2.rst'
const CHECKED = '2026-12-05'

/** The Nextcloud preset; its URLs are for an example host: the factory replaces it. */
export const nextcloudPreset = {
  id: 'nextcloud',
  title: 'Nextcloud',
  protocol: 'oauth2',
  docs: MANUAL,
  facts: {
    sources: {
      // "Authorization endpoint: SERVER/apps/oauth2/authorize, Token endpoint: SERVER/apps/oauth2/api/v1/token".
      endpoints: { url: MANUAL, checked: CHECKED },
      // "The access token obtained is a so called Bearer token".
      apiAuth: { url: MANUAL, checked: CHECKED },
    },
    silent: {
      facts: ['clientAuth', 'pkce', 'scopeSeparator', 'refresh', 'rotation', 'revocation'],
      note: 'The manual says only that clients are confidential. How the secret is sent, PKCE, scopes, refresh and revocation are unsaid; the preset sends the secret in the form body, S256 PKCE, no scope, uses the refresh token Nextcloud returns when it does and does not revoke.',
    },
  },
  authorizationUrl: 'https://cloud.example.com/apps/oauth2/authorize',
  tokenUrl: 'https://cloud.example.com/apps/oauth2/api/v1/token',
  apiBaseUrl: 'https://cloud.example.com/',
  refresh: true,
  clientAuth: 'client_secret_post',
  options: ['hostname', 'basePath'],
} as const satisfies OAuth2Preset

/** Options of {@link makeNextcloudBlueprint}. */
export interface NextcloudBlueprintOptions extends OAuth2PresetOptions {
  /** The server's host (`cloud.example.com`, optionally with a port); default `NEXTCLOUD_OAUTH_HOSTNAME`. */
  hostname?: string
  /** A path the server lives under (`/nextcloud`, or `/index.php` without pretty URLs). */
  basePath?: string
}

/**
 * Makes a Nextcloud blueprint for one server. Credentials default to `NEXTCLOUD_OAUTH_CLIENT_ID` /
 * `NEXTCLOUD_OAUTH_CLIENT_SECRET`.
 */
export function makeNextcloudBlueprint(options: NextcloudBlueprintOptions = {}): OAuth2Blueprint {
  const { hostname, basePath = '', ...rest } = options
  const found = fromEnv(hostname, rest.name ?? nextcloudPreset.id, 'HOSTNAME', envOf(rest.env))
  if (found === undefined) {
    throw new DanceError(
      'config_invalid',
      'nextcloud: `hostname` (or NEXTCLOUD_OAUTH_HOSTNAME) must name the Nextcloud server.',
      { provider: 'nextcloud' },
    )
  }
  if (basePath !== '' && !/^(?:\/[A-Za-z0-9._~-]+)+$/.test(basePath)) {
    throw new DanceError(
      'config_invalid',
      `nextcloud: \`basePath\` must look like "/nextcloud", not "${basePath}".`,
      {
        provider: 'nextcloud',
      },
    )
  }
  const server = `https://${checkedHost('nextcloud', 'hostname', found)}${basePath}`
  return blueprintFromPreset(
    { ...nextcloudPreset, apiBaseUrl: `${server}/` },
    {
      authorizationUrl: `${server}/apps/oauth2/authorize`,
      tokenUrl: `${server}/apps/oauth2/api/v1/token`,
      ...rest,
    },
  )
}

/** The request-scoped Nextcloud client. */
export const nextcloud = scopedClient('nextcloud')
