/**
 * OAuth 1.0a percent-encoding and form parsing, byte for byte as RFC 5849 says: UTF-8 first, then
 * every byte outside the unreserved set `ALPHA / DIGIT / "-" / "." / "_" / "~"` becomes `%XX` with
 * upper-case hex. `encodeURIComponent` is not enough: it leaves `! ' ( ) *` alone.
 */

const HEX = '0123456789ABCDEF'

function isUnreserved(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) || // DIGIT
    (byte >= 0x41 && byte <= 0x5a) || // upper ALPHA
    (byte >= 0x61 && byte <= 0x7a) || // lower ALPHA
    byte === 0x2d || // -
    byte === 0x2e || // .
    byte === 0x5f || // _
    byte === 0x7e // ~
  )
}

/**
 * Percent-encodes a string per RFC 5849 §3.6. Lone surrogates become U+FFFD (UTF-8 cannot hold them),
 * so the function never throws.
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-3.6)
 */
export function percentEncode(value: string): string {
  let out = ''
  for (const byte of Buffer.from(value, 'utf8')) {
    out += isUnreserved(byte) ? String.fromCharCode(byte) : `%${HEX[byte >> 4]}${HEX[byte & 15]}`
  }
  return out
}

/** A parameter list; names may repeat, so it is a list of pairs rather than a record. */
export type ParamList = Array<readonly [name: string, value: string]>

/**
 * Parses an `application/x-www-form-urlencoded` string into pairs (`+` is a space, `c2` alone is an
 * empty value), as the signature base string rules require for query and body.
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-3.4.1.3.1)
 */
export function parseForm(text: string): ParamList {
  return [...new URLSearchParams(text)]
}
