/**
 * The hosts a blueprint's two routes answer (its `host` option): checked once at construction, matched
 * against each request's host without case; a host named without a port matches it on any port.
 */
import { DanceError } from '../errors.js'

/** Whether a request's host (`hostname[:port]`) is one the routes answer. */
export type HostMatcher = (host: string) => boolean

/** The matcher of the `host` option; every host when it is not set. Throws `config_invalid` for a bad host. */
export function hostMatcher(provider: string, option: string | readonly string[] | undefined): HostMatcher {
  if (option === undefined) return () => true
  const hosts = (typeof option === 'string' ? [option] : [...option]).map((host) => parseHost(provider, host))
  if (hosts.length === 0) {
    throw new DanceError('config_invalid', `The ${provider} blueprint's \`host\` list is empty.`, {
      provider,
    })
  }
  return (requestHost) => {
    const url = asUrl(requestHost)
    if (!url) return false
    return hosts.some((host) =>
      host.port === undefined ? host.name === url.hostname : host.name === url.host,
    )
  }
}

/** A configured host, lower-cased: with a port it must match `host`, without one `hostname`. */
function parseHost(provider: string, host: string): { name: string; port?: string } {
  const url = asUrl(host)
  // Only a bare host survives the round trip: no scheme, path, user info, query or stray characters.
  if (!url || url.host !== host.toLowerCase()) {
    throw new DanceError(
      'config_invalid',
      `The ${provider} blueprint's \`host\` must be a host name such as login.example.com (optionally with a :port), without a scheme or a path.`,
      { provider },
    )
  }
  return url.port === '' ? { name: url.hostname } : { name: url.host, port: url.port }
}

function asUrl(host: string): URL | undefined {
  if (host === '' || /[/?#@\\\s]/.test(host)) return undefined
  try {
    return new URL(`http://${host}`)
  } catch {
    return undefined
  }
}
