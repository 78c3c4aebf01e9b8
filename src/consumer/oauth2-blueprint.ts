/**
 * A blueprint for any OAuth 2 provider: the consumer options plus the provider's endpoints, as data.
 */

import { type Env, envOf, fromEnv, requireFromEnv } from '../env.js'
import { type OAuth2Protocol, oauth2Protocol } from '../protocol/oauth2/protocol.js'
import type { OAuth2Credentials, OAuth2Settings } from '../protocol/oauth2/settings.js'
import { Blueprint } from './blueprint.js'
import type { BlueprintOptions } from './options.js'

/** Options of {@link makeOAuth2Blueprint}. */
export interface OAuth2BlueprintOptions extends BlueprintOptions, OAuth2Settings {
  /** Client id; defaults to `<NAME>_OAUTH_CLIENT_ID`. */
  clientId?: string
  /** Client secret; defaults to `<NAME>_OAUTH_CLIENT_SECRET`. Required unless `clientAuth` is `none`. */
  clientSecret?: string
}

/** A blueprint whose protocol is OAuth 2 (or OpenID Connect, which is OAuth 2 with a profile). */
export type OAuth2Blueprint = Blueprint<OAuth2Protocol>

/** Makes a blueprint for any OAuth 2 provider. Credentials default to `<NAME>_OAUTH_CLIENT_ID` / `_SECRET`. */
export function makeOAuth2Blueprint(options: OAuth2BlueprintOptions): OAuth2Blueprint {
  // Credentials are read once the blueprint's own options passed their checks (name, public origin).
  return new Blueprint(options, (context) =>
    oauth2Protocol(options, oauth2Credentials(options, options.clientAuth === 'none'), context),
  )
}

/** The client id and secret from the options or the environment; throws `config_missing_credentials`. */
export function oauth2Credentials(
  options: { name: string; clientId?: string; clientSecret?: string; env?: Env },
  publicClient: boolean,
): OAuth2Credentials {
  const env = envOf(options.env)
  const clientId = requireFromEnv(options.clientId, options.name, 'CLIENT_ID', env, 'clientId')
  const clientSecret = publicClient
    ? fromEnv(options.clientSecret, options.name, 'CLIENT_SECRET', env)
    : requireFromEnv(options.clientSecret, options.name, 'CLIENT_SECRET', env, 'clientSecret')
  return { clientId, clientSecret }
}
