/**
 * The JWTs a client signs itself with its key (`signClientJwt`), and Apple's client secret on that
 * machinery: every algorithm verifies with the public key under jose (an independent implementation),
 * ECDSA signatures are raw r‖s of fixed width whatever their leading bytes, and Apple's key is checked
 * at start-up.
 */
import { generateKeyPairSync, type KeyObject } from 'node:crypto'
import { decodeProtectedHeader, jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import {
  type ClientKeyAlgorithm,
  loadClientKey,
  signClientJwt,
} from '../../../src/protocol/oauth2/client-key.js'
import { appleClientSecret, makeAppleBlueprint } from '../../../src/providers/apple.js'

const pem = (key: KeyObject) => String(key.export({ format: 'pem', type: 'pkcs8' }))

const keys: ReadonlyArray<[ClientKeyAlgorithm, { privateKey: KeyObject; publicKey: KeyObject }]> = [
  ['ES256', generateKeyPairSync('ec', { namedCurve: 'P-256' })],
  ['ES384', generateKeyPairSync('ec', { namedCurve: 'P-384' })],
  ['ES512', generateKeyPairSync('ec', { namedCurve: 'P-521' })],
  ['RS256', generateKeyPairSync('rsa', { modulusLength: 2048 })],
  ['PS256', generateKeyPairSync('rsa', { modulusLength: 2048 })],
  ['EdDSA', generateKeyPairSync('ed25519')],
]

describe('signClientJwt', () => {
  it.each(keys)('%s: verifies with the public key, alg and kid in the header', async (alg, pair) => {
    const key = loadClientKey({ key: pem(pair.privateKey), kid: 'k1', alg }, 'test')
    // ECDSA: enough signatures that some r or s start with zero bytes (about 1 in 128 each), which a
    // DER-to-raw conversion gets wrong and WebCrypto's raw output does not.
    const rounds = alg.startsWith('ES') ? 300 : 3
    for (let i = 0; i < rounds; i++) {
      const jwt = await signClientJwt(key, { sub: `client-${i}`, aud: 'https://op.example' })
      expect(decodeProtectedHeader(jwt)).toEqual({ alg, kid: 'k1' })
      const { payload } = await jwtVerify(jwt, pair.publicKey, {
        algorithms: [alg],
        audience: 'https://op.example',
      })
      expect(payload.sub).toBe(`client-${i}`)
    }
  })
})

describe("Apple's client secret", () => {
  const apple = generateKeyPairSync('ec', { namedCurve: 'P-256' })

  it('is an ES256 JWT from the team, about the client, for Apple, that verifies with the public key', async () => {
    const now = Math.floor(Date.now() / 1000)
    const jwt = await appleClientSecret({
      teamId: 'TEAM',
      keyId: 'KEY',
      clientId: 'app',
      privateKey: pem(apple.privateKey),
      now,
      ttl: 600,
    })
    const { payload, protectedHeader } = await jwtVerify(jwt, apple.publicKey, {
      algorithms: ['ES256'],
      audience: 'https://appleid.apple.com',
      issuer: 'TEAM',
    })
    expect(protectedHeader.kid).toBe('KEY')
    expect(payload).toMatchObject({ sub: 'app', iat: now, exp: now + 600 })
  })

  it('takes the key as a private JWK too, and with its line breaks written as \\n (an env var)', async () => {
    const jwk = apple.privateKey.export({ format: 'jwk' })
    const escaped = pem(apple.privateKey).replace(/\n/g, '\\n')
    const now = Math.floor(Date.now() / 1000)
    for (const privateKey of [jwk, JSON.stringify(jwk), escaped]) {
      const jwt = await appleClientSecret({
        teamId: 'T',
        keyId: 'K',
        clientId: 'c',
        privateKey,
        now,
        ttl: 600,
      })
      await expect(jwtVerify(jwt, apple.publicKey, { algorithms: ['ES256'] })).resolves.toBeDefined()
    }
  })

  it('refuses at start-up a key that is not P-256, or not a key', () => {
    const common = { clientId: 'app', teamId: 'TEAM', keyId: 'KEY', env: {} }
    const rsa = pem(generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey)
    const p384 = pem(generateKeyPairSync('ec', { namedCurve: 'P-384' }).privateKey)
    for (const privateKey of [rsa, p384, 'not a key']) {
      expect(() => makeAppleBlueprint({ ...common, privateKey })).toThrow(
        expect.objectContaining({ code: 'config_invalid' }),
      )
    }
  })
})
