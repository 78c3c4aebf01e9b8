/**
 * Microsoft Entra ID (formerly Azure AD), v2.0 endpoints. `tenant` is `common` (default: work, school
 * and personal accounts), `organizations`, `consumers` or a tenant ID (a GUID). Through `common` and
 * `organizations` the discovery document names the template issuer
 * `https://login.microsoftonline.com/{tenantid}/v2.0`; each ID token's `iss` must then equal that
 * template filled with its own `tid` claim, and `allowedTenants` limits which tenants may log in.
 * `offline: true` adds the `offline_access` scope for a refresh token.
 *
 * @see [Microsoft identity platform - OpenID Connect on the Microsoft identity platform](https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc)
 * @see [Microsoft identity platform - Access tokens: Validate the issuer](https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-the-issuer)
 */

import type { OidcBlueprint } from '../consumer/oidc-blueprint.js'
import { scopedClient } from '../consumer/scoped-client.js'
import { envOf } from '../env.js'
import { DanceError } from '../errors.js'
import { type OidcPresetOptions, oidcBlueprintFromPreset } from './define-oidc.js'
import type { OidcPreset } from './types.js'

const LOGIN = 'https://login.microsoftonline.com'
/** The tenant of personal Microsoft accounts, which `consumers` logins are issued by. */
export const MICROSOFT_CONSUMER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad'
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** The Microsoft Entra ID preset. */
export const azurePreset = {
  id: 'azure',
  title: 'Microsoft Entra ID',
  protocol: 'oidc',
  docs: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc',
  issuer: `${LOGIN}/{tenantid}/v2.0`,
  apiBaseUrl: 'https://graph.microsoft.com/',
  defaultScope: ['openid', 'email', 'profile', 'User.Read'],
  refresh: true,
  offline: { scope: 'offline_access' },
  options: ['tenant', 'allowedTenants', 'offline'],
} as const satisfies OidcPreset

/** Options of {@link makeAzureBlueprint}. */
export interface AzureBlueprintOptions extends OidcPresetOptions {
  /** `common` (default), `organizations`, `consumers`, or a tenant ID (GUID). */
  tenant?: string
  /** With `common` or `organizations`: only these tenant IDs may log in. */
  allowedTenants?: readonly string[]
}

/**
 * Makes a Microsoft Entra ID blueprint. Credentials default to `AZURE_OAUTH_CLIENT_ID` /
 * `AZURE_OAUTH_CLIENT_SECRET`; the tenant to `AZURE_OAUTH_TENANT`, then `common`.
 * @see [Microsoft identity platform - Find your app's OpenID configuration document URI](https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri)
 */
export function makeAzureBlueprint(options: AzureBlueprintOptions = {}): OidcBlueprint {
  const { tenant: given, allowedTenants, ...rest } = options
  const env = envOf(rest.env)
  const tenant = (given ?? env.AZURE_OAUTH_TENANT ?? 'common').toLowerCase()
  const discoveryUrl = `${LOGIN}/${tenant}/v2.0/.well-known/openid-configuration`
  if (tenant === 'common' || tenant === 'organizations') {
    return oidcBlueprintFromPreset(azurePreset, {
      discoveryUrl,
      ...rest,
      tenantIssuer: { placeholder: '{tenantid}', claim: 'tid', allowedTenants },
    })
  }
  if (allowedTenants !== undefined) {
    throw new DanceError(
      'config_invalid',
      'azure: `allowedTenants` only applies to the common and organizations tenants.',
      { provider: rest.name ?? azurePreset.id },
    )
  }
  if (tenant === 'consumers') {
    return oidcBlueprintFromPreset(
      azurePreset,
      { discoveryUrl, ...rest },
      `${LOGIN}/${MICROSOFT_CONSUMER_TENANT}/v2.0`,
    )
  }
  if (!GUID.test(tenant)) {
    // A domain name works for endpoints but the issuer names the GUID, which we must know to check it.
    throw new DanceError(
      'config_invalid',
      `azure: \`tenant\` must be common, organizations, consumers or a tenant ID (a GUID, shown on the tenant's overview page), not "${given}".`,
      { provider: rest.name ?? azurePreset.id },
    )
  }
  return oidcBlueprintFromPreset(azurePreset, rest, `${LOGIN}/${tenant}/v2.0`)
}

/** Alias of {@link makeAzureBlueprint} under the product's current name. */
export const makeEntraIdBlueprint = makeAzureBlueprint

/** The request-scoped Microsoft Graph client: `await azure.get('v1.0/me')`. */
export const azure = scopedClient('azure')
