/**
 * Log in with PayPal. The token endpoint wants HTTP Basic client authentication; with `openid` it
 * returns an ID token this OAuth 2 preset keeps unvalidated; the profile comes from the UserInfo API.
 * `sandbox: true` moves every endpoint to the sandbox.
 *
 * @see [PayPal Developer - Integrate Log in with PayPal](https://developer.paypal.com/docs/log-in-with-paypal/integrate/)
 * @see [PayPal Identity API v1](https://developer.paypal.com/docs/api/identity/v1/)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The PayPal preset. */
export const paypalPreset = {
  id: 'paypal',
  title: 'PayPal',
  protocol: 'oauth2',
  docs: 'https://developer.paypal.com/docs/log-in-with-paypal/integrate/',
  facts: {
    sources: {
      endpoints: { url: 'https://developer.paypal.com/log-in/build', checked: '2026-12-05' },
      userinfo: { url: 'https://developer.paypal.com/api/identity/v1/userinfo-get', checked: '2026-12-05' },
      // PayPal's own Python SDK refreshes a Log in with PayPal token with the refresh_token grant.
      refresh: {
        url: 'https://github.com/paypal/PayPal-Python-SDK/blob/master/paypalrestsdk/openid_connect.py',
        checked: '2026-12-05',
      },
      // PayPal's own TypeScript server SDK calls POST /v1/oauth2/token with an "Authorization header in
      // Basic auth format" (its client-credentials call to the same token endpoint). Its Python SDK sends
      // client_id and client_secret in the form body instead (to /v1/identity/openidconnect/tokenservice),
      // so the stand-in still takes either.
      clientAuth: {
        url: 'https://github.com/paypal/PayPal-TypeScript-Server-SDK/blob/0427f97c97982f07d65bbadda6a642ec248a338a/src/controllers/oAuthAuthorizationController.ts',
        checked: '2026-12-05',
      },
    },
    unverified: ['pkce', 'scopeSeparator', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://www.paypal.com/signin/authorize',
  tokenUrl: 'https://api-m.paypal.com/v1/oauth2/token',
  userinfoUrl: 'https://api-m.paypal.com/v1/identity/openidconnect/userinfo?schema=openid',
  apiBaseUrl: 'https://api-m.paypal.com/',
  defaultScope: ['openid', 'email'],
  refresh: true,
  clientAuth: 'client_secret_basic',
  quirks: { unvalidatedIdToken: true },
  options: ['sandbox'],
} as const satisfies OAuth2Preset

/** Options of {@link makePaypalBlueprint}. */
export interface PaypalBlueprintOptions extends OAuth2PresetOptions {
  /** Use the PayPal sandbox (`www.sandbox.paypal.com`, `api-m.sandbox.paypal.com`). */
  sandbox?: boolean
}

/**
 * Makes a PayPal blueprint. Credentials default to `PAYPAL_OAUTH_CLIENT_ID` / `PAYPAL_OAUTH_CLIENT_SECRET`.
 */
export function makePaypalBlueprint(options: PaypalBlueprintOptions = {}): OAuth2Blueprint {
  const { sandbox, ...rest } = options
  if (!sandbox) return blueprintFromPreset(paypalPreset, rest)
  return blueprintFromPreset(
    { ...paypalPreset, apiBaseUrl: 'https://api-m.sandbox.paypal.com/' },
    {
      authorizationUrl: 'https://www.sandbox.paypal.com/signin/authorize',
      tokenUrl: 'https://api-m.sandbox.paypal.com/v1/oauth2/token',
      userinfoUrl: 'https://api-m.sandbox.paypal.com/v1/identity/openidconnect/userinfo?schema=openid',
      ...rest,
    },
  )
}

/** The request-scoped PayPal client: `await paypal.get('v1/identity/openidconnect/userinfo?schema=openid')`. */
export const paypal = scopedClient('paypal')
