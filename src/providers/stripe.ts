/**
 * Stripe Connect OAuth (Standard accounts). The "client secret" is the platform's secret API key, sent
 * as a parameter; the answer names the connected account (`stripe_user_id`) and its publishable key.
 * Prefer calling the API with the platform key and a `Stripe-Account` header; the access token also
 * works as a bearer token.
 *
 * @see [Stripe Docs - Connect OAuth reference](https://docs.stripe.com/connect/oauth-reference)
 */

import type { OAuth2Blueprint } from '../consumer/oauth2-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { blueprintFromPreset } from './define.js'
import type { OAuth2Preset, OAuth2PresetOptions } from './types.js'

/** The Stripe Connect preset. */
export const stripePreset = {
  id: 'stripe',
  title: 'Stripe Connect',
  protocol: 'oauth2',
  docs: 'https://docs.stripe.com/connect/oauth-reference',
  facts: {
    sources: {
      // Stripe's PHP library: /oauth/authorize and /oauth/token under its connect base,
      // https://connect.stripe.com (lib/Stripe.php).
      endpoints: {
        url: 'https://github.com/stripe/stripe-php/blob/master/lib/OAuth.php',
        checked: '2026-12-05',
      },
      // The same library's OAuth test answers the code exchange with a bearer access token and a
      // refresh_token (tests/Stripe/OAuthTest.php).
      refresh: {
        url: 'https://github.com/stripe/stripe-php/blob/0e6e30f04a687c23e257418c03d054a8c2f8d3f9/tests/Stripe/OAuthTest.php',
        checked: '2026-12-05',
      },
    },
    // The same library authenticates the code exchange with the platform's secret key as its API key,
    // not as the `client_secret` parameter the preset sends, so the stand-in takes either. Its only
    // disconnect call is /oauth/deauthorize (client_id and stripe_user_id, not a token), which the preset
    // does not model as revocation.
    unverified: ['clientAuth', 'pkce', 'scopeSeparator', 'revocation', 'apiAuth'],
  },
  authorizationUrl: 'https://connect.stripe.com/oauth/authorize',
  tokenUrl: 'https://connect.stripe.com/oauth/token',
  apiBaseUrl: 'https://api.stripe.com/v1/',
  defaultScope: ['read_write'],
  refresh: true,
  clientAuth: 'client_secret_post',
  pkce: false,
} as const satisfies OAuth2Preset

/**
 * Makes a Stripe Connect blueprint. Credentials default to `STRIPE_OAUTH_CLIENT_ID` (the `ca_` id) and
 * `STRIPE_OAUTH_CLIENT_SECRET` (the platform's secret key).
 */
export function makeStripeBlueprint(options: OAuth2PresetOptions = {}): OAuth2Blueprint {
  return blueprintFromPreset(stripePreset, options)
}

/** The request-scoped Stripe client: `await stripe.get('account')`. */
export const stripe = scopedClient('stripe')
