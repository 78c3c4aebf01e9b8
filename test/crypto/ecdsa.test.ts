/**
 * The DER → raw r‖s conversion behind Apple's ES256 client secret: every converted signature verifies
 * as a JWS (P1363) signature, including those whose r or s has leading zero bytes.
 */
import { generateKeyPairSync, sign, verify } from 'node:crypto'
import { jwtVerify } from 'jose'
import { describe, expect, it } from 'vitest'
import { rawEcdsaSignature } from '../../src/crypto/ecdsa.js'
import { DanceError } from '../../src/errors.js'
import { appleClientSecret } from '../../src/providers/apple.js'

const curves = [
  ['P-256', 'sha256', 32],
  ['P-384', 'sha384', 48],
  ['P-521', 'sha512', 66],
] as const

describe('rawEcdsaSignature', () => {
  it.each(curves)('turns %s DER signatures into verifying r‖s of fixed width', (curve, hash, size) => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: curve })
    // Sign until a few signatures had an r or s with a leading zero byte (about 1 in 128 of each; P-521's
    // top byte is 0 or 1 always): 300 fixed rounds saw none about once in a hundred runs.
    let short = 0
    let signed = 0
    for (; signed < 20_000 && (signed < 300 || short < 3); signed++) {
      const data = Buffer.from(`message ${signed}`)
      const der = sign(hash, data, privateKey)
      const raw = rawEcdsaSignature(der, size)
      expect(raw.length).toBe(size * 2)
      expect(verify(hash, data, { key: publicKey, dsaEncoding: 'ieee-p1363' }, raw)).toBe(true)
      if (raw[0] === 0 || raw[size] === 0) short++
    }
    expect(short).toBeGreaterThanOrEqual(3)
  })

  it('refuses bytes that are not a DER ECDSA signature', () => {
    const der = sign(
      'sha256',
      Buffer.from('x'),
      generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
    )
    for (const bad of [
      der.subarray(0, der.length - 1),
      Buffer.concat([der, Buffer.from([0])]),
      Buffer.from([0x31, 0]),
    ]) {
      expect(() => rawEcdsaSignature(bad, 32)).toThrow(DanceError)
    }
    // r wider than the curve's size
    expect(() => rawEcdsaSignature(der, 16)).toThrow(DanceError)
  })
})

describe("Apple's client secret", () => {
  it('is an ES256 JWT that verifies with the public key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    const now = Math.floor(Date.now() / 1000)
    for (let i = 0; i < 50; i++) {
      const jwt = appleClientSecret({
        teamId: 'TEAM',
        keyId: 'KEY',
        clientId: `app${i}`,
        privateKey,
        now,
        ttl: 600,
      })
      const { payload, protectedHeader } = await jwtVerify(jwt, publicKey, {
        algorithms: ['ES256'],
        audience: 'https://appleid.apple.com',
        issuer: 'TEAM',
      })
      expect(protectedHeader.kid).toBe('KEY')
      expect(payload.sub).toBe(`app${i}`)
    }
  })
})
