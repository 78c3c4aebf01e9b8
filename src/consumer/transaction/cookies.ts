/**
 * Just enough cookie handling for our transaction cookies: parse a `Cookie` header and serialise a
 * `Set-Cookie` value.
 * @see [RFC 6265 - HTTP State Management Mechanism](https://www.rfc-editor.org/rfc/rfc6265.html#section-4.1)
 */

/** Parses a `Cookie` request header into name → value (first occurrence wins). */
export function parseCookies(header: string | null | undefined): Map<string, string> {
  const cookies = new Map<string, string>()
  if (!header) return cookies
  for (const part of header.split(';')) {
    const eq = part.indexOf('=')
    if (eq <= 0) continue
    const name = part.slice(0, eq).trim()
    let value = part.slice(eq + 1).trim()
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1)
    if (name && !cookies.has(name)) cookies.set(name, value)
  }
  return cookies
}

/** Attributes of a `Set-Cookie` header. */
export interface CookieAttributes {
  maxAge: number
  secure: boolean
  sameSite: 'Lax' | 'None' | 'Strict'
  path?: string
}

/** Serialises a `Set-Cookie` value; always `HttpOnly`, never a `Domain` (so `__Host-` stays valid). */
export function serializeCookie(name: string, value: string, attributes: CookieAttributes): string {
  const parts = [
    `${name}=${value}`,
    `Path=${attributes.path ?? '/'}`,
    `Max-Age=${attributes.maxAge}`,
    'HttpOnly',
  ]
  parts.push(`SameSite=${attributes.sameSite}`)
  if (attributes.secure || attributes.sameSite === 'None') parts.push('Secure')
  return parts.join('; ')
}
