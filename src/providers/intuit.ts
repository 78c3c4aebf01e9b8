/**
 * Intuit QuickBooks Online. The token endpoint wants HTTP Basic client authentication; access tokens
 * last an hour and refresh tokens 100 days (rotating). The callback carries the company id
 * (`realmId`) that API paths need (`company/<realmId>/...`): read it in the `authorized` hook. The
 * API answers XML unless asked for JSON, so the preset sends `Accept: application/json`.
 *
 * @see [Intuit Developer - Set up OAuth 2.0](https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Intuit QuickBooks preset. */
export const intuitPreset = {
  id: 'intuit',
  title: 'Intuit QuickBooks',
  protocol: 'oauth2',
  docs: 'https://developer.intuit.com/app/developer/qbo/docs/develop/authentication-and-authorization/oauth-2.0',
  facts: {
    sources: {
      endpoints: {
        url: 'https://github.com/intuit/oauth-jsclient/blob/master/src/OAuthClient.js',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://github.com/intuit/oauth-jsclient/blob/master/src/OAuthClient.js',
        checked: '2026-12-05',
      },
      scopeSeparator: {
        url: 'https://github.com/intuit/oauth-jsclient/blob/master/src/OAuthClient.js',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://github.com/intuit/oauth-jsclient/blob/master/src/OAuthClient.js',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://github.com/intuit/oauth-jsclient/blob/master/src/OAuthClient.js',
        checked: '2026-12-05',
      },
    },
    unverified: ['pkce', 'apiAuth'],
  },
  authorizationUrl: 'https://appcenter.intuit.com/connect/oauth2',
  tokenUrl: 'https://oauth.platform.intuit.com/oauth2/v1/tokens/bearer',
  // Intuit revokes at its own endpoint, one for sandbox and production alike, reading a JSON body
  // (intuit/oauth-jsclient OAuthClient.revokeEndpoint, checked 2026-12-05).
  revocationUrl: 'https://developer.api.intuit.com/v2/oauth2/tokens/revoke',
  apiBaseUrl: 'https://quickbooks.api.intuit.com/v3/',
  defaultScope: ['com.intuit.quickbooks.accounting'],
  refresh: true,
  clientAuth: 'client_secret_basic',
  quirks: { unvalidatedIdToken: true, apiHeaders: { accept: 'application/json' }, revocationParams: 'json' },
  options: ['sandbox'],
} as const satisfies OAuth2Preset

/** Options of {@link makeIntuitBlueprint}. */
export interface IntuitBlueprintOptions extends OAuth2PresetOptions {
  /** Call the sandbox companies' API (`sandbox-quickbooks.api.intuit.com`). */
  sandbox?: boolean
}

/**
 * Makes an Intuit QuickBooks blueprint. Credentials default to `INTUIT_OAUTH_CLIENT_ID` / `INTUIT_OAUTH_CLIENT_SECRET`.
 */
export function makeIntuitBlueprint(options: IntuitBlueprintOptions = {}): OAuth2Blueprint {
  const { sandbox, ...rest } = options
  return blueprintFromPreset(
    sandbox ? { ...intuitPreset, apiBaseUrl: 'https://sandbox-quickbooks.api.intuit.com/v3/' } : intuitPreset,
    rest,
  )
}

/** The request-scoped QuickBooks client: `await intuit.get(\`company/${realmId}/companyinfo/${realmId}\`)`. */
export const intuit = scopedClient('intuit')
