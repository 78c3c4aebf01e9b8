/**
 * Salesforce. The issuer is `https://login.salesforce.com`, `https://test.salesforce.com` with
 * `sandbox: true`, or your My Domain (`domain: 'acme.my.salesforce.com'`). `offline: true` adds the
 * `refresh_token` scope; add the `api` scope to call the REST API. API calls go to the org's instance, which the token response names in
 * `instance_url`: with My Domain it is the `baseUrl` we set; otherwise pass `baseUrl` yourself.
 * `repromptConsent` asks for approval again on every login (`prompt=consent`).
 *
 * @see [Salesforce Help - Using OpenID Connect](https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm)
 * @see [Salesforce Help - OAuth 2.0 Web Server Flow](https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm)
 */

import type { OidcBlueprint } from '../consumer/oidc-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { envName, envOf } from '../env.js'
import { hostOption, type OidcPresetOptions, oidcBlueprintFromPreset } from './define-oidc.js'
import type { OidcPreset } from './types.js'

/** The Salesforce preset. */
export const salesforcePreset = {
  id: 'salesforce',
  title: 'Salesforce',
  protocol: 'oidc',
  docs: 'https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid.htm',
  facts: {
    sources: {
      pkce: {
        url: 'https://help.salesforce.com/s/articleView?id=remoteaccess_oauth_web_server_flow.htm',
        checked: '2026-12-05',
      },
      revocation: {
        url: 'https://help.salesforce.com/s/articleView?id=xcloud.remoteaccess_revoke_token.htm',
        checked: '2026-12-05',
      },
    },
    unverified: ['endpoints', 'clientAuth', 'refresh'],
  },
  issuer: 'https://login.salesforce.com',
  defaultScope: ['openid', 'email', 'profile'],
  refresh: true,
  offline: { scope: 'refresh_token' },
  options: ['domain', 'sandbox', 'offline', 'repromptConsent'],
} as const satisfies OidcPreset

/** Options of {@link makeSalesforceBlueprint}. */
export interface SalesforceBlueprintOptions extends OidcPresetOptions {
  /** Your My Domain host, e.g. `acme.my.salesforce.com` (default `SALESFORCE_OAUTH_DOMAIN`). */
  domain?: string
  /** Log in to a sandbox (`test.salesforce.com`). Ignored with `domain`. */
  sandbox?: boolean
  /** Ask the user to approve the app again on every login (`prompt=consent`). */
  repromptConsent?: boolean
}

/**
 * Makes a Salesforce blueprint. Credentials default to `SALESFORCE_OAUTH_CLIENT_ID` /
 * `SALESFORCE_OAUTH_CLIENT_SECRET`.
 * @see [Salesforce Help - OpenID Connect Discovery Endpoint](https://help.salesforce.com/s/articleView?id=sf.remoteaccess_using_openid_discovery_endpoint.htm)
 * @see [Salesforce Help - OAuth 2.0 Web Server Flow: prompt](https://help.salesforce.com/s/articleView?id=sf.remoteaccess_oauth_web_server_flow.htm)
 */
export function makeSalesforceBlueprint(options: SalesforceBlueprintOptions = {}): OidcBlueprint {
  const { domain, sandbox, repromptConsent, ...rest } = options
  if (repromptConsent) rest.authorizationParams = { prompt: 'consent', ...rest.authorizationParams }
  const env = envOf(rest.env)
  const hasDomain =
    domain !== undefined || env[envName(rest.name ?? salesforcePreset.id, 'DOMAIN')] !== undefined
  if (hasDomain) {
    const host = hostOption(salesforcePreset, rest, 'domain', 'DOMAIN', domain)
    return oidcBlueprintFromPreset(
      { ...salesforcePreset, apiBaseUrl: `https://${host}/` },
      rest,
      `https://${host}`,
    )
  }
  const issuer = sandbox ? 'https://test.salesforce.com' : salesforcePreset.issuer
  return oidcBlueprintFromPreset(salesforcePreset, rest, issuer)
}

/** The request-scoped Salesforce client: `await salesforce.get('services/data/v62.0/sobjects')`. */
export const salesforce = scopedClient('salesforce')
