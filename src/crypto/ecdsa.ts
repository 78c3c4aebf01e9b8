/**
 * ECDSA signatures as JWS wants them. `node:crypto`'s `sign` returns DER; Node can return the raw
 * r‖s form itself (`{ key, dsaEncoding: 'ieee-p1363' }`), but workerd refuses a KeyObject in that
 * options form, so we convert here and sign the same way on every runtime.
 */
import { DanceError } from '../errors.js'

/**
 * The raw r‖s form (each `size` bytes, big-endian) of a DER `ECDSA-Sig-Value`.
 * @see https://www.rfc-editor.org/rfc/rfc7518#section-3.4
 */
export function rawEcdsaSignature(der: Uint8Array, size: number): Buffer {
  let at = 0
  const fail = (): never => {
    throw new DanceError('internal_error', 'The ECDSA signature is not the DER sequence expected.')
  }
  const length = (): number => {
    const first = der[at++] ?? fail()
    if (first < 0x80) return first
    if (first !== 0x81) fail() // a P-256 to P-521 signature is under 256 bytes
    return der[at++] ?? fail()
  }
  const integer = (): Uint8Array => {
    if (der[at++] !== 0x02) fail()
    const n = length()
    let value = der.subarray(at, at + n)
    at += n
    // DER prefixes a zero byte when the top bit is set; the raw form is fixed-width.
    while (value.length > size && value[0] === 0) value = value.subarray(1)
    if (value.length > size || at > der.length) fail()
    return value
  }
  if (der[at++] !== 0x30) fail()
  const total = length()
  if (at + total !== der.length) fail()
  const r = integer()
  const s = integer()
  if (at !== der.length) fail()
  const out = Buffer.alloc(size * 2)
  out.set(r, size - r.length)
  out.set(s, size * 2 - s.length)
  return out
}
