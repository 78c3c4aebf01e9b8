/**
 * Decoding a compact JWS without verifying it: for claims of ID tokens that were verified when they
 * arrived, and for choosing which checks to run before verification (the tenant of an issuer).
 */

/** Header and payload of a compact JWS. */
export interface DecodedJwt {
  readonly header: Record<string, unknown>
  readonly payload: Record<string, unknown>
}

/** The decoded JOSE header and payload of `jwt`, or undefined when it is not a compact JWS of two JSON objects. */
export function decodeJwt(jwt: string): DecodedJwt | undefined {
  const parts = jwt.split('.')
  if (parts.length !== 3 || !parts[0] || !parts[1]) return undefined
  try {
    const header: unknown = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'))
    const payload: unknown = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'))
    if (!isObject(header) || !isObject(payload)) return undefined
    return { header, payload }
  } catch {
    return undefined
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value)
}
