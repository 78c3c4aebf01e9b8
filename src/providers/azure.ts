/**
 * Microsoft Entra ID (formerly Azure AD), v2.0 endpoints. `tenant` is `common` (default: work, school
 * and personal accounts), `organizations`, `consumers`, a tenant ID (a GUID) or one of the tenant's
 * domain names (`contoso.onmicrosoft.com`), whose discovery document then names the tenant ID the
 * issuer is held to. `prompt`, `domainHint` and `loginHint` are the authorization request's `prompt`,
 * `domain_hint` and `login_hint`. Through `common` and
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
import { checkedHost } from './host.js'
import type { OidcPreset } from './types.js'

const LOGIN = 'https://login.microsoftonline.com'
/** The tenant of personal Microsoft accounts, which `consumers` logins are issued by. */
export const MICROSOFT_CONSUMER_TENANT = '9188040d-6c67-4c5b-b112-36a304b66dad'
const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
/** The issuer of one tenant, named by its ID. */
const TENANT_ISSUER =
  /^https:\/\/login\.microsoftonline\.com\/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}\/v2\.0$/

/** The Microsoft Entra ID preset. */
export const azurePreset = {
  id: 'azure',
  title: 'Microsoft Entra ID',
  protocol: 'oidc',
  docs: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc',
  facts: {
    sources: {
      endpoints: {
        url: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow',
        checked: '2026-12-05',
      },
      clientAuth: {
        url: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow',
        checked: '2026-12-05',
      },
      pkce: {
        url: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow',
        checked: '2026-12-05',
      },
      refresh: {
        url: 'https://learn.microsoft.com/en-us/entra/identity-platform/v2-oauth2-auth-code-flow',
        checked: '2026-12-05',
      },
    },
    silent: {
      facts: ['revocation'],
      note: 'The authorization code flow reference names no token revocation endpoint, so the preset revokes nothing at Microsoft.',
    },
  },
  issuer: `${LOGIN}/{tenantid}/v2.0`,
  apiBaseUrl: 'https://graph.microsoft.com/',
  defaultScope: ['openid', 'email', 'profile', 'User.Read'],
  refresh: true,
  offline: { scope: 'offline_access' },
  options: ['tenant', 'allowedTenants', 'offline', 'prompt', 'domainHint', 'loginHint'],
} as const satisfies OidcPreset

/** Options of {@link makeAzureBlueprint}. */
export interface AzureBlueprintOptions extends OidcPresetOptions {
  /** `common` (default), `organizations`, `consumers`, a tenant ID (GUID) or a domain name of the tenant. */
  tenant?: string
  /** With `common` or `organizations`: only these tenant IDs may log in. */
  allowedTenants?: readonly string[]
  /** The sign-in page's behaviour: ask for the password again, for consent, for an account, or nothing. */
  prompt?: 'login' | 'none' | 'consent' | 'select_account'
  /** Skips the e-mail based discovery and goes to this tenant's or federation's sign-in page (`domain_hint`). */
  domainHint?: string
  /** Pre-fills the sign-in name (`login_hint`), e.g. the user's e-mail address. */
  loginHint?: string
}

/**
 * Makes a Microsoft Entra ID blueprint. Credentials default to `AZURE_OAUTH_CLIENT_ID` /
 * `AZURE_OAUTH_CLIENT_SECRET`; the tenant to `AZURE_OAUTH_TENANT`, then `common`.
 * @see [Microsoft identity platform - Find your app's OpenID configuration document URI](https://learn.microsoft.com/en-us/entra/identity-platform/v2-protocols-oidc#find-your-apps-openid-configuration-document-uri)
 */
export function makeAzureBlueprint(options: AzureBlueprintOptions = {}): OidcBlueprint {
  const { tenant: given, allowedTenants, prompt, domainHint, loginHint, ...rest } = options
  const env = envOf(rest.env)
  const hints = {
    ...(prompt !== undefined && { prompt }),
    ...(domainHint !== undefined && { domain_hint: domainHint }),
    ...(loginHint !== undefined && { login_hint: loginHint }),
  }
  if (Object.keys(hints).length > 0) rest.authorizationParams = { ...hints, ...rest.authorizationParams }
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
  if (GUID.test(tenant)) return oidcBlueprintFromPreset(azurePreset, rest, `${LOGIN}/${tenant}/v2.0`)
  // A domain name: the issuer names the tenant's ID, which only the tenant's discovery document (fetched
  // from Microsoft's fixed origin) can tell; the document then holds every ID token to that one issuer.
  const name = rest.name ?? azurePreset.id
  if (!tenant.includes('.')) {
    throw new DanceError(
      'config_invalid',
      `azure: \`tenant\` must be common, organizations, consumers, a tenant ID (a GUID) or a domain name of the tenant such as contoso.onmicrosoft.com, not "${given}".`,
      { provider: name },
    )
  }
  const domain = checkedHost(name, 'tenant', tenant)
  return oidcBlueprintFromPreset(
    azurePreset,
    {
      discoveryUrl: `${LOGIN}/${domain}/v2.0/.well-known/openid-configuration`,
      issuerPattern: TENANT_ISSUER,
      ...rest,
    },
    `${LOGIN}/${domain}/v2.0`,
  )
}

/** Alias of {@link makeAzureBlueprint} under the product's current name. */
export const makeEntraIdBlueprint = makeAzureBlueprint

/** The request-scoped Microsoft Graph client: `await azure.get('v1.0/me')`. */
export const azure = scopedClient('azure')
