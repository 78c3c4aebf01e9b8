/**
 * The login transaction (state, PKCE verifier, nonce, return-to, issuer, OAuth 1 temporary secret),
 * kept between the login and callback routes in an AES-256-GCM encrypted, HttpOnly cookie that is
 * bound to the browser, the provider and the state value, lives ten minutes and is used once.
 *
 * Bounded per browser, whatever the number of providers: a browser holds at most
 * {@link MAX_PENDING_LOGINS} transaction cookies in all. The cookie names are one fixed set of slots
 * shared by every blueprint (`oauth-dance-tx.<slot>`), so even logins started in parallel, for any
 * number of providers, cannot add more; a new login takes a free slot or overwrites the oldest (the
 * issue time travels in clear at the front of the value). Several tabs can still log in at once, and
 * a cross-site page that sends the browser through many login links cannot grow its Cookie header
 * past `MAX_PENDING_LOGINS` × {@link MAX_TRANSACTION_COOKIE_BYTES}, and cannot lock the browser out of
 * other providers' logins.
 *
 * Bound to its name: the cookie name (with its `__Host-` prefix or not) is in the AES-GCM associated
 * data, so a value sealed for `__Host-oauth-dance-tx.0` cannot be replayed under the unprefixed name
 * that a sibling subdomain or a network attacker can plant (login CSRF through an http:// callback).
 *
 * @see [RFC 9700 - Best Current Practice for OAuth 2.0 Security](https://www.rfc-editor.org/rfc/rfc9700.html#section-4.7.1)
 * @see [RFC 6265 - HTTP State Management Mechanism](https://www.rfc-editor.org/rfc/rfc6265.html#section-6.1)
 */
import { hash, randomBytes, randomInt } from 'node:crypto'
import type { RequestView } from '../../context.js'
import { deriveKey, open, seal } from '../../crypto/aead.js'
import type { Env } from '../../env.js'
import { DanceError } from '../../errors.js'
import { withMembers } from '../../objects.js'
import type { CallbackState } from '../../protocol/protocol.js'
import { parseCookies, serializeCookie } from './cookies.js'
import { type ReplayGuard, replayGuardFor } from './replay-guard.js'
import { safeReturnTo } from './return-to.js'
import { transactionSecrets } from './secret.js'

/** Transaction cookies (pending logins) one browser can hold, all providers together; a new login evicts the oldest. */
export const MAX_PENDING_LOGINS = 3

/**
 * The largest `name=value` of one transaction cookie, in bytes. A transaction that would be larger
 * is stored without its return-to; one still larger (a provider's oversized OAuth 1 token) is refused.
 */
export const MAX_TRANSACTION_COOKIE_BYTES = 2048

/** Characters of the key digest kept in clear to find the slot at the callback. */
const TAG_CHARS = 16

/** What a login remembers until its callback: the protocol's state and ours. Never sent to the browser in clear. */
export interface Transaction extends CallbackState {
  /** Blueprint name the login was started for. */
  provider: string
  /** Milliseconds since the epoch when the login started. */
  createdAt: number
  /** Where to send the browser after login; already checked by `safeReturnTo`. */
  returnTo?: string | undefined
}

/** Options of {@link TransactionStore}. */
export interface TransactionStoreOptions {
  /**
   * Secret the cookie key is derived from, or a list for rotation (new logins use the first,
   * callbacks accept any); `OAUTH_DANCE_SECRET` (and `OAUTH_DANCE_PREVIOUS_SECRETS`) by default.
   */
  secret?: string | readonly string[] | undefined
  /** Lifetime in seconds (default 600). */
  maxAgeSeconds?: number | undefined
  /**
   * The blueprint's environment: `OAUTH_DANCE_SECRET` and `OAUTH_DANCE_PREVIOUS_SECRETS` are read from
   * it when it has them (a Worker's bindings), else from the process's.
   */
  env?: Env | undefined
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
  /** How long a transaction cookie lives, in seconds. */
  readonly maxAgeSeconds: number
  /** Current key first: it seals; all open. */
  readonly #keys: Buffer[]
  // Handles already consumed in this process, for at least as long as their transaction lives. A
  // stolen cookie replayed against this process fails even though cookies cannot be revoked. Fixed
  // size (two rotating Bloom filters, 1 MiB per distinct lifetime), so memory does not grow with
  // logins; a false positive (below 1e-6 per callback at 100,000 logins per lifetime) refuses one
  // legitimate callback as replayed. See replay-guard.ts.
  readonly #consumed: ReplayGuard

  constructor(options: TransactionStoreOptions = {}) {
    this.maxAgeSeconds = options.maxAgeSeconds ?? 600
    const secrets = transactionSecrets(options.secret, options.env)
    if (secrets.length === 0 && !warnedRandomSecret) {
      warnedRandomSecret = true
      console.warn(
        '[oauth-dance] OAUTH_DANCE_SECRET is not set: login transactions use a random per-process key, so a login started on one instance cannot finish on another.',
      )
    }
    this.#keys =
      secrets.length === 0
        ? [deriveKey(randomBytes(32), 'transaction-cookie')]
        : secrets.map((secret) => deriveKey(secret, 'transaction-cookie'))
    // At least 1 ms: a zero lifetime (every transaction already expired) must not make the guard throw.
    this.#consumed = replayGuardFor(Math.max(1, this.maxAgeSeconds * 1000))
  }

  /** The cookie name of slot `slot` (shared by every provider). `__Host-` over https (RFC 6265bis §4.1.3.2). */
  cookieName(slot: number, secure: boolean): string {
    return `${prefixFor(secure)}${slot}`
  }

  /**
   * The `Set-Cookie` values of a new login: the transaction, in a free slot or over the oldest one
   * (of any provider), plus deletions of any other cookie under the transaction prefix that is not a
   * slot (left by an older version, such as the per-provider `oauth-dance-tx.<provider>.<n>`, or
   * garbage), so the browser's Cookie header stays bounded.
   */
  create(transaction: Transaction, cookie: TransactionCookieOptions, request?: RequestView): string[] {
    // The return-to is checked again on what is stored (normalised, bounded), whoever built it.
    const stored: Transaction = withMembers(transaction, { returnTo: safeReturnTo(transaction.returnTo) })
    const jar = parseCookies(request?.headers.get('cookie'))
    const prefix = prefixFor(cookie.secure)
    // A free slot, picked at random so that logins started at the same instant (which all see the
    // same cookies) rarely collide; with none free, the oldest (unreadable values count as oldest).
    const free: number[] = []
    let slot = 0
    let oldest = Number.POSITIVE_INFINITY
    for (let i = 0; i < MAX_PENDING_LOGINS; i++) {
      const value = jar.get(`${prefix}${i}`)
      if (value === undefined) {
        free.push(i)
        continue
      }
      const issued = parseValue(value)?.issuedAt ?? Number.NEGATIVE_INFINITY
      if (issued < oldest) {
        oldest = issued
        slot = i
      }
    }
    if (free.length > 0) slot = free[randomInt(free.length)]!
    const name = this.cookieName(slot, cookie.secure)
    let value = this.#seal(stored, name)
    if (name.length + 1 + value.length > MAX_TRANSACTION_COOKIE_BYTES && stored.returnTo !== undefined) {
      stored.returnTo = undefined
      value = this.#seal(stored, name)
    }
    if (name.length + 1 + value.length > MAX_TRANSACTION_COOKIE_BYTES) {
      throw new DanceError(
        'provider_response_invalid',
        'The login state is too large to keep in a cookie (the provider sent oversized temporary credentials).',
        { provider: stored.provider },
      )
    }
    const headers = [
      serializeCookie(name, value, {
        maxAge: this.maxAgeSeconds,
        secure: cookie.secure,
        sameSite: cookie.sameSite,
      }),
    ]
    for (const name of jar.keys()) {
      if (name.startsWith(prefix) && !isSlot(name.slice(prefix.length))) {
        headers.push(serializeCookie(name, '', withMembers(cookie, { maxAge: 0 })))
      } else if (cookie.secure && name.startsWith(PLAIN_PREFIX)) {
        // Over https only `__Host-` names are read; unprefixed ones (an http login in development, or
        // planted from a sibling host) would only take room in the Cookie header.
        headers.push(serializeCookie(name, '', { secure: false, sameSite: 'Lax', maxAge: 0 }))
      }
    }
    return headers
  }

  /**
   * Finds, opens and invalidates the transaction for `provider` and `key`.
   * Throws `transaction_missing`, `transaction_invalid` or `transaction_expired`; the caller must then
   * still send `clearAll(...)`. On success, `clearCookie` deletes the cookie that held it.
   */
  consume(
    request: RequestView,
    provider: string,
    key: string,
    cookie: TransactionCookieOptions,
  ): ConsumedTransaction {
    const jar = parseCookies(request.headers.get('cookie'))
    const prefix = prefixFor(cookie.secure)
    const tag = keyTag(provider, key)
    let name: string | undefined
    let sealed: string | undefined
    let issued = ''
    let malformed = false
    for (let i = 0; i < MAX_PENDING_LOGINS; i++) {
      const value = jar.get(`${prefix}${i}`)
      const parsed = value === undefined ? undefined : parseValue(value)
      if (value !== undefined && !parsed) malformed = true
      if (parsed?.tag === tag) {
        name = `${prefix}${i}`
        sealed = parsed.sealed
        issued = parsed.issued
        break
      }
    }
    if ((name === undefined || sealed === undefined) && malformed) {
      // A slot holds something we never wrote: tampered, rather than absent.
      throw new DanceError(
        'transaction_invalid',
        'The login transaction cookie is not valid for this callback.',
        {
          provider,
        },
      )
    }
    if (name === undefined || sealed === undefined) {
      throw new DanceError(
        'transaction_missing',
        'No login is in progress for this browser and state (expired, already used, or started elsewhere).',
        { provider },
      )
    }
    const clearCookie = serializeCookie(name, '', withMembers(cookie, { maxAge: 0 }))
    // Only bits derived from a digest are kept: the key is a slice of the callback URL string, and
    // keeping it for the replay window would keep the whole URL (with its code) in memory too.
    const mark = this.#consumed.mark(provider, key)
    const now = Date.now()
    if (this.#consumed.has(mark, now)) {
      throw new DanceError('transaction_missing', 'This login was already completed once.', { provider })
    }
    const transaction = this.#open(sealed, this.#aad(name, provider, key, issued))
    if (!transaction || transaction.provider !== provider || transaction.key !== key) {
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
    // Re-checked on the way out too: a cookie sealed by an older version (or under a leaked old
    // secret) must not turn the callback into an open redirector.
    transaction.returnTo = safeReturnTo(transaction.returnTo)
    return { transaction, clearCookie }
  }

  /**
   * `Set-Cookie` values that delete every transaction cookie the request carries (the slots are shared
   * by all providers), so a failed callback (forged, replayed, or for an unknown state) leaves no
   * usable login behind. Over https the unprefixed names (never read there: planted, or left by an
   * http login) go too.
   */
  clearAll(request: RequestView, cookie: TransactionCookieOptions): string[] {
    const prefix = prefixFor(cookie.secure)
    const clears: string[] = []
    for (const name of parseCookies(request.headers.get('cookie')).keys()) {
      if (name.startsWith(prefix)) clears.push(serializeCookie(name, '', withMembers(cookie, { maxAge: 0 })))
      else if (cookie.secure && name.startsWith(PLAIN_PREFIX))
        clears.push(serializeCookie(name, '', { secure: false, sameSite: 'Lax', maxAge: 0 }))
    }
    return clears
  }

  /** `issuedAt.tag.sealed`: the issue time and key digest in clear, the transaction sealed. */
  #seal(transaction: Transaction, name: string): string {
    // The issue time is in the AAD, so editing it (to dodge eviction) breaks the cookie.
    const issued = transaction.createdAt.toString(36)
    const sealed = seal(
      this.#keys[0]!,
      Buffer.from(JSON.stringify(transaction)),
      this.#aad(name, transaction.provider, transaction.key, issued),
    )
    return `${issued}.${keyTag(transaction.provider, transaction.key)}.${sealed.toString('base64url')}`
  }

  /** Opens a sealed transaction with the current key, then each previous one (rotation). */
  #open(sealed: string, aad: Buffer): Transaction | undefined {
    if (!/^[A-Za-z0-9_-]+$/.test(sealed)) return undefined
    const bytes = Buffer.from(sealed, 'base64url')
    for (const key of this.#keys) {
      const opened = open(key, bytes, aad)
      if (!opened) continue
      try {
        return JSON.parse(opened.toString('utf8')) as Transaction
      } catch {
        return undefined
      }
    }
    return undefined
  }

  // The cookie name is bound too: a value cannot move from a `__Host-` name (Secure, host-only) to
  // the unprefixed one that a sibling subdomain or an http response can set.
  #aad(name: string, provider: string, key: string, issued: string): Buffer {
    return Buffer.from(`${name}\u0000${provider}\u0000${key}\u0000${issued}`)
  }
}

/** Start of every unprefixed transaction cookie name (and of the prefixed ones after `__Host-`). */
const PLAIN_PREFIX = 'oauth-dance-tx.'

/** The name prefix of the transaction slots: `__Host-` over https, so no other host can set them. */
function prefixFor(secure: boolean): string {
  return `${secure ? '__Host-' : ''}${PLAIN_PREFIX}`
}

/**
 * A short digest of the provider and key, in clear in the cookie value, to find the right slot at
 * the callback (the slots are shared by every provider).
 */
function keyTag(provider: string, key: string): string {
  // The one-shot digest: no Hash object per login (same bytes as createHash).
  return hash('sha256', `${provider}\u0000${key}`, 'base64url').slice(0, TAG_CHARS)
}

function isSlot(suffix: string): boolean {
  return /^\d$/.test(suffix) && Number(suffix) < MAX_PENDING_LOGINS
}

/** Splits `issuedAt.tag.sealed`; undefined when the value has another shape. */
function parseValue(
  value: string,
): { issuedAt: number; issued: string; tag: string; sealed: string } | undefined {
  const first = value.indexOf('.')
  const second = value.indexOf('.', first + 1)
  if (first <= 0 || second === -1) return undefined
  const issued = value.slice(0, first)
  if (!/^[0-9a-z]{1,12}$/.test(issued)) return undefined
  return {
    issuedAt: Number.parseInt(issued, 36),
    issued,
    tag: value.slice(first + 1, second),
    sealed: value.slice(second + 1),
  }
}
