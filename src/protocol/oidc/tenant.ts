/**
 * Multi-tenant issuers (Microsoft Entra ID through `common` or `organizations`): discovery names a
 * template issuer, `https://login.microsoftonline.com/{tenantid}/v2.0`, and each ID token's `iss` must
 * be that template filled with the token's own tenant claim (`tid`).
 */
import type * as oauth from 'oauth4webapi'
import { DanceError } from '../../errors.js'
import { decodeJwt } from '../../jwt.js'
import type { IdTokenClaims } from './id-token.js'

/** Issuers that name their tenant in the path, with the tenant taken from a claim (Microsoft Entra ID). */
export interface TenantIssuerRule {
  /** The placeholder in the discovered issuer, e.g. `{tenantid}`. */
  placeholder: string
  /** The ID token claim holding the tenant, e.g. `tid`. */
  claim: string
  /** Only these tenants may log in (default: any). */
  allowedTenants?: readonly string[] | undefined
}

const TENANT = /^[0-9A-Za-z-]{1,64}$/

/**
 * The metadata to validate the ID token in `response` with: the template issuer filled with the
 * token's tenant claim, read before validation. oauth4webapi then compares `iss` with it exactly and
 * the signature is checked, so an unverified claim can only pick which exact issuer is required.
 * @see [Microsoft identity platform - Access tokens: Validate the issuer](https://learn.microsoft.com/en-us/entra/identity-platform/access-tokens#validate-the-issuer)
 */
export async function tenantMetadata(
  as: oauth.AuthorizationServer,
  rule: TenantIssuerRule,
  response: Response,
): Promise<oauth.AuthorizationServer> {
  let tenant: unknown
  try {
    const body = (await response.clone().json()) as { id_token?: unknown }
    tenant = typeof body.id_token === 'string' ? decodeJwt(body.id_token)?.payload[rule.claim] : undefined
  } catch {
    tenant = undefined
  }
  // Left as the template when unusable: the issuer comparison then fails and says so.
  if (typeof tenant !== 'string' || !TENANT.test(tenant)) return as
  return { ...as, issuer: as.issuer.replace(rule.placeholder, tenant) }
}

/**
 * Throws `account_not_allowed` unless the validated claims name an allowed tenant.
 * @see [Microsoft identity platform - Convert single-tenant app to multitenant](https://learn.microsoft.com/en-us/entra/identity-platform/howto-convert-app-to-be-multi-tenant)
 */
export function checkTenantAllowed(rule: TenantIssuerRule, claims: IdTokenClaims, provider: string): void {
  if (!rule.allowedTenants) return
  const tenant = claims[rule.claim]
  if (typeof tenant !== 'string' || !rule.allowedTenants.includes(tenant)) {
    throw new DanceError('account_not_allowed', `${provider}: this tenant is not allowed to log in.`, {
      provider,
    })
  }
}
