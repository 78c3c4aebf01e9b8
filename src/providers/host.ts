/**
 * Checks host names given to preset options (self-hosted instances, shops, subdomains) before they
 * become endpoint URLs, so a typo or an injected path fails at startup instead of at login.
 * @see [RFC 3986 - Uniform Resource Identifier (URI): Generic Syntax](https://www.rfc-editor.org/rfc/rfc3986.html#section-3.2.2)
 */
import { DanceError } from '../errors.js'

const HOST =
  /^(?=.{1,253}(?::\d{1,5})?$)[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?)*(?::\d{1,5})?$/

/** Returns `value` lower-cased when it is a bare host name (optionally with a port); throws otherwise. */
export function checkedHost(preset: string, option: string, value: string): string {
  const host = value.trim().toLowerCase()
  if (!HOST.test(host)) {
    throw new DanceError(
      'config_invalid',
      `${preset}: \`${option}\` must be a host name such as "example.com" (no scheme or path), not "${value}".`,
      { provider: preset },
    )
  }
  return host
}

/** Checks a value against a fixed list of choices (regions, data centres); throws `config_invalid` otherwise. */
export function checkedChoice<T extends string>(
  preset: string,
  option: string,
  value: T,
  choices: readonly T[],
): T {
  if (!choices.includes(value)) {
    throw new DanceError(
      'config_invalid',
      `${preset}: \`${option}\` must be one of ${choices.map((c) => `"${c}"`).join(', ')}, not "${value}".`,
      { provider: preset },
    )
  }
  return value
}
