/**
 * Docusign (Confidential Authorization Code Grant). The authentication service lives on its own host,
 * `account.docusign.com` (`developer: true` for the developer environment's `account-d.docusign.com`),
 * apart from the eSignature API: the token endpoint takes HTTP Basic client authentication and returns
 * a refresh token; `oauth/userinfo` returns the user's accounts, each with the `base_uri` of its API
 * (`await docusign.get('oauth/userinfo')`).
 *
 * @see [Docusign - Authentication reference](https://developers.docusign.com/platform/auth/reference)
 * @see [Docusign - Obtain access token endpoint](https://developers.docusign.com/platform/auth/reference/obtain-access-token)
 * @see [Docusign - User info endpoint](https://developers.docusign.com/platform/auth/reference/user-info)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

const REFERENCE = 'https://developers.docusign.com/platform/auth/reference'
const TOKEN = 'https://developers.docusign.com/platform/auth/reference/obtain-access-token'
const CHECKED = '2026-12-05'

/** The Docusign preset. */
export const docusignPreset = {
  id: 'docusign',
  title: 'Docusign',
  protocol: 'oauth2',
  docs: 'https://developers.docusign.com/platform/auth/authcode',
  facts: {
    sources: {
      // GET /oauth/auth, POST /oauth/token, GET /oauth/userinfo on account(-d).docusign.com.
      endpoints: { url: REFERENCE, checked: CHECKED },
      // "The Authorization header contains your integration key and secret key … prefixed with the word Basic."
      clientAuth: { url: TOKEN, checked: CHECKED },
      // "Optional PKCE security layer".
      pkce: {
        url: 'https://developers.docusign.com/platform/auth/confidential-authcode-get-token',
        checked: CHECKED,
      },
      // "Exchange a refresh token for an access token and a new refresh token".
      refresh: { url: TOKEN, checked: CHECKED },
      rotation: { url: TOKEN, checked: CHECKED },
      // "This endpoint requires only a valid access token".
      apiAuth: { url: 'https://developers.docusign.com/platform/auth/reference/user-info', checked: CHECKED },
    },
    silent: {
      facts: ['scopeSeparator', 'revocation'],
      note: 'The pages read do not show how several scopes are joined or a revocation endpoint; the preset joins scopes with spaces (RFC 6749) and does not revoke. The userinfo call sends the token as a Bearer header.',
    },
  },
  authorizationUrl: 'https://account.docusign.com/oauth/auth',
  tokenUrl: 'https://account.docusign.com/oauth/token',
  apiBaseUrl: 'https://account.docusign.com/',
  defaultScope: ['signature'],
  refresh: true,
  clientAuth: 'client_secret_basic',
  options: ['developer'],
} as const satisfies OAuth2Preset

/** Options of {@link makeDocusignBlueprint}. */
export interface DocusignBlueprintOptions extends OAuth2PresetOptions {
  /** Use the developer environment (`account-d.docusign.com`) instead of production. */
  developer?: boolean
}

/**
 * Makes a Docusign blueprint. Credentials (the integration key and its secret key) default to
 * `DOCUSIGN_OAUTH_CLIENT_ID` / `DOCUSIGN_OAUTH_CLIENT_SECRET`.
 */
export function makeDocusignBlueprint(options: DocusignBlueprintOptions = {}): OAuth2Blueprint {
  const { developer, ...rest } = options
  const host = developer ? 'https://account-d.docusign.com' : 'https://account.docusign.com'
  return blueprintFromPreset(
    { ...docusignPreset, apiBaseUrl: `${host}/` },
    { authorizationUrl: `${host}/oauth/auth`, tokenUrl: `${host}/oauth/token`, ...rest },
  )
}

/** The request-scoped Docusign client: `await docusign.get('oauth/userinfo')`. */
export const docusign = scopedClient('docusign')
