/**
 * How the stand-in OAuth 1.0a provider checks a signed request: it collects the parameters from the
 * Authorization header, the query and a form body, refuses duplicates, unknown consumers, stale
 * timestamps, replayed nonces and unknown tokens, and verifies the signature with the independent
 * `oauth-sign` package (RSA-SHA1 with the consumer's public key), never with oauth-dance's own signer.
 *
 * @see https://www.rfc-editor.org/rfc/rfc5849#section-3.2
 */
import { createPublicKey, type KeyObject, timingSafeEqual, verify } from 'node:crypto'
import type { Request } from 'express'
import oauthSign from 'oauth-sign'

/** A registered consumer: an HMAC/PLAINTEXT secret and/or an RSA public key. */
export interface StandInConsumer {
  key: string
  secret?: string
  /** PEM or KeyObject; enables RSA-SHA1 for this consumer. */
  rsaPublicKey?: string | KeyObject
}

/** Why a request was refused: the HTTP status and the `oauth_problem` value. */
export class OAuthProblem extends Error {
  constructor(
    readonly status: 400 | 401,
    readonly problem: string,
  ) {
    super(problem)
  }
}

/** What a verified request carried. */
export interface VerifiedRequest {
  consumer: StandInConsumer
  token: string | undefined
  signatureMethod: string
  /** Where the protocol parameters were found. */
  location: 'header' | 'query' | 'body'
  /** All oauth_* parameters (without the signature). */
  oauth: Map<string, string>
  /** The non-protocol parameters that were signed (query, then form body). */
  signed: Array<[string, string]>
}

/** The state a verifier needs: consumers, the nonce memory and the clock. */
export interface VerifierState {
  consumers: Map<string, StandInConsumer>
  seenNonces: Set<string>
  maxSkewSeconds: number
  /** The provider's clock in seconds (tests move it to simulate skew). */
  now(): number
}

function headerParams(header: string | undefined): Array<[string, string]> {
  if (!header || !/^OAuth\s/i.test(header)) return []
  const out: Array<[string, string]> = []
  for (const match of header.slice(6).matchAll(/([^\s=,]+)="([^"]*)"/g)) {
    out.push([decodeURIComponent(match[1]!), decodeURIComponent(match[2]!)])
  }
  return out
}

function isForm(req: Request): boolean {
  return (
    (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase() ===
    'application/x-www-form-urlencoded'
  )
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a)
  const y = Buffer.from(b)
  return x.length === y.length && timingSafeEqual(x, y)
}

/**
 * Verifies the request; `tokenSecret(token)` says which token secret belongs to the token (undefined:
 * unknown token). Throws {@link OAuthProblem}.
 */
export function verifyRequest(
  state: VerifierState,
  req: Request,
  rawBody: string,
  tokenSecret: (token: string | undefined) => string | undefined,
): VerifiedRequest {
  const header = headerParams(req.headers.authorization).filter(([name]) => name !== 'realm')
  const query = [...new URL(req.originalUrl, 'http://x').searchParams]
  const body = isForm(req) ? [...new URLSearchParams(rawBody)] : []
  const all = [...query, ...header, ...body]
  const oauth = new Map<string, string>()
  for (const [name, value] of all) {
    if (!name.startsWith('oauth_')) continue
    if (oauth.has(name)) throw new OAuthProblem(400, 'parameter_rejected')
    oauth.set(name, value)
  }
  const location =
    header.length > 0 ? 'header' : query.some(([n]) => n === 'oauth_signature') ? 'query' : 'body'
  const method = oauth.get('oauth_signature_method') ?? ''
  const signature = oauth.get('oauth_signature')
  const consumerKey = oauth.get('oauth_consumer_key')
  if (!signature || !consumerKey || !method) throw new OAuthProblem(400, 'parameter_absent')
  const version = oauth.get('oauth_version')
  if (version !== undefined && version !== '1.0') throw new OAuthProblem(400, 'version_rejected')
  const consumer = state.consumers.get(consumerKey)
  if (!consumer) throw new OAuthProblem(401, 'consumer_key_unknown')
  const timestamp = oauth.get('oauth_timestamp')
  const nonce = oauth.get('oauth_nonce')
  if (method !== 'PLAINTEXT') {
    if (!timestamp || !/^\d+$/.test(timestamp) || !nonce) throw new OAuthProblem(400, 'parameter_absent')
    if (Math.abs(state.now() - Number(timestamp)) > state.maxSkewSeconds) {
      throw new OAuthProblem(401, 'timestamp_refused')
    }
  }
  const token = oauth.get('oauth_token') || undefined
  const secret = tokenSecret(token)
  if (secret === undefined) throw new OAuthProblem(401, 'token_rejected')
  const nonceKey = `${consumerKey}\u0000${token ?? ''}\u0000${timestamp}\u0000${nonce}`
  if (nonce && state.seenNonces.has(nonceKey)) throw new OAuthProblem(401, 'nonce_used')

  const params: Record<string, string | string[]> = Object.create(null)
  for (const [name, value] of all) {
    if (name === 'oauth_signature') continue
    const existing = params[name]
    params[name] =
      existing === undefined ? value : [...(Array.isArray(existing) ? existing : [existing]), value]
  }
  const baseUri = `${req.protocol}://${String(req.headers.host).toLowerCase()}${req.path}`
  let valid: boolean
  if (method === 'RSA-SHA1') {
    if (!consumer.rsaPublicKey) throw new OAuthProblem(400, 'signature_method_rejected')
    const key =
      typeof consumer.rsaPublicKey === 'string'
        ? createPublicKey(consumer.rsaPublicKey)
        : consumer.rsaPublicKey
    const base = oauthSign.generateBase(req.method, baseUri, params)
    valid = verify('sha1', Buffer.from(base), key, Buffer.from(signature, 'base64'))
  } else if (['HMAC-SHA1', 'HMAC-SHA256', 'PLAINTEXT'].includes(method) && consumer.secret !== undefined) {
    valid = same(signature, oauthSign.sign(method, req.method, baseUri, params, consumer.secret, secret))
  } else {
    throw new OAuthProblem(400, 'signature_method_rejected')
  }
  if (!valid) throw new OAuthProblem(401, 'signature_invalid')
  if (nonce) state.seenNonces.add(nonceKey)
  return {
    consumer,
    token,
    signatureMethod: method,
    location,
    oauth: new Map([...oauth].filter(([name]) => name !== 'oauth_signature')),
    signed: [...query, ...body].filter(([name]) => !name.startsWith('oauth_')),
  }
}
