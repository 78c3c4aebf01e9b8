/**
 * Signs one HTTP request with OAuth 1.0a: builds the protocol parameters (fresh CSPRNG nonce, current
 * timestamp), signs the query, the protocol parameters and a form-encoded body (never a JSON body),
 * and places the parameters in the `Authorization` header, the query or the form body.
 */
import { type KeyObject, randomBytes } from 'node:crypto'
import { DanceError } from '../../errors.js'
import { signatureBaseString } from './base-string.js'
import { type ParamList, parseForm, percentEncode } from './encode.js'
import { computeSignature, type SignatureMethod } from './signature.js'

/**
 * Where the protocol parameters travel: the `Authorization` header (preferred), the query or the body.
 */
export type SignatureLocation = 'header' | 'query' | 'body'

/** The consumer side of signing: who we are and how we sign. */
export interface OAuth1SignerConfig {
  consumerKey: string
  /** Unused by RSA-SHA1. */
  consumerSecret?: string | undefined
  /** The consumer's RSA private key, for RSA-SHA1. */
  privateKey?: KeyObject | undefined
  signatureMethod: SignatureMethod
  /** Default `header`. */
  signatureLocation?: SignatureLocation | undefined
  /** The `realm` of the Authorization header (not signed, §3.4.1.3.1). */
  realm?: string | undefined
  /** Send `oauth_version="1.0"` (optional per §3.1; default true, as most providers expect it). */
  includeVersion?: boolean | undefined
  /** Development only: allow PLAINTEXT over `http:`. */
  allowInsecureRequests?: boolean | undefined
  /** The blueprint that signs with this configuration, named on signing errors. */
  provider?: string | undefined
}

/** A request to sign; structurally the blueprint's `OutgoingRequest`. Signing mutates it. */
export interface SignableRequest {
  method: string
  url: URL
  headers: Headers
  body: BodyInit | null | undefined
}

/** Per-request inputs: the token, and extra protocol parameters (`oauth_callback`, `oauth_verifier`). */
export interface SignOptions {
  token?: string | undefined
  tokenSecret?: string | undefined
  extra?: Readonly<Record<string, string>> | undefined
  /** Fixed nonce and timestamp, for test vectors only. */
  nonce?: string | undefined
  timestamp?: string | undefined
}

const FORM_TYPE = 'application/x-www-form-urlencoded'

/**
 * A fresh nonce: 128 bits from the CSPRNG, hex (some servers accept only alphanumerics).
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-3.3)
 */
export function makeNonce(): string {
  return randomBytes(16).toString('hex')
}

/**
 * The current timestamp: whole seconds since the epoch, as a string.
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-3.3)
 */
export function makeTimestamp(now = Date.now()): string {
  return String(Math.floor(now / 1000))
}

/**
 * The body's text when it is a single-part form that §3.4.1.3.1 says must be signed; `provider` is
 * named on the error for a form body that cannot be read.
 */
function formBodyText(request: SignableRequest, provider: string | undefined): string | undefined {
  const { body } = request
  if (body instanceof URLSearchParams) return body.toString()
  const type = request.headers.get('content-type')?.split(';')[0]?.trim().toLowerCase()
  if (type !== FORM_TYPE) return undefined
  if (typeof body === 'string') return body
  if (body === null || body === undefined) return ''
  throw new DanceError(
    'config_invalid',
    'An OAuth 1.0a form body must be a string or URLSearchParams so that its parameters can be signed.',
    { provider },
  )
}

/**
 * The protocol parameters including `oauth_signature`, for a request as it stands.
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-3.1)
 */
export function oauthParameters(
  config: OAuth1SignerConfig,
  request: SignableRequest,
  options: SignOptions = {},
): ParamList {
  const method = config.signatureMethod
  if (method === 'PLAINTEXT' && request.url.protocol !== 'https:' && !config.allowInsecureRequests) {
    // §3.4.4: PLAINTEXT sends the secrets themselves; only TLS protects them.
    throw new DanceError(
      'config_invalid',
      `PLAINTEXT signatures over ${request.url.protocol} would send the secrets in clear; use https (or allowInsecureRequests in development).`,
      { provider: config.provider },
    )
  }
  const protocol: Array<[string, string]> = [
    ['oauth_consumer_key', config.consumerKey],
    ['oauth_signature_method', method],
    ['oauth_timestamp', options.timestamp ?? makeTimestamp()],
    ['oauth_nonce', options.nonce ?? makeNonce()],
  ]
  if (options.token !== undefined && options.token !== '') protocol.push(['oauth_token', options.token])
  if (config.includeVersion !== false) protocol.push(['oauth_version', '1.0'])
  for (const [name, value] of Object.entries(options.extra ?? {})) protocol.push([name, value])

  const query = [...request.url.searchParams]
  const form = formBodyText(request, config.provider)
  const body = form === undefined ? [] : parseForm(form)
  const ours = new Set(protocol.map(([name]) => name))
  for (const [name] of [...query, ...body]) {
    if (ours.has(name) || name === 'oauth_signature') {
      // §3.1: each protocol parameter appears once; a second copy would be ambiguous to the server.
      throw new DanceError('config_invalid', `The request already carries the protocol parameter ${name}.`, {
        provider: config.provider,
      })
    }
  }
  const base = signatureBaseString(request.method, request.url, [...query, ...protocol, ...body])
  const signature = computeSignature(
    method,
    base,
    {
      consumerSecret: config.consumerSecret,
      tokenSecret: options.tokenSecret,
      privateKey: config.privateKey,
    },
    config.provider,
  )
  return [...protocol, ['oauth_signature', signature]]
}

/**
 * The `Authorization: OAuth ...` header value: `realm` first (quoted, not signed), then each parameter
 * as `name="value"`, both percent-encoded.
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-3.5.1)
 */
export function authorizationHeader(params: ParamList, realm?: string): string {
  const parts = params.map(([name, value]) => `${percentEncode(name)}="${percentEncode(value)}"`)
  if (realm !== undefined) parts.unshift(`realm="${realm}"`)
  return `OAuth ${parts.join(', ')}`
}

/**
 * Signs `request` in place: computes the protocol parameters and puts them where `config` says.
 * With `body` placement a bodiless GET or HEAD gets them in the query instead (it cannot carry a form).
 * @see [RFC 5849 - The OAuth 1.0 Protocol](https://www.rfc-editor.org/rfc/rfc5849.html#section-3.5)
 */
export function signRequest(
  config: OAuth1SignerConfig,
  request: SignableRequest,
  options: SignOptions = {},
): void {
  const params = oauthParameters(config, request, options)
  const location = config.signatureLocation ?? 'header'
  if (location === 'header') {
    request.headers.set('authorization', authorizationHeader(params, config.realm))
    return
  }
  const encoded = params.map(([name, value]) => `${percentEncode(name)}=${percentEncode(value)}`).join('&')
  const form = formBodyText(request, config.provider)
  const bodiless = request.body === null || request.body === undefined
  if (location === 'query' || (bodiless && (request.method === 'GET' || request.method === 'HEAD'))) {
    const search = request.url.search.replace(/^\?/, '')
    request.url.search = search ? `${search}&${encoded}` : encoded
    return
  }
  if (form === undefined && !bodiless) {
    throw new DanceError(
      'config_invalid',
      'signatureLocation "body" needs a form-encoded body (RFC 5849 §3.5.2); this request has another kind.',
      { provider: config.provider },
    )
  }
  request.body = form ? `${form}&${encoded}` : encoded
  request.headers.set('content-type', FORM_TYPE)
}
