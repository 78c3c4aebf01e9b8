/**
 * Google (OpenID Connect). `offline: true` asks for a refresh token (`access_type=offline` with
 * `prompt=consent`, since Google sends one only on consent). `hostedDomain` restricts logins to a Google
 * Workspace domain: it is sent as `hd` (which only pre-selects accounts) and the `hd` claim of the
 * validated ID token must then equal it, or the login fails with `account_not_allowed`.
 * `repromptConsent` and `repromptSelectAccount` ask Google to show the consent screen or the account
 * chooser on every login (`prompt=consent`, `prompt=select_account`, both together space-separated).
 *
 * @see [Google Identity - OpenID Connect](https://developers.google.com/identity/openid-connect/openid-connect)
 * @see [Google Identity - Using OAuth 2.0 for Web Server Applications: Refreshing an access token (offline access)](https://developers.google.com/identity/protocols/oauth2/web-server#offline)
 */

import type { OidcBlueprint } from '../consumer/oidc-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { DanceError } from '../errors.js'
import { type OidcPresetOptions, oidcBlueprintFromPreset } from './define-oidc.js'
import type { OidcPreset } from './types.js'

/** The Google preset. */
export const googlePreset = {
  id: 'google',
  title: 'Google',
  protocol: 'oidc',
  docs: 'https://developers.google.com/identity/openid-connect/openid-connect',
  facts: {
    sources: {
      endpoints: {
        url: 'https://developers.google.com/identity/openid-connect/reference',
        checked: '2026-12-05',
      },
      pkce: { url: 'https://developers.google.com/identity/openid-connect/reference', checked: '2026-12-05' },
      revocation: {
        url: 'https://developers.google.com/identity/openid-connect/reference',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://developers.google.com/identity/protocols/oauth2/web-server',
        checked: '2026-12-05',
      },
    },
    unverified: ['clientAuth'],
  },
  issuer: 'https://accounts.google.com',
  apiBaseUrl: 'https://www.googleapis.com/',
  defaultScope: ['openid', 'email', 'profile'],
  refresh: true,
  offline: { params: { access_type: 'offline', prompt: 'consent' } },
  options: ['offline', 'hostedDomain', 'repromptConsent', 'repromptSelectAccount'],
} as const satisfies OidcPreset

/** Options of {@link makeGoogleBlueprint}. */
export interface GoogleBlueprintOptions extends OidcPresetOptions {
  /** Only accounts of this Google Workspace domain may log in (`'*'`: any Workspace domain). */
  hostedDomain?: string
  /** Show the consent screen on every login (`prompt=consent`), not only the first. */
  repromptConsent?: boolean
  /** Show the account chooser on every login (`prompt=select_account`), for users with several accounts. */
  repromptSelectAccount?: boolean
}

/**
 * Makes a Google blueprint. Credentials default to `GOOGLE_OAUTH_CLIENT_ID` / `GOOGLE_OAUTH_CLIENT_SECRET`.
 * @see [Google Identity - OpenID Connect: hd parameter](https://developers.google.com/identity/openid-connect/openid-connect#hd-param)
 */
export function makeGoogleBlueprint(options: GoogleBlueprintOptions = {}): OidcBlueprint {
  const { hostedDomain, repromptConsent, repromptSelectAccount, ...given } = options
  const rest = withPrompt(given, repromptConsent, repromptSelectAccount)
  if (hostedDomain === undefined) return oidcBlueprintFromPreset(googlePreset, rest)
  const name = rest.name ?? googlePreset.id
  const own = rest.validateClaims
  return oidcBlueprintFromPreset(googlePreset, {
    ...rest,
    authorizationParams: { hd: hostedDomain, ...rest.authorizationParams },
    validateClaims: (claims) => {
      const hd = claims.hd
      // The `hd` request parameter is only a hint a user can remove; the signed claim is what counts.
      const allowed =
        typeof hd === 'string' && (hostedDomain === '*' || hd.toLowerCase() === hostedDomain.toLowerCase())
      if (!allowed) {
        throw new DanceError(
          'account_not_allowed',
          `This app only accepts Google accounts of ${hostedDomain === '*' ? 'a Workspace domain' : hostedDomain}.`,
          { provider: name },
        )
      }
      own?.(claims)
    },
  })
}

/**
 * `options` with the `prompt` the reprompt switches ask for. `offline` already asks for consent (Google
 * sends a refresh token only then), so it is kept in the list; the app's own `prompt` wins.
 * @see [Google Identity - Using OAuth 2.0 for Web Server Applications: prompt](https://developers.google.com/identity/protocols/oauth2/web-server#creatingclient)
 */
function withPrompt(
  options: OidcPresetOptions,
  consent: boolean | undefined,
  selectAccount: boolean | undefined,
): OidcPresetOptions {
  if (!consent && !selectAccount) return options
  const prompt = [
    ...(consent || options.offline ? ['consent'] : []),
    ...(selectAccount ? ['select_account'] : []),
  ].join(' ')
  return { ...options, authorizationParams: { prompt, ...options.authorizationParams } }
}

/** The request-scoped Google client: `await google.get('oauth2/v3/userinfo')`. */
export const google = scopedClient('google')
