/**
 * The stand-in's signing key and ID tokens: one ES256 key pair per stand-in, published as a JWK set,
 * so the app's OpenID Connect blueprint validates ID tokens exactly as it would a real provider's.
 */
import { createHash, generateKeyPairSync, type KeyObject, sign } from 'node:crypto'

/** A signing key with its public JWK. */
export interface SigningKey {
  readonly privateKey: KeyObject
  readonly jwk: Record<string, unknown>
}

/** A fresh ES256 key. */
export function newSigningKey(): SigningKey {
  const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
  const kid = createHash('sha256')
    .update(publicKey.export({ format: 'der', type: 'spki' }))
    .digest('base64url')
  return { privateKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'ES256', use: 'sig' } }
}

/** A compact JWS of `claims`, signed ES256 with `key`. */
export function signJwt(key: SigningKey, claims: Record<string, unknown>): string {
  const header = Buffer.from(JSON.stringify({ alg: 'ES256', typ: 'JWT', kid: key.jwk.kid })).toString(
    'base64url',
  )
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url')
  const input = `${header}.${payload}`
  // JWS wants the raw r||s signature (RFC 7518 §3.4), not DER.
  const signature = sign('sha256', Buffer.from(input), { key: key.privateKey, dsaEncoding: 'ieee-p1363' })
  return `${input}.${signature.toString('base64url')}`
}

/** `at_hash`: the left half of the access token's SHA-256, base64url (OpenID Connect Core §3.1.3.6). */
export function accessTokenHash(accessToken: string): string {
  return createHash('sha256').update(accessToken).digest().subarray(0, 16).toString('base64url')
}
