/**
 * Checks an OAuth 1.0a blueprint's options and turns them into the signer's configuration: consumer
 * credentials from the options or the environment (`<NAME>_OAUTH_CLIENT_ID` or `_CONSUMER_KEY`,
 * `_CLIENT_SECRET` or `_CONSUMER_SECRET`, `_RSA_KEY`), the signature method and placement, and https
 * endpoints unless development allows http.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3
 */
import { DanceError } from '../errors.js'
import { loadRsaPrivateKey } from '../protocol/oauth1/rsa-key.js'
import type { OAuth1SignerConfig } from '../protocol/oauth1/sign-request.js'
import { isSignatureMethod } from '../protocol/oauth1/signature.js'
import { type Env, envName, fromEnv } from './env.js'
import type { OAuth1BlueprintOptions } from './oauth1-blueprint.js'

/**
 * The signer configuration for `options`; throws `config_invalid` or `config_missing_credentials`.
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.4
 */
export function oauth1SignerConfig(
  options: OAuth1BlueprintOptions,
): Required<Pick<OAuth1SignerConfig, 'consumerKey' | 'signatureMethod'>> & OAuth1SignerConfig {
  const env: Env = options.env ?? process.env
  const { name } = options
  const method = options.signatureMethod ?? 'HMAC-SHA1'
  if (!isSignatureMethod(method)) {
    throw new DanceError('config_invalid', `${name}: unknown signatureMethod "${String(method)}".`)
  }
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
  const location = options.signatureLocation ?? 'header'
  if (!['header', 'query', 'body'].includes(location)) {
    throw new DanceError('config_invalid', `${name}: unknown signatureLocation "${String(location)}".`)
  }
  if (options.realm !== undefined && /["\\\r\n]/.test(options.realm)) {
    throw new DanceError(
      'config_invalid',
      `${name}: realm may not contain quotes, backslashes or line breaks.`,
    )
  }
  for (const label of ['requestTokenUrl', 'authorizationUrl', 'accessTokenUrl', 'revocationUrl'] as const) {
    const url = options[label]
    if (url === undefined && label === 'revocationUrl') continue
    if (url === undefined || !URL.canParse(url)) {
      throw new DanceError('config_invalid', `${name}: ${label} "${url}" is not a URL.`)
    }
    const { protocol } = new URL(url)
    // The token secrets come back in these answers: only TLS keeps them secret (RFC 5849 §4.2).
    if (protocol !== 'https:' && !(protocol === 'http:' && options.allowInsecureRequests)) {
      throw new DanceError(
        'config_invalid',
        `${name}: ${label} must be https (allowInsecureRequests permits http in development).`,
      )
    }
  }
  return {
    consumerKey,
    consumerSecret,
    privateKey: method === 'RSA-SHA1' && rsaKey !== undefined ? loadRsaPrivateKey(rsaKey, name) : undefined,
    signatureMethod: method,
    signatureLocation: location,
    realm: options.realm,
    includeVersion: options.includeVersion,
    allowInsecureRequests: options.allowInsecureRequests,
  }
}

function missing(name: string, option: string, fields: readonly string[]): DanceError {
  const names = fields.map((field) => envName(name, field)).join(' or ')
  return new DanceError(
    'config_missing_credentials',
    `The ${name} blueprint needs \`${option}\`: pass it, or set ${names} in the environment.`,
    { provider: name },
  )
}
