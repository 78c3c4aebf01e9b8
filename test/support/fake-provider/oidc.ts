/**
 * OpenID Connect mechanics the fake providers share: signing keys the test controls, ID tokens signed
 * with one of them (or unsigned, HMAC-keyed, or with a corrupted signature), and the discovery document.
 */
import { randomBytes } from 'node:crypto'
import { exportJWK, generateKeyPair, type JWK, SignJWT } from 'jose'

/** A signing key: its private half signs, its public JWK is served (or not) in the JWKS. */
export interface TestKey {
  alg: string
  kid: string | undefined
  privateKey: CryptoKey
  jwk: JWK
}

/** Makes a key; `kid: undefined` leaves both the JWK and the tokens without a `kid`. */
export async function makeKey(
  alg = 'RS256',
  kid: string | undefined = randomBytes(6).toString('hex'),
): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true })
  const jwk = { ...(await exportJWK(publicKey)), use: 'sig', alg, ...(kid !== undefined && { kid }) }
  return { alg, kid, privateKey, jwk }
}

/** What signs an ID token: a key, nothing (`alg: none`), or an HMAC secret (OIDC Core §10.1). */
export type Signer = TestKey | 'none' | { hmac: string }

/** Signs `claims` as a JWT with `signer`; `badSignature` flips the signature's first byte after signing. */
export async function signIdToken(
  claims: Record<string, unknown>,
  signer: Signer,
  badSignature = false,
): Promise<string> {
  if (signer === 'none') {
    const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
    return `${part({ alg: 'none' })}.${part(claims)}.`
  }
  const jwt =
    'hmac' in signer
      ? await new SignJWT(claims)
          .setProtectedHeader({ alg: 'HS256' })
          .sign(new TextEncoder().encode(signer.hmac))
      : await new SignJWT(claims)
          .setProtectedHeader({ alg: signer.alg, ...(signer.kid !== undefined && { kid: signer.kid }) })
          .sign(signer.privateKey)
  if (!badSignature) return jwt
  const dot = jwt.lastIndexOf('.')
  const signature = Buffer.from(jwt.slice(dot + 1), 'base64url')
  signature[0] = (signature[0] ?? 0) ^ 0xff
  return `${jwt.slice(0, dot + 1)}${signature.toString('base64url')}`
}

/**
 * A discovery document (OpenID Connect Discovery §3) whose endpoints are `<base>/<path>` for the
 * paths given; `fields` adds or overrides members.
 */
export function discoveryDocument(
  issuer: string,
  base: string,
  paths: { authorization: string; token: string; jwks: string; userinfo?: string; endSession?: string },
  fields: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    issuer,
    authorization_endpoint: `${base}${paths.authorization}`,
    token_endpoint: `${base}${paths.token}`,
    ...(paths.userinfo !== undefined && { userinfo_endpoint: `${base}${paths.userinfo}` }),
    jwks_uri: `${base}${paths.jwks}`,
    ...(paths.endSession !== undefined && { end_session_endpoint: `${base}${paths.endSession}` }),
    response_types_supported: ['code'],
    subject_types_supported: ['public'],
    ...fields,
  }
}
