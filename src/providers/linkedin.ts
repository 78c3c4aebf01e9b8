/**
 * LinkedIn, "Sign In with LinkedIn using OpenID Connect" (the old OAuth 2 profile flow is retired).
 * Quirks: the token endpoint wants the credentials in the body (`client_secret_post`), PKCE is refused
 * for web apps, and ID tokens carry no `nonce`, so neither is sent; the code, `state` and the ID token's
 * signature, issuer and audience still bind the login. Refresh tokens are for approved partners only.
 *
 * @see [LinkedIn - Sign In with LinkedIn using OpenID Connect](https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2)
 * @see [LinkedIn - Authorization Code Flow (3-legged OAuth)](https://learn.microsoft.com/en-us/linkedin/shared/authentication/authorization-code-flow)
 */

import type { OidcBlueprint } from '../consumer/oidc-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { type OidcPresetOptions, oidcBlueprintFromPreset } from './define-oidc.js'
import type { OidcPreset } from './types.js'

/** The LinkedIn preset. */
export const linkedinPreset = {
  id: 'linkedin',
  title: 'LinkedIn',
  protocol: 'oidc',
  docs: 'https://learn.microsoft.com/en-us/linkedin/consumer/integrations/self-serve/sign-in-with-linkedin-v2',
  facts: {
    sources: {
      refresh: {
        url: 'https://learn.microsoft.com/en-us/linkedin/shared/authentication/programmatic-refresh-tokens',
        checked: '2026-12-05',
      },
      // LinkedIn's own API client posts client_id and client_secret in the form body of the code
      // exchange (and of refreshes) at https://www.linkedin.com/oauth/v2/accessToken.
      clientAuth: {
        url: 'https://github.com/linkedin-developers/linkedin-api-js-client/blob/main/lib/auth.ts',
        checked: '2026-12-05',
      },
    },
    // The stored copies of the OpenID Connect and authorization code flow pages were read only to their
    // openings, which do not name the issuer the preset discovers its endpoints from.
    unverified: ['endpoints', 'pkce', 'revocation'],
  },
  issuer: 'https://www.linkedin.com/oauth',
  apiBaseUrl: 'https://api.linkedin.com/v2/',
  defaultScope: ['openid', 'profile', 'email'],
  refresh: false,
  clientAuth: 'client_secret_post',
  pkce: false,
  nonce: false,
} as const satisfies OidcPreset

/**
 * Makes a LinkedIn blueprint. Credentials default to `LINKEDIN_OAUTH_CLIENT_ID` / `LINKEDIN_OAUTH_CLIENT_SECRET`.
 */
export function makeLinkedinBlueprint(options: OidcPresetOptions = {}): OidcBlueprint {
  return oidcBlueprintFromPreset(linkedinPreset, options)
}

/** The request-scoped LinkedIn client: `await linkedin.get('userinfo')`. */
export const linkedin = scopedClient('linkedin')
