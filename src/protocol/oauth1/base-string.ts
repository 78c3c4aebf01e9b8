/**
 * The OAuth 1.0a signature base string: `METHOD&enc(base URI)&enc(normalized parameters)`.
 */
import { type ParamList, percentEncode } from './encode.js'

/**
 * The base string URI: scheme and host lower-cased, the port only when it is not the scheme's default,
 * the path, and no query or fragment. WHATWG `URL` already lower-cases and drops default ports.
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-3.4.1.2)
 */
export function baseStringUri(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}`
}

/**
 * Normalizes parameters: each name and value encoded, sorted by name then value in byte order,
 * joined as `name=value` with `&` (an empty value still gets its `=`).
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-3.4.1.3.2)
 */
export function normalizeParameters(params: ParamList): string {
  const encoded = params.map(([name, value]) => [percentEncode(name), percentEncode(value)] as const)
  // Encoded strings are ASCII, so comparing UTF-16 code units is comparing bytes.
  encoded.sort(([an, av], [bn, bv]) => (an < bn ? -1 : an > bn ? 1 : av < bv ? -1 : av > bv ? 1 : 0))
  return encoded.map(([name, value]) => `${name}=${value}`).join('&')
}

/**
 * The signature base string of a request. `params` are all signed parameters: the query's, the
 * protocol parameters (without `oauth_signature` and `realm`) and a form body's.
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-3.4.1.1)
 */
export function signatureBaseString(method: string, url: URL, params: ParamList): string {
  return [
    percentEncode(method.toUpperCase()),
    percentEncode(baseStringUri(url)),
    percentEncode(normalizeParameters(params)),
  ].join('&')
}
