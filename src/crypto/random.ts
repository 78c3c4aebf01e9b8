/**
 * Random bytes for per-login values (state, PKCE verifier, AES-GCM IVs) from a pooled CSPRNG buffer.
 * Each `getrandom` call is a system call and a login needs three, a third of its CPU under load
 * (bench/NOTES.md); so, like Node's own `randomUUID` cache, one call fills 4 KiB.
 * Bytes are handed out once, copied, and wiped from the pool.
 */
import { randomFillSync } from 'node:crypto'

const POOL_BYTES = 4096
const pool = Buffer.alloc(POOL_BYTES)
let offset = POOL_BYTES

/** `size` cryptographically random bytes (a fresh copy). */
export function pooledRandomBytes(size: number): Buffer {
  if (size > 256) return randomFillSync(Buffer.alloc(size))
  if (offset + size > POOL_BYTES) {
    randomFillSync(pool)
    offset = 0
  }
  const bytes = Buffer.from(pool.subarray(offset, offset + size))
  pool.fill(0, offset, offset + size)
  offset += size
  return bytes
}

/** A base64url string of `size` random bytes (32 bytes: 43 characters, as RFC 7636 §4.1 asks). */
export function randomToken(size = 32): string {
  return pooledRandomBytes(size).toString('base64url')
}
