/**
 * DPoP (RFC 9449): tokens bound to a key pair the client holds, proven on each request with a signed
 * proof (method, URL, time, a fresh `jti`, the access token's hash, a server nonce when asked for).
 * Each login makes its own P-256 key pair; its private JWK is kept in the token (`dpop_jwk`), so it is
 * stored, sealed and shared between app instances exactly like the token it binds. Server nonces are
 * per origin, not per key, so one cache per blueprint serves every user.
 */
import * as oauth from 'oauth4webapi'
import { DanceError } from '../../errors.js'
import type { Token } from '../../token.js'
import type { FetchLike } from '../http.js'

/** The token member holding the DPoP private key (a P-256 JWK). */
export const DPOP_KEY_MEMBER = 'dpop_jwk'

const ES256 = { name: 'ECDSA', namedCurve: 'P-256' } as const
/** How many origins' nonces are remembered; the oldest is dropped past it. */
const NONCE_ORIGINS = 100

/** A new key pair for one login, and its private JWK to store with the token. */
export async function newDpopKey(): Promise<{ pair: CryptoKeyPair; jwk: JsonWebKey }> {
  const generated = await crypto.subtle.generateKey(ES256, true, ['sign', 'verify'])
  const { kty, crv, x, y, d } = await crypto.subtle.exportKey('jwk', generated.privateKey)
  const jwk = { kty, crv, x, y, d }
  // The stored pair is re-imported with a private key that cannot be exported again.
  return { pair: await importPair(jwk), jwk }
}

/**
 * The token a provider answered, without a member named like the one we keep our DPoP key in: only
 * the key this blueprint generated may sit there, never one a provider's answer carried.
 */
export function withoutDpopKey(token: Token): Token {
  if (!(DPOP_KEY_MEMBER in token)) return token
  const { [DPOP_KEY_MEMBER]: _planted, ...rest } = token
  return rest as Token
}

/** True when `token` is bound to a DPoP key (a `DPoP` token with its key stored). */
export function isDpopBound(token: Token): boolean {
  return typeof token[DPOP_KEY_MEMBER] === 'object' && token[DPOP_KEY_MEMBER] !== null
}

/** The key pair a stored token is bound to; `crypto_error` when the stored key is unusable. */
export async function dpopKeyOf(token: Token, provider: string): Promise<CryptoKeyPair> {
  try {
    return await importPair(token[DPOP_KEY_MEMBER] as JsonWebKey)
  } catch {
    throw new DanceError('crypto_error', `The stored ${provider} token's DPoP key cannot be read.`, {
      provider,
    })
  }
}

async function importPair(jwk: JsonWebKey): Promise<CryptoKeyPair> {
  const { kty, crv, x, y } = jwk
  return {
    privateKey: await crypto.subtle.importKey('jwk', jwk, ES256, false, ['sign']),
    // oauth4webapi puts the public key in each proof's header, so it must be exportable.
    publicKey: await crypto.subtle.importKey('jwk', { kty, crv, x, y }, ES256, true, ['verify']),
  }
}

/** Server-provided DPoP nonces by origin, learnt from every answer that carries one. */
export class DpopNonces {
  readonly #byOrigin = new Map<string, string>()

  /** The last nonce `origin` gave, if any. */
  get(origin: string): string | undefined {
    return this.#byOrigin.get(origin)
  }

  /** Remembers the `DPoP-Nonce` of an answer from `url`. */
  record(url: string | URL, response: Response): void {
    const nonce = response.headers.get('dpop-nonce')
    if (!nonce) return
    const origin = new URL(url).origin
    this.#byOrigin.delete(origin)
    if (this.#byOrigin.size >= NONCE_ORIGINS) this.#byOrigin.delete(this.#byOrigin.keys().next().value!)
    this.#byOrigin.set(origin, nonce)
  }

  /** `transport`, learning the nonce of each answer. */
  recording(transport: FetchLike): FetchLike {
    return async (input, init) => {
      const response = await transport(input, init)
      this.record(input instanceof Request ? input.url : input, response)
      return response
    }
  }

  /** oauth4webapi's DPoP handle for `pair`, its proofs carrying the nonce this cache knows. */
  handle(client: oauth.Client, pair: CryptoKeyPair): oauth.DPoPHandle {
    return oauth.DPoP(client, pair, {
      [oauth.modifyAssertion]: (_header, payload) => {
        const nonce = typeof payload.htu === 'string' ? this.get(new URL(payload.htu).origin) : undefined
        if (nonce !== undefined) payload.nonce = nonce
      },
    })
  }
}

/**
 * A DPoP proof for a request to a resource server: `htm`, `htu` (no query or fragment), `iat`, a fresh
 * `jti`, `ath` (the access token's SHA-256) and the origin's nonce when it gave one.
 * @see [RFC 9449 - OAuth 2.0 Demonstrating Proof of Possession (DPoP)](https://www.rfc-editor.org/rfc/rfc9449.html#section-7.1)
 */
export async function resourceProof(
  pair: CryptoKeyPair,
  method: string,
  url: URL,
  accessToken: string,
  nonce: string | undefined,
): Promise<string> {
  const { kty, crv, x, y } = await crypto.subtle.exportKey('jwk', pair.publicKey)
  const ath = Buffer.from(await crypto.subtle.digest('SHA-256', Buffer.from(accessToken))).toString(
    'base64url',
  )
  const header = { typ: 'dpop+jwt', alg: 'ES256', jwk: { kty, crv, x, y } }
  const payload = {
    jti: Buffer.from(crypto.getRandomValues(new Uint8Array(16))).toString('base64url'),
    htm: method.toUpperCase(),
    htu: `${url.origin}${url.pathname}`,
    iat: Math.floor(Date.now() / 1000),
    ath,
    ...(nonce !== undefined && { nonce }),
  }
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
  const input = `${part(header)}.${part(payload)}`
  // WebCrypto's ECDSA signature is already the raw r||s a JWS wants (RFC 7518 §3.4).
  const signature = await crypto.subtle.sign(
    { name: 'ECDSA', hash: 'SHA-256' },
    pair.privateKey,
    Buffer.from(input),
  )
  return `${input}.${Buffer.from(signature).toString('base64url')}`
}

/**
 * True when a token endpoint answer refuses the proof for want of a (fresh) nonce: a 400 with
 * `error=use_dpop_nonce` (RFC 9449 §8). Read on a copy, so the answer can still be processed.
 */
export async function isNonceRefusal(response: Response): Promise<boolean> {
  if (response.status !== 400 || !response.headers.has('dpop-nonce')) return false
  try {
    const body: unknown = await response.clone().json()
    return (
      typeof body === 'object' && body !== null && (body as { error?: unknown }).error === 'use_dpop_nonce'
    )
  } catch {
    return false
  }
}

/**
 * True when a resource server's 401 asks for a (fresh) nonce: a `DPoP` challenge with
 * `error="use_dpop_nonce"` (RFC 9449 §9).
 */
export function isNonceChallenge(response: Response): boolean {
  if (response.status !== 401) return false
  const challenge = response.headers.get('www-authenticate') ?? ''
  return /\bdpop\b/i.test(challenge) && /\berror\s*=\s*"?use_dpop_nonce\b/i.test(challenge)
}
