/**
 * Authenticated encryption (AES-256-GCM, random 96-bit IV) with keys derived per purpose by HKDF, so a
 * value sealed for one purpose (a login transaction) can never be opened as another (a stored token).
 *
 * @see [NIST SP 800-38D - Recommendation for Block Cipher Modes of Operation: Galois/Counter Mode (GCM) and GMAC](https://nvlpubs.nist.gov/nistpubs/Legacy/SP/nistspecialpublication800-38d.pdf)
 * @see [RFC 5869 - HMAC-based Extract-and-Expand Key Derivation Function (HKDF)](https://www.rfc-editor.org/rfc/rfc5869.html)
 */
import { createCipheriv, createDecipheriv, hkdfSync } from 'node:crypto'
import { pooledRandomBytes } from './random.js'

const IV_BYTES = 12
const TAG_BYTES = 16

/** Derives a 32-byte key for `purpose` from a secret of any length. */
export function deriveKey(secret: string | Uint8Array, purpose: string): Buffer {
  const ikm = typeof secret === 'string' ? Buffer.from(secret, 'utf8') : Buffer.from(secret)
  return Buffer.from(hkdfSync('sha256', ikm, Buffer.alloc(0), `oauth-dance/${purpose}`, 32))
}

/** Encrypts `plaintext` bound to `aad`; returns iv ‖ ciphertext ‖ tag. */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Buffer {
  // A fresh 96-bit IV per message from the CSPRNG pool (random IVs; NIST SP 800-38D §8.2.2).
  const iv = pooledRandomBytes(IV_BYTES)
  const cipher = createCipheriv('aes-256-gcm', key, iv)
  cipher.setAAD(aad)
  return Buffer.concat([iv, cipher.update(plaintext), cipher.final(), cipher.getAuthTag()])
}

/** Decrypts what {@link seal} produced with the same key and `aad`; undefined if anything differs. */
export function open(key: Uint8Array, sealed: Uint8Array, aad: Uint8Array): Buffer | undefined {
  if (sealed.length < IV_BYTES + TAG_BYTES) return undefined
  const buf = Buffer.from(sealed)
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, buf.subarray(0, IV_BYTES))
    decipher.setAAD(aad)
    decipher.setAuthTag(buf.subarray(buf.length - TAG_BYTES))
    return Buffer.concat([decipher.update(buf.subarray(IV_BYTES, buf.length - TAG_BYTES)), decipher.final()])
  } catch {
    return undefined
  }
}
