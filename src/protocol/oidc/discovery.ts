/**
 * OpenID Provider discovery: fetch `/.well-known/openid-configuration`, require its `issuer` to be the
 * configured one, and keep the document for the life of the blueprint (re-read after `maxAgeSeconds`).
 *
 * @see [OpenID Connect Discovery 1.0 - Obtaining OpenID Provider Configuration Information](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfig)
 */
import * as oauth from 'oauth4webapi'
import { DanceError, type FixedText } from '../../errors.js'
import type { FetchLike } from '../http.js'

/** Options of {@link discoverProvider}. */
export interface DiscoveryOptions {
  /** The issuer the document must name, compared as strings (Discovery §4.3). */
  issuer: string
  /** Where the document is, when it is not `<issuer>/.well-known/openid-configuration` (Entra `common`). */
  discoveryUrl?: string | undefined
  /** With `discoveryUrl`: the document's issuer may match this instead of equalling `issuer`. */
  issuerPattern?: RegExp | undefined
  /** The back-channel transport. */
  fetch: FetchLike
  /** Development only: allow an `http:` issuer. */
  allowInsecureRequests?: boolean | undefined
  /** Blueprint name, for errors. */
  provider: string
}

/**
 * Fetches and validates the provider's metadata. Throws `discovery_failed` for a missing or invalid
 * document, including an `issuer` that differs from the configured one even by a trailing slash, and
 * `provider_timeout` / `provider_unavailable` when the provider cannot be reached.
 * @see [OpenID Connect Discovery 1.0 - OpenID Provider Configuration Validation](https://openid.net/specs/openid-connect-discovery-1_0.html#ProviderConfigurationValidation)
 */
export async function discoverProvider(options: DiscoveryOptions): Promise<oauth.AuthorizationServer> {
  const { issuer, provider } = options
  const fail: Fail = (message, cause, providerDetail) =>
    new DanceError('discovery_failed', `${provider}: ${message}`, {
      provider,
      cause,
      ...(providerDetail !== undefined && { providerDetail }),
    })
  if (!URL.canParse(issuer)) throw fail('the configured issuer is not a URL.')
  const requestOptions = {
    [oauth.customFetch]: options.fetch,
    ...(options.allowInsecureRequests && { [oauth.allowInsecureRequests]: true }),
  }
  let response: Response
  try {
    if (options.discoveryUrl) {
      const url = new URL(options.discoveryUrl)
      if (url.protocol !== 'https:' && !options.allowInsecureRequests) {
        throw fail('the discovery URL must use https.')
      }
      response = await options.fetch(url, { headers: { accept: 'application/json' } })
    } else {
      response = await oauth.discoveryRequest(new URL(issuer), requestOptions)
    }
  } catch (error) {
    // Our own failures, and the transport's timeouts and network errors, keep their codes (504/502).
    if (error instanceof DanceError) throw error
    throw fail('its discovery document could not be fetched.', error)
  }
  const metadata = await readMetadata(response, fail)
  // Exact string comparison (Discovery §4.3), stricter than oauth4webapi's URL-normalised one.
  // A pattern is for a tenant named by its domain: only its fixed discovery URL may name the ID.
  const patterned =
    options.discoveryUrl !== undefined && options.issuerPattern?.test(metadata.issuer) === true
  if (metadata.issuer !== issuer && !patterned) {
    // The document's issuer is the provider's text: kept for logs in providerDetail, out of the message.
    const mismatch = fail(
      "the discovery document names another issuer than the configured one (see providerDetail). Configure the exact issuer, or check that the document is the provider's.",
      undefined,
      String(metadata.issuer),
    )
    issuerMismatches.add(mismatch)
    throw mismatch
  }
  if (typeof metadata.authorization_endpoint !== 'string' || typeof metadata.token_endpoint !== 'string') {
    throw fail('its discovery document lacks the authorization or token endpoint.')
  }
  return metadata
}

/** Builds a `discovery_failed` error; the message is fixed text, provider text goes in `providerDetail`. */
type Fail = <M extends string>(message: FixedText<M>, cause?: unknown, providerDetail?: string) => DanceError

/** The errors that reject a document naming another issuer (never served from a stale cache). */
const issuerMismatches = new WeakSet<DanceError>()

async function readMetadata(response: Response, fail: Fail): Promise<oauth.AuthorizationServer> {
  if (response.status !== 200) {
    await response.body?.cancel().catch(() => {})
    throw fail(`its discovery document answered HTTP ${response.status}.`)
  }
  let body: unknown
  try {
    body = await response.json()
  } catch (error) {
    throw fail('its discovery document is not JSON.', error)
  }
  if (
    !body ||
    typeof body !== 'object' ||
    Array.isArray(body) ||
    typeof (body as oauth.AuthorizationServer).issuer !== 'string'
  ) {
    throw fail('its discovery document is not provider metadata (no "issuer").')
  }
  return body as oauth.AuthorizationServer
}

/** A discovered document shared by all requests of one blueprint; concurrent first uses share one fetch. */
export class DiscoveryCache {
  readonly #load: () => Promise<oauth.AuthorizationServer>
  readonly #maxAgeMs: number
  #value: oauth.AuthorizationServer | undefined
  #loadedAt = 0
  #pending: Promise<oauth.AuthorizationServer> | undefined

  constructor(load: () => Promise<oauth.AuthorizationServer>, maxAgeSeconds = 86_400) {
    this.#load = load
    this.#maxAgeMs = maxAgeSeconds * 1000
  }

  /** The cached document if any (possibly stale). */
  get current(): oauth.AuthorizationServer | undefined {
    return this.#value
  }

  /**
   * The document, fetched on first use and again once older than the maximum age. A failed re-read keeps
   * the old document (the provider's metadata rarely changes; its outage should not end every login).
   */
  async get(): Promise<oauth.AuthorizationServer> {
    const fresh = this.#value && Date.now() - this.#loadedAt < this.#maxAgeMs
    if (fresh && this.#value) return this.#value
    this.#pending ??= this.#load().then(
      (value) => {
        this.#value = value
        this.#loadedAt = Date.now()
        this.#pending = undefined
        return value
      },
      (error: unknown) => {
        this.#pending = undefined
        if (this.#value && !isIssuerMismatch(error)) return this.#value
        throw error
      },
    )
    return this.#pending
  }
}

function isIssuerMismatch(error: unknown): boolean {
  return error instanceof DanceError && issuerMismatches.has(error)
}
