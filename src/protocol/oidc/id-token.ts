/**
 * Reading ID tokens we already validated, and verifying their signatures: against the provider's JWKS
 * (oauth4webapi, with our re-fetch policy on an unknown `kid`), or with the client secret for `HS*`.
 *
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RotateSigKeys
 */
import { createHmac, timingSafeEqual } from 'node:crypto'
import * as oauth from 'oauth4webapi'
import { DanceError, type FixedText } from '../../errors.js'
import { decodeJwt } from '../../jwt.js'
import type { Token } from '../../token.js'
import type { FetchLike } from '../http.js'
import { type OAuthPhase, toDanceError } from '../oauth2/errors.js'

/** Claims of a validated ID token. */
export type IdTokenClaims = Readonly<Record<string, unknown>> & {
  readonly iss: string
  readonly sub: string
  readonly aud: string | readonly string[]
  readonly exp: number
  readonly iat: number
}

/**
 * The claims of the ID token stored in `token`, or undefined when there is none. The token was validated
 * when it was received (login or refresh); this only decodes it.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDToken
 */
export function storedIdTokenClaims(token: Token | undefined): IdTokenClaims | undefined {
  if (typeof token?.id_token !== 'string') return undefined
  const payload = decodeJwt(token.id_token)?.payload
  if (!payload || typeof payload.iss !== 'string' || typeof payload.sub !== 'string') return undefined
  return payload as IdTokenClaims
}

/** Options of {@link IdTokenSignatures}. */
export interface IdTokenSignatureOptions {
  /** Blueprint name, for errors. */
  provider: string
  /** The back-channel transport JWKS requests go through. */
  fetch: FetchLike
  /** Development only: allow an `http:` `jwks_uri`. */
  allowInsecureRequests?: boolean | undefined
  /** The client secret, the key of `HS256/384/512` ID tokens (Core §10.1). */
  clientSecret?: string | undefined
  /** Accept unsigned (`alg: none`) ID tokens: only when registered so (`idTokenSignedResponseAlg: 'none'`). */
  allowUnsigned?: boolean | undefined
  /**
   * A key id that a forced JWKS re-fetch did not find is refused without another fetch for this long, and
   * at most four forced re-fetches happen in such a window (s, default 30).
   */
  refetchCooldownSeconds?: number | undefined
}

const HMAC_HASH: Readonly<Record<string, string>> = { HS256: 'sha256', HS384: 'sha384', HS512: 'sha512' }

/** How many forced JWKS re-fetches one cooldown window allows, whatever the key ids. */
const FORCED_FETCHES_PER_WINDOW = 4
/** How many fruitless key ids are remembered (oldest forgotten first): memory stays bounded. */
const FRUITLESS_KEYS_REMEMBERED = 256

/**
 * Verifies ID token signatures for one blueprint. oauth4webapi caches the JWKS for five minutes and
 * re-fetches on an unknown key only when its copy is a minute old; a provider that rotates keys between
 * two logins a few seconds apart would then fail the second. We force a re-fetch on an unknown key
 * (concurrent validations share it). What cools down is the key id, not the provider: a `kid` that a
 * re-fetch did not find is refused without another fetch for the cooldown, while a different `kid` (a
 * genuine rotation right after a bogus token) is looked up at once. A flood of ever-new made-up `kid`s
 * is bounded by a budget of {@link FORCED_FETCHES_PER_WINDOW} forced re-fetches per cooldown window.
 * @see https://openid.net/specs/openid-connect-core-1_0.html#RotateSigKeys
 */
export class IdTokenSignatures {
  readonly #options: IdTokenSignatureOptions
  #cache: oauth.JWKSCacheInput = {}
  // oauth4webapi keys its in-memory JWKS by the metadata object's identity: a new copy forces a fetch.
  #source: oauth.AuthorizationServer | undefined
  #copy: oauth.AuthorizationServer | undefined
  /** Key ids (`alg` + `kid`) a forced re-fetch did not find, with when; insertion order is age order. */
  readonly #fruitless = new Map<string, number>()
  /** When the recent forced re-fetches started (at most the budget's size). */
  #forcedAt: number[] = []
  #forced: Promise<void> | undefined

  constructor(options: IdTokenSignatureOptions) {
    this.#options = options
  }

  /**
   * Verifies the signature of the ID token in the token response `ref` (already processed by
   * oauth4webapi). Throws `id_token_invalid` when it is unsigned, signed with an unknown key or forged.
   */
  async verify(as: oauth.AuthorizationServer, ref: Response, idToken: string): Promise<void> {
    const decoded = decodeJwt(idToken)
    const alg = decoded?.header.alg
    if (typeof alg !== 'string') throw this.#invalid('its header has no "alg"')
    if (alg === 'none') {
      if (this.#options.allowUnsigned) return
      throw this.#invalid('it is unsigned (alg "none"), which this client does not accept')
    }
    const hash = HMAC_HASH[alg]
    if (hash) return this.#verifyHmac(idToken, hash)
    if (this.#source !== as) {
      this.#source = as
      this.#copy = { ...as }
      this.#cache = {}
      this.#fruitless.clear()
    }
    try {
      await this.#attempt(ref)
    } catch (error) {
      if (!isNoApplicableKey(error)) throw this.#mapped(error)
      const keyId = JSON.stringify([alg, decoded?.header.kid ?? null])
      if (!this.#forced) {
        if (this.#recentlyFruitless(keyId) || !this.#budgetLeft()) throw this.#mapped(error)
        this.#forcedAt.push(Date.now())
        this.#cache = {}
        this.#copy = { ...as }
        const flight = this.#attempt(ref).then(
          () => undefined,
          () => undefined,
        )
        this.#forced = flight
        void flight.finally(() => {
          if (this.#forced === flight) this.#forced = undefined
        })
      }
      await this.#forced
      try {
        await this.#attempt(ref)
        this.#fruitless.delete(keyId)
      } catch (retryError) {
        if (isNoApplicableKey(retryError)) this.#rememberFruitless(keyId)
        throw this.#mapped(retryError)
      }
    }
  }

  #recentlyFruitless(keyId: string): boolean {
    const at = this.#fruitless.get(keyId)
    return at !== undefined && Date.now() - at < this.#cooldownMs()
  }

  #rememberFruitless(keyId: string): void {
    this.#fruitless.delete(keyId)
    this.#fruitless.set(keyId, Date.now())
    for (const oldest of this.#fruitless.keys()) {
      if (this.#fruitless.size <= FRUITLESS_KEYS_REMEMBERED) break
      this.#fruitless.delete(oldest)
    }
  }

  /** True while fewer than the budget's forced re-fetches started within the last cooldown window. */
  #budgetLeft(): boolean {
    const since = Date.now() - this.#cooldownMs()
    this.#forcedAt = this.#forcedAt.filter((at) => at > since)
    return this.#forcedAt.length < FORCED_FETCHES_PER_WINDOW
  }

  #attempt(ref: Response): Promise<void> {
    return oauth.validateApplicationLevelSignature(this.#copy!, ref, {
      [oauth.customFetch]: this.#options.fetch,
      [oauth.jwksCache]: this.#cache,
      ...(this.#options.allowInsecureRequests && { [oauth.allowInsecureRequests]: true }),
    })
  }

  #verifyHmac(idToken: string, hash: string): void {
    const secret = this.#options.clientSecret
    if (!secret) throw this.#invalid('it is MAC-signed, but this client has no client secret')
    const dot = idToken.lastIndexOf('.')
    const expected = createHmac(hash, secret).update(idToken.slice(0, dot)).digest()
    const actual = Buffer.from(idToken.slice(dot + 1), 'base64url')
    if (actual.length !== expected.length || !timingSafeEqual(actual, expected)) {
      throw this.#invalid('its signature does not verify')
    }
  }

  #cooldownMs(): number {
    return (this.#options.refetchCooldownSeconds ?? 30) * 1000
  }

  #mapped(error: unknown): DanceError {
    if (error instanceof DanceError) return error
    if (error instanceof oauth.OperationProcessingError && error.code === oauth.KEY_SELECTION) {
      return this.#invalid('no key of the provider matches its signature', error)
    }
    return this.#invalid('its signature does not verify', error)
  }

  #invalid<R extends string>(reason: FixedText<R>, cause?: unknown): DanceError {
    const { provider } = this.#options
    return new DanceError('id_token_invalid', `${provider}'s ID token is not valid: ${reason}.`, {
      provider,
      cause,
      // oauth4webapi's words about the token (the provider's answer) stay out of the message.
      ...(cause instanceof Error && { providerDetail: cause.message }),
    })
  }
}

/**
 * Maps what oauth4webapi throws while processing a token response: its ID token checks are
 * `id_token_invalid` with the failed check named; the rest maps as for OAuth 2 (both by the table in
 * `oauth4webapi-codes.ts`).
 * @see https://openid.net/specs/openid-connect-core-1_0.html#IDTokenValidation
 */
export function idTokenError(error: unknown, phase: OAuthPhase, provider: string): DanceError {
  return toDanceError(error, phase, provider)
}

function isNoApplicableKey(error: unknown): boolean {
  if (!(error instanceof oauth.OperationProcessingError) || error.code !== oauth.KEY_SELECTION) return false
  // oauth4webapi names the keys that fit the header: none (not several) means an unknown key.
  const candidates = (error.cause as { candidates?: unknown } | undefined)?.candidates
  return Array.isArray(candidates) && candidates.length === 0
}
