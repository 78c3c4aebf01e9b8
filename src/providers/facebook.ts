/**
 * Facebook Login (manual flow) and the Graph API.
 *
 * The token endpoint takes the client id and secret as parameters and answers JSON; Facebook issues
 * no refresh tokens (long-lived tokens come from a separate exchange). Graph calls may be pinned to a
 * version with `apiVersion`; unversioned calls use the app's oldest available version.
 *
 * @see [Facebook Login - Manually Build a Login Flow](https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow)
 * @see [Graph API - Versioning](https://developers.facebook.com/docs/graph-api/guides/versioning)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The OAuth client of Facebook's PHP Graph SDK (archived by Facebook, still its published code). */
const FACEBOOK_SDK_OAUTH2_CLIENT =
  'https://github.com/facebookarchive/php-graph-sdk/blob/master/src/Facebook/Authentication/OAuth2Client.php'

/** The Facebook preset. */
export const facebookPreset = {
  id: 'facebook',
  title: 'Facebook',
  protocol: 'oauth2',
  docs: 'https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow',
  facts: {
    sources: {
      pkce: {
        url: 'https://developers.facebook.com/documentation/facebook-login/guides/advanced/oidc-token',
        checked: '2026-12-05',
      },
      endpoints: {
        url: 'https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow',
        checked: '2026-12-05',
      },
      // Facebook's own PHP Graph SDK: the code exchange sends client_id and client_secret as request
      // parameters of /oauth/access_token (a GET there; the preset POSTs the same parameters as a
      // form), and the dialog's scope is joined with commas.
      clientAuth: { url: FACEBOOK_SDK_OAUTH2_CLIENT, checked: '2026-12-05' },
      scopeSeparator: { url: FACEBOOK_SDK_OAUTH2_CLIENT, checked: '2026-12-05' },
    },
    unverified: ['refresh', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://www.facebook.com/dialog/oauth',
  tokenUrl: 'https://graph.facebook.com/oauth/access_token',
  apiBaseUrl: 'https://graph.facebook.com/',
  defaultScope: ['public_profile', 'email'],
  refresh: false,
  clientAuth: 'client_secret_post',
  quirks: { scopeSeparator: ',' },
  options: ['apiVersion', 'rerequest'],
} as const satisfies OAuth2Preset

/** Options of {@link makeFacebookBlueprint}. */
export interface FacebookBlueprintOptions extends OAuth2PresetOptions {
  /** Pin the dialog, token endpoint and Graph API to a version such as `v23.0`. */
  apiVersion?: string
  /** Ask again for permissions the user declined before (`auth_type=rerequest`). */
  rerequest?: boolean
}

/**
 * Makes a Facebook blueprint. Credentials default to `FACEBOOK_OAUTH_CLIENT_ID` / `FACEBOOK_OAUTH_CLIENT_SECRET`.
 * @see [Facebook Login - Manually Build a Login Flow: Confirming Identity](https://developers.facebook.com/docs/facebook-login/guides/advanced/manual-flow#confirm)
 */
export function makeFacebookBlueprint(options: FacebookBlueprintOptions = {}): OAuth2Blueprint {
  const { apiVersion, rerequest, ...rest } = options
  const v = apiVersion ? `${encodeURIComponent(apiVersion)}/` : ''
  return blueprintFromPreset(
    { ...facebookPreset, apiBaseUrl: `https://graph.facebook.com/${v}` },
    {
      authorizationUrl: `https://www.facebook.com/${v}dialog/oauth`,
      tokenUrl: `https://graph.facebook.com/${v}oauth/access_token`,
      ...rest,
      authorizationParams: { ...(rerequest && { auth_type: 'rerequest' }), ...rest.authorizationParams },
    },
  )
}

/** The request-scoped Facebook Graph API client: `await facebook.get('/me')`. */
export const facebook = scopedClient('facebook')
