/**
 * The stand-in's memory of what it issued: authorization codes until they are exchanged, access and
 * refresh tokens until they expire or are revoked. Every secret it ever issued is also listed, so a
 * test can prove that none of them ended up somewhere it must not (a log, a recording, a page).
 */
import { randomBytes } from 'node:crypto'

/** One authorization, from the approval to the code exchange. */
export interface PendingCode {
  readonly user: string
  readonly clientId: string
  readonly redirectUri: string
  readonly scope: string
  readonly challenge?: string
  readonly challengeMethod?: string
  readonly nonce?: string
  readonly expiresAt: number
}

/** An access or refresh token, with the grant it belongs to. */
export interface IssuedToken {
  readonly user: string
  readonly scope: string
  readonly grant: string
  /** Milliseconds since the epoch; undefined for tokens that never expire. */
  readonly expiresAt?: number
}

/**
 * How long past its `expires_in` a token is still taken, as real APIs allow for clock skew. It also lets
 * a token issued with `tokenLifetime: 0` (which the app must refresh before its next call) serve the
 * login itself (UserInfo right after the code exchange).
 */
const LEEWAY_MS = 5_000

/** How long an authorization code may wait for its exchange (RFC 6749 §4.1.2 recommends ≤ 10 min). */
const CODE_LIFETIME_MS = 60_000

/** Codes and tokens a stand-in issued. */
export class TokenBook {
  readonly #codes = new Map<string, PendingCode>()
  readonly #access = new Map<string, IssuedToken>()
  readonly #refresh = new Map<string, IssuedToken>()
  readonly #issued: string[] = []

  /** A new random secret (`<prefix>_…`), remembered among the issued ones. */
  mint(prefix: string): string {
    const value = `${prefix}_${randomBytes(16).toString('base64url')}`
    this.#issued.push(value)
    return value
  }

  /** A new authorization code for this approval. */
  code(pending: Omit<PendingCode, 'expiresAt'>): string {
    const code = this.mint('code')
    this.#codes.set(code, { ...pending, expiresAt: Date.now() + CODE_LIFETIME_MS })
    return code
  }

  /** The approval behind a code, once: a second exchange of the same code finds nothing. */
  redeem(code: string): PendingCode | undefined {
    const pending = this.#codes.get(code)
    this.#codes.delete(code)
    return pending && pending.expiresAt > Date.now() ? pending : undefined
  }

  /** A new access token (and a refresh token when `withRefresh`) for a grant. */
  issue(
    user: string,
    scope: string,
    lifetimeSeconds: number | undefined,
    withRefresh: boolean,
    grant = this.mint('grant'),
  ): { access: string; refresh?: string } {
    const access = this.mint('access')
    const expiresAt = lifetimeSeconds === undefined ? undefined : Date.now() + lifetimeSeconds * 1000
    this.#access.set(access, { user, scope, grant, ...(expiresAt !== undefined && { expiresAt }) })
    if (!withRefresh) return { access }
    const refresh = this.mint('refresh')
    this.#refresh.set(refresh, { user, scope, grant })
    return { access, refresh }
  }

  /** The live access token's record, or undefined (unknown, revoked or expired). */
  access(token: string): IssuedToken | undefined {
    const found = this.#access.get(token)
    if (!found) return undefined
    return found.expiresAt !== undefined && found.expiresAt + LEEWAY_MS <= Date.now() ? undefined : found
  }

  /** The refresh token's record, removed when `consume` (rotation). */
  refresh(token: string, consume: boolean): IssuedToken | undefined {
    const found = this.#refresh.get(token)
    if (found && consume) this.#refresh.delete(token)
    return found
  }

  /** Revokes a token; revoking a refresh token ends its whole grant (RFC 7009 §2.1). Unknown: false. */
  revoke(token: string): boolean {
    const access = this.#access.get(token)
    if (access) {
      this.#access.delete(token)
      return true
    }
    const refresh = this.#refresh.get(token)
    if (!refresh) return false
    for (const map of [this.#access, this.#refresh]) {
      for (const [key, value] of map) if (value.grant === refresh.grant) map.delete(key)
    }
    return true
  }

  /** Ends every token of a user (or of everybody): the next API call answers 401. */
  expireAll(user?: string): void {
    for (const [key, value] of this.#access)
      if (user === undefined || value.user === user) this.#access.delete(key)
  }

  /** Every code and token ever issued, oldest first. */
  issued(): readonly string[] {
    return [...this.#issued]
  }
}
