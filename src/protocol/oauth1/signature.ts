/**
 * The four OAuth 1.0a signature methods. HMAC keys are `enc(consumer secret)&enc(token secret)`, with
 * the `&` even when there is no token secret; RSA-SHA1 signs with the consumer's private key alone.
 */
import { createHmac, type KeyObject, sign } from 'node:crypto'
import { DanceError } from '../../errors.js'
import { percentEncode } from './encode.js'

/** The signature methods we implement (HMAC-SHA256 is the common extension of §3.4). */
export const SIGNATURE_METHODS = ['HMAC-SHA1', 'HMAC-SHA256', 'RSA-SHA1', 'PLAINTEXT'] as const

/**
 * An OAuth 1.0a signature method name.
 */
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number]

/** The secrets a signature is made with. */
export interface SigningSecrets {
  /** The client (consumer) shared secret; unused by RSA-SHA1. */
  consumerSecret?: string | undefined
  /** The temporary or token credentials secret; empty when there is none yet (§2.1). */
  tokenSecret?: string | undefined
  /** The consumer's RSA private key, for RSA-SHA1. */
  privateKey?: KeyObject | undefined
}

/** True when `value` names a signature method we implement. */
export function isSignatureMethod(value: unknown): value is SignatureMethod {
  return typeof value === 'string' && (SIGNATURE_METHODS as readonly string[]).includes(value)
}

/**
 * The HMAC and PLAINTEXT key: `enc(consumer secret) & enc(token secret)`.
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-3.4.2)
 */
export function signingKey(secrets: SigningSecrets): string {
  return `${percentEncode(secrets.consumerSecret ?? '')}&${percentEncode(secrets.tokenSecret ?? '')}`
}

/**
 * Computes `oauth_signature` (not yet percent-encoded) for a base string; `provider` is the blueprint
 * named on the error. PLAINTEXT ignores the base string (§3.4.4).
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-3.4.2)
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-3.4.3)
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-3.4.4)
 */
export function computeSignature(
  method: SignatureMethod,
  baseString: string,
  secrets: SigningSecrets,
  provider?: string,
): string {
  switch (method) {
    case 'HMAC-SHA1':
      return createHmac('sha1', signingKey(secrets)).update(baseString, 'utf8').digest('base64')
    case 'HMAC-SHA256':
      return createHmac('sha256', signingKey(secrets)).update(baseString, 'utf8').digest('base64')
    case 'RSA-SHA1':
      if (!secrets.privateKey) {
        throw new DanceError('config_invalid', 'RSA-SHA1 needs the consumer RSA private key (`rsaKey`).', {
          provider,
        })
      }
      // RSASSA-PKCS1-v1_5 with SHA-1 is Node's default padding for RSA keys.
      return sign('sha1', Buffer.from(baseString, 'utf8'), secrets.privateKey).toString('base64')
    case 'PLAINTEXT':
      return signingKey(secrets)
  }
}
