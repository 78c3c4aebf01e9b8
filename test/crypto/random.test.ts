import { describe, expect, it } from 'vitest'
import { pooledRandomBytes, randomToken } from '../../src/crypto/random.js'

const ZERO_TOKEN = Buffer.alloc(32).toString('base64url')

describe('pooled randomness', () => {
  it('gives 43-character base64url tokens, all different, across many pool refills', () => {
    const tokens = Array.from({ length: 1000 }, () => randomToken())
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
      // Read before the pool's bytes are wiped, never after.
      expect(token).not.toBe(ZERO_TOKEN)
    }
    expect(new Set(tokens).size).toBe(tokens.length)
    expect(randomToken(300)).toHaveLength(400)
  })

  it('gives byte strings of their own: not zero, not shared with the pool or each other', () => {
    const drawn = Array.from({ length: 1000 }, () => pooledRandomBytes(12))
    const seen = new Set(drawn.map((bytes) => bytes.toString('hex')))
    expect(seen.size).toBe(drawn.length)
    expect(drawn.every((bytes) => bytes.length === 12 && bytes.some((byte) => byte !== 0))).toBe(true)
    const first = drawn[0]!.toString('hex')
    pooledRandomBytes(4000) // refills and hands out the pool again
    expect(drawn[0]!.toString('hex')).toBe(first)
    expect(pooledRandomBytes(512)).toHaveLength(512)
  })
})
