/**
 * A blueprint for any OAuth 2 provider: the consumer options plus the provider's endpoints, as data.
 */

import { type Env, envOf, fromEnv, requireFromEnv } from '../env.js'
import type { ClientPrivateKey } from '../protocol/oauth2/client-key.js'
import { type OAuth2Protocol, oauth2Protocol } from '../protocol/oauth2/protocol.js'
import type { ClientAuthMethod, OAuth2Credentials, OAuth2Settings } from '../protocol/oauth2/settings.js'
import { Blueprint } from './blueprint.js'
import type { BlueprintOptions } from './options.js'

/** Options of {@link makeOAuth2Blueprint}. */
export interface OAuth2BlueprintOptions extends BlueprintOptions, OAuth2Settings {
  /** Client id; defaults to `<NAME>_OAUTH_CLIENT_ID`. */
  clientId?: string
  /**
   * Client secret; defaults to `<NAME>_OAUTH_CLIENT_SECRET`. Required unless `clientAuth` is `none` or
   * `private_key_jwt`.
   */
  clientSecret?: string
  /**
   * The private key of `clientAuth: 'private_key_jwt'`: a PEM, a private JWK (object or JSON), or
   * `{ key, kid, alg }`. Defaults to `<NAME>_OAUTH_CLIENT_PRIVATE_KEY`, with the key id from
   * `<NAME>_OAUTH_CLIENT_KEY_ID`.
   */
  clientPrivateKey?: ClientPrivateKey
}

/** A blueprint whose protocol is OAuth 2 (or OpenID Connect, which is OAuth 2 with a profile). */
export type OAuth2Blueprint = Blueprint<OAuth2Protocol>

/** Makes a blueprint for any OAuth 2 provider. Credentials default to `<NAME>_OAUTH_CLIENT_ID` / `_SECRET`. */
export function makeOAuth2Blueprint(options: OAuth2BlueprintOptions): OAuth2Blueprint {
  // Credentials are read once the blueprint's own options passed their checks (name, public origin).
  return new Blueprint(options, (context) =>
    oauth2Protocol(options, oauth2Credentials(options, clientAuthOf(options)), context),
  )
}

/** The client authentication the options ask for; a security profile's own when they name none. */
export function clientAuthOf(
  options: Pick<OAuth2Settings, 'clientAuth' | 'profile'>,
): ClientAuthMethod | undefined {
  return options.clientAuth ?? (options.profile === 'fapi2' ? 'private_key_jwt' : undefined)
}

/** What {@link oauth2Credentials} reads the credentials from. */
export interface CredentialOptions {
  name: string
  clientId?: string | undefined
  clientSecret?: string | undefined
  clientPrivateKey?: ClientPrivateKey | undefined
  env?: Env | undefined
}

/**
 * The client id and what `clientAuth` authenticates with (the secret, or the private key), from the
 * options or the environment; throws `config_missing_credentials` naming what is missing.
 */
export function oauth2Credentials(
  options: CredentialOptions,
  clientAuth: ClientAuthMethod | undefined,
): OAuth2Credentials {
  const env = envOf(options.env)
  const clientId = requireFromEnv(options.clientId, options.name, 'CLIENT_ID', env, 'clientId')
  if (clientAuth === 'private_key_jwt') {
    // An explicit secret is kept, only so a security profile that forbids one can refuse it.
    return { clientId, clientPrivateKey: privateKeyFrom(options, env), clientSecret: options.clientSecret }
  }
  const clientSecret =
    clientAuth === 'none' || clientAuth === 'tls_client_auth' || clientAuth === 'self_signed_tls_client_auth'
      ? fromEnv(options.clientSecret, options.name, 'CLIENT_SECRET', env)
      : requireFromEnv(options.clientSecret, options.name, 'CLIENT_SECRET', env, 'clientSecret')
  // A key beside a secret signs authorization requests (JAR); it is read only when one is configured.
  const key = fromEnv(undefined, options.name, 'CLIENT_PRIVATE_KEY', env)
  const clientPrivateKey =
    options.clientPrivateKey ?? (key === undefined ? undefined : privateKeyFrom(options, env))
  return { clientId, clientSecret, ...(clientPrivateKey !== undefined && { clientPrivateKey }) }
}

/** The `private_key_jwt` key: the option, or the PEM or JWK in `<NAME>_OAUTH_CLIENT_PRIVATE_KEY`. */
function privateKeyFrom(options: CredentialOptions, env: Env): ClientPrivateKey {
  if (options.clientPrivateKey !== undefined) return options.clientPrivateKey
  const key = requireFromEnv(undefined, options.name, 'CLIENT_PRIVATE_KEY', env, 'clientPrivateKey')
  const kid = fromEnv(undefined, options.name, 'CLIENT_KEY_ID', env)
  return kid === undefined ? key : { key, kid }
}
