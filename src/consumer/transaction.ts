/**
 * The login transaction (state, PKCE verifier, nonce, return-to, issuer, OAuth 1 temporary secret),
 * kept between the login and callback routes in an AES-256-GCM encrypted, HttpOnly cookie that is
 * bound to the browser, the provider and the state value, lives ten minutes and is used once.
 *
 * One cookie per login attempt (named by a digest of its handle) so two tabs can log in at once.
 *
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-2.1 (CSRF, binding to the user agent)
 * @see https://www.rfc-editor.org/rfc/rfc9700#section-4.7.1 (state integrity)
 */
import { createHash, randomBytes } from 'node:crypto'
import { deriveKey, open, seal } from '../crypto/aead.js'
import { DanceError } from '../errors.js'
import { parseCookies, serializeCookie } from './cookies.js'
import { type ReplayGuard, replayGuardFor } from './replay-guard.js'

/** What a login remembers until its callback. Never sent to the browser in clear. */
export interface Transaction {
  /** Blueprint name the login was started for. */
  provider: string
  /** The value the callback carries back: `state` (OAuth 2) or the temporary `oauth_token` (OAuth 1). */
  handle: string
  /** Milliseconds since the epoch when the login started. */
  createdAt: number
  /** The exact redirect URI sent in the authorization request (RFC 6749 §4.1.3). */
  redirectUri: string
  /** Where to send the browser after login; already checked by `safeReturnTo`. */
  returnTo?: string | undefined
  /** PKCE code verifier (RFC 7636). */
  verifier?: string | undefined
  /** OpenID Connect nonce. */
  nonce?: string | undefined
  /** The issuer the request was sent to, for the mix-up defence (RFC 9700 §4.4.2). */
  issuer?: string | undefined
  /** `max_age` sent in the authorization request, so `auth_time` is checked. */
  maxAge?: number | undefined
  /** OAuth 1.0a temporary credentials secret (RFC 5849 §2.1). */
  tokenSecret?: string | undefined
}

/** Options of {@link TransactionStore}. */
export interface TransactionStoreOptions {
  /** Secret the cookie key is derived from; `OAUTH_DANCE_SECRET` by default. */
  secret?: string | undefined
  /** Lifetime in seconds (default 600). */
  maxAgeSeconds?: number | undefined
}

/** Cookie attributes chosen per request: https or not, and form_post or not. */
export interface TransactionCookieOptions {
  secure: boolean
  /** `None` is needed when the provider posts the callback cross-site (`response_mode=form_post`). */
  sameSite: 'Lax' | 'None'
}

/** The outcome of consuming a transaction: the transaction, and the header that clears its cookie. */
export interface ConsumedTransaction {
  transaction: Transaction
  clearCookie: string
}

let warnedRandomSecret = false

/** Seals transactions into cookies and opens them once. */
export class TransactionStore {
  readonly maxAgeSeconds: number
  readonly #key: Buffer
  // Handles already consumed in this process, for at least as long as their transaction lives. A
  // stolen cookie replayed against this process fails even though cookies cannot be revoked. Fixed
  // size (two rotating Bloom filters, 1 MiB per distinct lifetime), so memory does not grow with
  // logins; a false positive (below 1e-6 per callback at 100,000 logins per lifetime) refuses one
  // legitimate callback as replayed. See replay-guard.ts.
  readonly #consumed: ReplayGuard

  constructor(options: TransactionStoreOptions = {}) {
    this.maxAgeSeconds = options.maxAgeSeconds ?? 600
    const secret = options.secret ?? process.env.OAUTH_DANCE_SECRET
    if (!secret && !warnedRandomSecret) {
      warnedRandomSecret = true
      console.warn(
        '[oauth-dance] OAUTH_DANCE_SECRET is not set: login transactions use a random per-process key, so a login started on one instance cannot finish on another.',
      )
    }
    this.#key = deriveKey(secret || randomBytes(32), 'transaction-cookie')
    // At least 1 ms: a zero lifetime (every transaction already expired) must not make the guard throw.
    this.#consumed = replayGuardFor(Math.max(1, this.maxAgeSeconds * 1000))
  }

  /** The cookie name for a provider and handle. `__Host-` over https (RFC 6265bis §4.1.3.2). */
  cookieName(provider: string, handle: string, secure: boolean): string {
    const digest = createHash('sha256').update(handle).digest('base64url').slice(0, 16)
    return `${secure ? '__Host-' : ''}oauth-dance-tx.${provider}.${digest}`
  }

  /** Returns the `Set-Cookie` value that stores the transaction. */
  create(transaction: Transaction, cookie: TransactionCookieOptions): string {
    const name = this.cookieName(transaction.provider, transaction.handle, cookie.secure)
    const sealed = seal(
      this.#key,
      Buffer.from(JSON.stringify(transaction)),
      this.#aad(transaction.provider, transaction.handle),
    )
    return serializeCookie(name, sealed.toString('base64url'), {
      maxAge: this.maxAgeSeconds,
      secure: cookie.secure,
      sameSite: cookie.sameSite,
    })
  }

  /**
   * Finds, opens and invalidates the transaction for `provider` and `handle`.
   * Throws `transaction_missing`, `transaction_invalid` or `transaction_expired`; the caller must still
   * send `clearCookieFor(...)` when it throws.
   */
  consume(
    request: Request,
    provider: string,
    handle: string,
    cookie: TransactionCookieOptions,
  ): ConsumedTransaction {
    const name = this.cookieName(provider, handle, cookie.secure)
    const clearCookie = this.clearCookie(provider, handle, cookie)
    const raw = parseCookies(request.headers.get('cookie')).get(name)
    if (raw === undefined) {
      throw new DanceError(
        'transaction_missing',
        'No login is in progress for this browser and state (expired, already used, or started elsewhere).',
        { provider },
      )
    }
    // Only bits derived from a digest are kept: the handle is a slice of the callback URL string, and
    // keeping it for the replay window would keep the whole URL (with its code) in memory too.
    const mark = this.#consumed.mark(provider, handle)
    const now = Date.now()
    if (this.#consumed.has(mark, now)) {
      throw new DanceError('transaction_missing', 'This login was already completed once.', { provider })
    }
    const opened = /^[A-Za-z0-9_-]+$/.test(raw)
      ? open(this.#key, Buffer.from(raw, 'base64url'), this.#aad(provider, handle))
      : undefined
    let transaction: Transaction | undefined
    try {
      transaction = opened ? (JSON.parse(opened.toString('utf8')) as Transaction) : undefined
    } catch {
      transaction = undefined
    }
    if (!transaction || transaction.provider !== provider || transaction.handle !== handle) {
      throw new DanceError(
        'transaction_invalid',
        'The login transaction cookie is not valid for this callback.',
        {
          provider,
        },
      )
    }
    const expiresAt = transaction.createdAt + this.maxAgeSeconds * 1000
    this.#consumed.add(mark, now)
    if (expiresAt <= now) {
      throw new DanceError('transaction_expired', 'The login took too long; please start again.', {
        provider,
      })
    }
    return { transaction, clearCookie }
  }

  /** The `Set-Cookie` value that deletes the transaction cookie. */
  clearCookie(provider: string, handle: string, cookie: TransactionCookieOptions): string {
    return serializeCookie(this.cookieName(provider, handle, cookie.secure), '', { ...cookie, maxAge: 0 })
  }

  /**
   * `Set-Cookie` values that delete every transaction cookie of `provider` the request carries, so a
   * failed callback (forged, replayed, or for an unknown state) leaves no usable login behind.
   */
  clearAll(request: Request, provider: string, cookie: TransactionCookieOptions): string[] {
    const prefix = `${cookie.secure ? '__Host-' : ''}oauth-dance-tx.${provider}.`
    return [...parseCookies(request.headers.get('cookie')).keys()]
      .filter((name) => name.startsWith(prefix))
      .map((name) => serializeCookie(name, '', { ...cookie, maxAge: 0 }))
  }

  #aad(provider: string, handle: string): Buffer {
    return Buffer.from(`${provider}\u0000${handle}`)
  }
}
