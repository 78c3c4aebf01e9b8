/**
 * Turning `Set-Cookie` answers into the `Cookie` header a browser would send back (names and values
 * only; every benchmark cookie is on `Path=/` of one origin).
 * @see https://www.rfc-editor.org/rfc/rfc6265#section-5.4
 */

/** The `Cookie` header a browser would send back after these `Set-Cookie` values. */
export function cookieHeader(setCookies: readonly string[]): string {
  return setCookies.map((line) => line.split(';', 1)[0]).join('; ')
}
