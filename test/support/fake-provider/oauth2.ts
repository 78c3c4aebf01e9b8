/**
 * OAuth 2 mechanics the fake providers share: reading the client's credentials (RFC 6749 §2.3.1),
 * checking a PKCE S256 verifier (RFC 7636 §4.6), and making random codes and tokens.
 */
import { createHash, randomBytes } from 'node:crypto'

/** The client credentials of a token request. */
export interface ClientCredentials {
  id?: string | undefined
  secret?: string | undefined
  /** Sent with HTTP Basic (else in the body). */
  basic: boolean
}

/**
 * The `Authorization: Basic` credentials: split at the first colon, each half form-urlencoded before
 * Base64 (RFC 6749 §2.3.1), so `+` is a space and `%3A` a colon.
 */
export function basicCredentials(header: string | undefined): { id: string; secret: string } | undefined {
  const encoded = /^basic (\S+)$/i.exec(header ?? '')?.[1]
  if (!encoded) return undefined
  const decoded = Buffer.from(encoded, 'base64').toString('utf8')
  const colon = decoded.indexOf(':')
  if (colon === -1) return undefined
  const decode = (value: string) => decodeURIComponent(value.replace(/\+/g, ' '))
  return { id: decode(decoded.slice(0, colon)), secret: decode(decoded.slice(colon + 1)) }
}

/** The client's credentials from HTTP Basic if sent, else from the form body (`client_id`, `client_secret`). */
export function clientCredentials(header: string | undefined, form: URLSearchParams): ClientCredentials {
  // A Basic header that does not parse authenticates nobody; it never falls back to the body.
  if (/^basic /i.test(header ?? '')) return { ...basicCredentials(header), basic: true }
  return {
    id: form.get('client_id') ?? undefined,
    secret: form.get('client_secret') ?? undefined,
    basic: false,
  }
}

/** The S256 challenge of a verifier (RFC 7636 §4.2). */
export function s256(verifier: string): string {
  return createHash('sha256').update(verifier).digest('base64url')
}

/** A random URL-safe string of `bytes` random bytes. */
export function randomToken(bytes = 12): string {
  return randomBytes(bytes).toString('base64url')
}
