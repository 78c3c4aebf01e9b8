/**
 * The private key a `private_key_jwt` client signs its assertions with (RFC 7523 §2.2): read from a
 * PEM or a private JWK (object or JSON text) when the blueprint is made, so a bad key fails at start-up,
 * and turned into the WebCrypto key oauth4webapi signs with on first use.
 */
import { createPrivateKey, type KeyObject, type JsonWebKey as NodeJwk } from 'node:crypto'
import { DanceError } from '../../errors.js'

/** The JWS algorithms a client assertion can be signed with; which ones fit depends on the key. */
export type ClientKeyAlgorithm =
  | 'RS256'
  | 'RS384'
  | 'RS512'
  | 'PS256'
  | 'PS384'
  | 'PS512'
  | 'ES256'
  | 'ES384'
  | 'ES512'
  | 'EdDSA'

/** A private key: PEM text (PKCS #8, PKCS #1 or SEC 1), a private JWK, or a JWK as JSON text. */
export type PrivateKeySource = string | JsonWebKey

/**
 * The client's signing key: the key alone, or with its key id (the `kid` registered in the client's
 * JWKS) and the algorithm to sign with (default: RS256 for RSA, ES256/384/512 by curve, EdDSA for
 * Ed25519; PS256 and the longer hashes only when chosen).
 */
export type ClientPrivateKey =
  | PrivateKeySource
  | { key: PrivateKeySource; kid?: string | undefined; alg?: ClientKeyAlgorithm | undefined }

/** A client key checked at start-up, ready to sign. */
export interface LoadedClientKey {
  readonly alg: ClientKeyAlgorithm
  readonly kid: string | undefined
  /** The WebCrypto key, imported once, on first use. */
  cryptoKey(): Promise<CryptoKey>
}

const CURVE_ALG: Readonly<Record<string, ClientKeyAlgorithm>> = {
  prime256v1: 'ES256',
  secp384r1: 'ES384',
  secp521r1: 'ES512',
}

/** What a security profile narrows: the algorithms allowed, and the one an RSA key signs with by default. */
export interface ClientKeyRules {
  readonly allowed?: readonly ClientKeyAlgorithm[] | undefined
  readonly rsaDefault?: ClientKeyAlgorithm | undefined
}

/** Reads and checks the key; throws `config_invalid` (never quoting the key) when it is unusable. */
export function loadClientKey(
  input: ClientPrivateKey,
  provider: string,
  rules: ClientKeyRules = {},
): LoadedClientKey {
  const spec = keySpec(input)
  const jwk = asJwk(spec.key, provider)
  let key: KeyObject
  try {
    key = jwk
      ? createPrivateKey({ key: jwk as NodeJwk, format: 'jwk' })
      : // A PEM from an environment variable often has its line breaks written as `\n`.
        createPrivateKey((spec.key as string).replace(/\\n/g, '\n'))
  } catch {
    // Node's reason is not kept: nothing about the key goes into an error that apps log.
    throw invalid(provider, 'is not a private key (PEM or private JWK)')
  }
  if (key.type !== 'private') throw invalid(provider, 'is not a private key (PEM or private JWK)')
  const rsaDefault = key.asymmetricKeyType === 'rsa' ? rules.rsaDefault : undefined
  const alg = spec.alg ?? rsaDefault ?? defaultAlgorithm(key, provider)
  if (rules.allowed && !rules.allowed.includes(alg)) {
    throw invalid(provider, `signs with ${alg}, which the security profile does not allow`)
  }
  const algorithm = importAlgorithm(key, alg, provider)
  const kid = spec.kid ?? (typeof jwk?.kid === 'string' ? jwk.kid : undefined)
  let imported: Promise<CryptoKey> | undefined
  return {
    alg,
    kid,
    cryptoKey() {
      // PKCS #8 is the one format WebCrypto imports every private key type from.
      imported ??= crypto.subtle.importKey(
        'pkcs8',
        key.export({ format: 'der', type: 'pkcs8' }),
        algorithm,
        false,
        ['sign'],
      )
      return imported
    },
  }
}

/** The key with its options; a JWK has `kty` where the options object has `key`. */
function keySpec(input: ClientPrivateKey): {
  key: PrivateKeySource
  kid?: string | undefined
  alg?: ClientKeyAlgorithm | undefined
} {
  if (typeof input === 'string' || 'kty' in input || !('key' in input))
    return { key: input as PrivateKeySource }
  return input as { key: PrivateKeySource; kid?: string; alg?: ClientKeyAlgorithm }
}

/** The JWK in `source` (an object, or JSON text), or undefined for PEM text. */
function asJwk(source: PrivateKeySource, provider: string): (JsonWebKey & { kid?: unknown }) | undefined {
  if (typeof source !== 'string') return source
  const text = source.trim()
  if (!text.startsWith('{')) return undefined
  try {
    return JSON.parse(text) as JsonWebKey
  } catch {
    throw invalid(provider, 'looks like a JWK but is not JSON')
  }
}

function defaultAlgorithm(key: KeyObject, provider: string): ClientKeyAlgorithm {
  switch (key.asymmetricKeyType) {
    case 'rsa':
      return 'RS256'
    case 'ec': {
      const alg = CURVE_ALG[key.asymmetricKeyDetails?.namedCurve ?? '']
      if (alg) return alg
      break
    }
    case 'ed25519':
      return 'EdDSA'
  }
  throw invalid(provider, 'must be an RSA, P-256/384/521 or Ed25519 key')
}

/** The WebCrypto import parameters that make oauth4webapi sign with `alg`; the key must fit it. */
function importAlgorithm(
  key: KeyObject,
  alg: ClientKeyAlgorithm,
  provider: string,
): RsaHashedImportParams | EcKeyImportParams | Algorithm {
  const type = key.asymmetricKeyType
  const hash = `SHA-${alg.slice(2)}`
  if ((alg.startsWith('RS') || alg.startsWith('PS')) && type === 'rsa') {
    return { name: alg.startsWith('RS') ? 'RSASSA-PKCS1-v1_5' : 'RSA-PSS', hash }
  }
  if (
    alg.startsWith('ES') &&
    type === 'ec' &&
    CURVE_ALG[key.asymmetricKeyDetails?.namedCurve ?? ''] === alg
  ) {
    return { name: 'ECDSA', namedCurve: `P-${alg === 'ES512' ? 521 : alg.slice(2)}` }
  }
  if (alg === 'EdDSA' && type === 'ed25519') return { name: 'Ed25519' }
  throw invalid(provider, 'does not fit the chosen signing algorithm')
}

/** What can be wrong with a configured key, in our words (never the key or Node's reason). */
type KeyProblem =
  | 'is not a private key (PEM or private JWK)'
  | 'looks like a JWK but is not JSON'
  | 'must be an RSA, P-256/384/521 or Ed25519 key'
  | 'does not fit the chosen signing algorithm'
  | `signs with ${ClientKeyAlgorithm}, which the security profile does not allow`

function invalid(provider: string, problem: KeyProblem): DanceError {
  // Worded for every option that carries a client key (`clientPrivateKey`, Apple's `privateKey`).
  return new DanceError('config_invalid', `${provider}: the client's private key ${problem}.`, { provider })
}

/** The WebCrypto parameters that sign with `alg` (RFC 7518 §3: raw r||s for ECDSA, as JWS wants). */
function signAlgorithm(alg: ClientKeyAlgorithm): AlgorithmIdentifier | EcdsaParams | RsaPssParams {
  if (alg === 'EdDSA') return { name: 'Ed25519' }
  const bits = Number(alg.slice(2))
  if (alg.startsWith('ES')) return { name: 'ECDSA', hash: `SHA-${bits}` }
  if (alg.startsWith('PS')) return { name: 'RSA-PSS', saltLength: bits / 8 }
  return { name: 'RSASSA-PKCS1-v1_5' }
}

/**
 * A compact JWS of `claims` signed with the client key, its `alg` and `kid` in the header: for the
 * JWTs a client signs itself that are not oauth4webapi's to make (Apple's client secret).
 */
export async function signClientJwt(
  key: LoadedClientKey,
  claims: Readonly<Record<string, unknown>>,
): Promise<string> {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const input = `${part({ alg: key.alg, ...(key.kid !== undefined && { kid: key.kid }) })}.${part(claims)}`
  const signature = await crypto.subtle.sign(
    signAlgorithm(key.alg),
    await key.cryptoKey(),
    Buffer.from(input),
  )
  return `${input}.${Buffer.from(signature).toString('base64url')}`
}
