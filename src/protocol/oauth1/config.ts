/**
 * Checks an OAuth 1.0a protocol's settings and turns them into the signer's configuration: the
 * signature method and placement, the RSA key, and https endpoints unless development allows http.
 */
import { DanceError, type FixedText } from '../../errors.js'
import { loadRsaPrivateKey } from './rsa-key.js'
import type { OAuth1Credentials, OAuth1Settings } from './settings.js'
import type { OAuth1SignerConfig } from './sign-request.js'
import { isSignatureMethod } from './signature.js'

/** The signer configuration for `settings`; throws `config_invalid`. */
export function oauth1SignerConfig(
  settings: OAuth1Settings,
  credentials: OAuth1Credentials,
  name: string,
  allowInsecureRequests: boolean | undefined,
): OAuth1SignerConfig {
  const invalid = <M extends string>(message: FixedText<M>) =>
    new DanceError('config_invalid', message, { provider: name })
  const method = settings.signatureMethod ?? 'HMAC-SHA1'
  if (!isSignatureMethod(method)) throw invalid(`${name}: unknown signatureMethod "${String(method)}".`)
  if (method === 'RSA-SHA1' && credentials.rsaKey === undefined) {
    throw invalid(`${name}: RSA-SHA1 needs an RSA private key.`)
  }
  if (method !== 'RSA-SHA1' && credentials.consumerSecret === undefined) {
    throw invalid(`${name}: ${method} needs the consumer secret.`)
  }
  const location = settings.signatureLocation ?? 'header'
  if (!['header', 'query', 'body'].includes(location)) {
    throw invalid(`${name}: unknown signatureLocation "${String(location)}".`)
  }
  if (settings.realm !== undefined && /["\\\r\n]/.test(settings.realm)) {
    throw invalid(`${name}: realm may not contain quotes, backslashes or line breaks.`)
  }
  for (const label of ['requestTokenUrl', 'authorizationUrl', 'accessTokenUrl', 'revocationUrl'] as const) {
    const url = settings[label]
    if (url === undefined && label === 'revocationUrl') continue
    if (url === undefined || !URL.canParse(url)) throw invalid(`${name}: ${label} "${url}" is not a URL.`)
    const { protocol } = new URL(url)
    // The token secrets come back in these answers: only TLS keeps them secret (RFC 5849 §4.2).
    if (protocol !== 'https:' && !(protocol === 'http:' && allowInsecureRequests)) {
      throw invalid(`${name}: ${label} must be https (allowInsecureRequests permits http in development).`)
    }
  }
  return {
    consumerKey: credentials.consumerKey,
    consumerSecret: credentials.consumerSecret,
    privateKey:
      method === 'RSA-SHA1' && credentials.rsaKey !== undefined
        ? loadRsaPrivateKey(credentials.rsaKey, name)
        : undefined,
    signatureMethod: method,
    signatureLocation: location,
    realm: settings.realm,
    includeVersion: settings.includeVersion,
    allowInsecureRequests,
    provider: name,
  }
}
