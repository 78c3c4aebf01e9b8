/**
 * A blueprint for any OAuth 1.0a provider: the consumer options plus the provider's three endpoints
 * and how requests are signed.
 */

import { envName, envOf, fromEnv } from '../env.js'
import { DanceError } from '../errors.js'
import { OAuth1Protocol } from '../protocol/oauth1/protocol.js'
import type { OAuth1Credentials, OAuth1Settings } from '../protocol/oauth1/settings.js'
import { Blueprint } from './blueprint.js'
import type { BlueprintOptions } from './options.js'

/** Options of {@link makeOAuth1Blueprint}. */
export interface OAuth1BlueprintOptions extends BlueprintOptions, OAuth1Settings {
  /** Consumer key; defaults to `<NAME>_OAUTH_CLIENT_ID`, then `<NAME>_OAUTH_CONSUMER_KEY`. */
  consumerKey?: string
  /** Consumer secret; defaults to `<NAME>_OAUTH_CLIENT_SECRET`, then `<NAME>_OAUTH_CONSUMER_SECRET`. Not used by RSA-SHA1. */
  consumerSecret?: string
  /** RSA private key for RSA-SHA1: PEM text or a file path; defaults to `<NAME>_OAUTH_RSA_KEY`. */
  rsaKey?: string
}

/** A blueprint whose protocol is OAuth 1.0a. */
export type OAuth1Blueprint = Blueprint<OAuth1Protocol>

/** Makes a blueprint for any OAuth 1.0a provider. */
export function makeOAuth1Blueprint(options: OAuth1BlueprintOptions): OAuth1Blueprint {
  // Credentials are read once the blueprint's own options passed their checks (name, public origin).
  return new Blueprint(options, (context) => new OAuth1Protocol(options, oauth1Credentials(options), context))
}

/** The consumer credentials from the options or the environment; throws `config_missing_credentials`. */
function oauth1Credentials(options: OAuth1BlueprintOptions): OAuth1Credentials {
  const env = envOf(options.env)
  const { name } = options
  const method = options.signatureMethod ?? 'HMAC-SHA1'
  const consumerKey =
    fromEnv(options.consumerKey, name, 'CLIENT_ID', env) ?? fromEnv(undefined, name, 'CONSUMER_KEY', env)
  if (consumerKey === undefined) throw missing(name, 'consumerKey', ['CLIENT_ID', 'CONSUMER_KEY'])
  const consumerSecret =
    fromEnv(options.consumerSecret, name, 'CLIENT_SECRET', env) ??
    fromEnv(undefined, name, 'CONSUMER_SECRET', env)
  if (consumerSecret === undefined && method !== 'RSA-SHA1') {
    throw missing(name, 'consumerSecret', ['CLIENT_SECRET', 'CONSUMER_SECRET'])
  }
  const rsaKey = fromEnv(options.rsaKey, name, 'RSA_KEY', env)
  if (method === 'RSA-SHA1' && rsaKey === undefined) throw missing(name, 'rsaKey', ['RSA_KEY'])
  return { consumerKey, consumerSecret, rsaKey }
}

function missing(name: string, option: string, fields: readonly string[]): DanceError {
  const names = fields.map((field) => envName(name, field)).join(' or ')
  return new DanceError(
    'config_missing_credentials',
    `The ${name} blueprint needs \`${option}\`: pass it, or set ${names} in the environment.`,
    { provider: name },
  )
}
