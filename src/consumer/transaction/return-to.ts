/**
 * The "return to where I was" target of a login: same-origin relative paths only, so the login route
 * can never be used as an open redirector.
 *
 * @see [RFC 9700 - Best Current Practice for OAuth 2.0 Security](https://www.rfc-editor.org/rfc/rfc9700.html#section-4.11.1)
 */

/**
 * Longest return-to we keep, checked on the value as given and on the normalised value that is
 * stored (percent-encoding can grow it); longer values are treated as hostile. It travels in the
 * transaction cookie, so it bounds that cookie's size.
 */
export const MAX_RETURN_TO_LENGTH = 512

const PROBE_ORIGIN = 'http://return-to.invalid'

/**
 * Returns `value` normalised when it is a safe same-origin path (`/a/b?c#d`), else undefined.
 * Rejects absolute and scheme-relative URLs, backslashes, control characters, encoded slashes or
 * backslashes (or tabs and newlines, which browsers strip) that a later decoder could turn into `//`,
 * and anything that fails to parse.
 */
export function safeReturnTo(value: unknown): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_RETURN_TO_LENGTH) return undefined
  // Must be a path: one leading slash, then not a second slash or backslash.
  if (value[0] !== '/' || value[1] === '/' || value[1] === '\\') return undefined
  // Browsers treat `\` as `/` and strip tabs/newlines, so `/\evil.com` or `/\t/evil.com` escape the origin.
  // biome-ignore lint/suspicious/noControlCharactersInRegex: the point is to find control characters
  if (/[\\\u0000-\u001f\u007f]/.test(value)) return undefined
  // Encoded separators (`%2f`, `%5c`) survive one decode and can become `//` later.
  if (/%(2f|5c)/i.test(value)) return undefined
  let decoded: string
  try {
    decoded = decodeURIComponent(value)
  } catch {
    return undefined
  }
  // An encoded tab or newline (`/%09/evil.com`) decodes to one that browsers strip, leaving `//evil.com`.
  if (decoded.replace(/[\t\n\r]/g, '').startsWith('//') || decoded.includes('\\')) return undefined
  let url: URL
  try {
    url = new URL(value, PROBE_ORIGIN)
  } catch {
    return undefined
  }
  if (url.origin !== PROBE_ORIGIN) return undefined
  const normalised = `${url.pathname}${url.search}${url.hash}`
  // Dot segments collapse during parsing: `/.//evil.com` or `/%2e%2e//evil.com` normalise to
  // `//evil.com`, which a browser reads as another host. Check the result, not only the input.
  if (normalised[0] !== '/' || normalised[1] === '/' || normalised[1] === '\\') return undefined
  if (normalised.length > MAX_RETURN_TO_LENGTH) return undefined
  return normalised
}
