/**
 * The FAPI 2.0 Security Profile as one switch: what it requires of a client is turned on (pushed
 * authorization requests, PKCE S256, DPoP-bound tokens unless a client certificate binds them, the
 * `iss` callback parameter, `private_key_jwt` with PS256, ES256 or EdDSA, or `tls_client_auth`), and a configuration that turns any of it off is refused at start-up
 * with `config_invalid`, naming the setting.
 * @see [FAPI 2.0 Security Profile](https://openid.net/specs/fapi-security-profile-2_0-final.html#section-5.3.2)
 */
import { DanceError, type FixedText } from '../../errors.js'
import type { ClientKeyAlgorithm } from './client-key.js'
import type { OAuth2Credentials, OAuth2Settings } from './settings.js'

/** The client assertion algorithms FAPI 2.0 allows (§5.4.1). */
export const FAPI2_ALGORITHMS: readonly ClientKeyAlgorithm[] = ['PS256', 'ES256', 'EdDSA']

/**
 * The settings with FAPI 2.0's requirements on; throws `config_invalid` for a setting that contradicts
 * them (PAR, PKCE, DPoP or the `iss` check off, a client secret, no known issuer).
 */
export function fapi2Settings(
  settings: OAuth2Settings,
  credentials: OAuth2Credentials,
  provider: string,
  mutualTls: boolean,
): OAuth2Settings {
  const refuse = <M extends string>(problem: FixedText<M>) =>
    new DanceError('config_invalid', `${provider}: profile "fapi2" ${problem}.`, { provider })
  if (settings.pushedAuthorizationRequests === false) throw refuse('requires pushed authorization requests')
  if (settings.pkce === false) throw refuse('requires PKCE')
  // Tokens are sender-constrained by DPoP, or by the client certificate (RFC 8705) when there is one.
  if (settings.dpop === false && !mutualTls) throw refuse('requires sender-constrained (DPoP or mTLS) tokens')
  const auth = settings.clientAuth
  const tls = auth === 'tls_client_auth' || auth === 'self_signed_tls_client_auth'
  if (auth !== undefined && auth !== 'private_key_jwt' && !(tls && mutualTls)) {
    throw refuse('requires clientAuth "private_key_jwt", or "tls_client_auth" with a certificate')
  }
  if (credentials.clientSecretFactory || credentials.clientSecret !== undefined) {
    throw refuse('does not allow a client secret')
  }
  if (!settings.issuer) throw refuse("needs the provider's issuer, for the `iss` check (RFC 9207)")
  return {
    ...settings,
    pushedAuthorizationRequests: true,
    pkce: true,
    dpop: settings.dpop ?? true,
    clientAuth: auth ?? 'private_key_jwt',
    issuerParameterSupported: true,
  }
}
