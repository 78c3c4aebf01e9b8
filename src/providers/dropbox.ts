/**
 * Dropbox (API v2). Short-lived access tokens; a refresh token only with `offline: true`
 * (`token_access_type=offline`). Most API calls are `POST` with an empty or JSON body.
 *
 * @see [Dropbox - OAuth Guide](https://developers.dropbox.com/oauth-guide)
 * @see [Dropbox HTTP API - /oauth2/authorize](https://www.dropbox.com/developers/documentation/http/documentation#oauth2-authorize)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Dropbox preset. */
export const dropboxPreset = {
  id: 'dropbox',
  title: 'Dropbox',
  protocol: 'oauth2',
  docs: 'https://www.dropbox.com/developers/documentation/http/documentation#oauth2-authorize',
  facts: {
    sources: {
      refresh: {
        url: 'https://dropbox.tech/developers/using-oauth-2-0-with-offline-access',
        checked: '2026-12-05',
      },
      apiAuth: { url: 'https://developers.dropbox.com/oauth-guide', checked: '2026-12-05' },
      pkce: { url: 'https://developers.dropbox.com/oauth-guide', checked: '2026-12-05' },
      scopeSeparator: {
        url: 'https://github.com/dropbox/dropbox-sdk-js/blob/main/src/auth.js',
        checked: '2026-12-05',
      },
      // Dropbox's JavaScript SDK: the token endpoint is https://api.dropboxapi.com/oauth2/token and the
      // authorization page /oauth2/authorize on dropbox.com (the SDK names the bare host, the preset
      // www.dropbox.com).
      endpoints: {
        url: 'https://github.com/dropbox/dropbox-sdk-js/blob/main/src/utils.js',
        checked: '2026-12-05',
      },
    },
    // The same SDK sends client_id and client_secret as parameters of the token request, not HTTP Basic
    // as the preset does, so which Dropbox documents is left open; revocation is an API route
    // (auth/token/revoke) the preset does not call.
    unverified: ['clientAuth', 'revocation'],
  },
  authorizationUrl: 'https://www.dropbox.com/oauth2/authorize',
  tokenUrl: 'https://api.dropboxapi.com/oauth2/token',
  apiBaseUrl: 'https://api.dropboxapi.com/2/',
  refresh: true,
  offline: { params: { token_access_type: 'offline' } },
  clientAuth: 'client_secret_basic',
  options: ['offline', 'forceReapprove', 'disableSignup', 'requireRole'],
} as const satisfies OAuth2Preset

/** Options of {@link makeDropboxBlueprint}. */
export interface DropboxBlueprintOptions extends OAuth2PresetOptions {
  /** Show the approval page even when the user approved the app before. */
  forceReapprove?: boolean
  /** Hide the sign-up link on the login page. */
  disableSignup?: boolean
  /** Require a `work` or `personal` account (for users with both linked). */
  requireRole?: 'work' | 'personal'
}

/**
 * Makes a Dropbox blueprint. Credentials (app key and secret) default to `DROPBOX_OAUTH_CLIENT_ID` /
 * `DROPBOX_OAUTH_CLIENT_SECRET`.
 */
export function makeDropboxBlueprint(options: DropboxBlueprintOptions = {}): OAuth2Blueprint {
  const { forceReapprove, disableSignup, requireRole, ...rest } = options
  return blueprintFromPreset(dropboxPreset, {
    ...rest,
    authorizationParams: {
      ...(forceReapprove && { force_reapprove: 'true' }),
      ...(disableSignup && { disable_signup: 'true' }),
      ...(requireRole && { require_role: requireRole }),
      ...rest.authorizationParams,
    },
  })
}

/** The request-scoped Dropbox client: `await dropbox.post('users/get_current_account')`. */
export const dropbox = scopedClient('dropbox')
