/**
 * The default storage: the token lives in the app's server-side session (express-session), so the
 * browser holds only the session id and can never read the token.
 */
import { DanceError } from '../errors.js'
import type { Token } from '../token.js'
import { assertKeyIds, type StorageContext, type TokenKey, type TokenStorage } from './types.js'

/**
 * Keeps tokens in the request's session under `oauth-dance:<provider>[@<user>][:<account>]` (parts
 * URI-encoded).
 */
export class SessionStorage implements TokenStorage {
  readonly #prefix: string
  /** Tokens live in the browser's own session: a key without a user is that browser's alone. */
  readonly allowsAnonymous = true

  constructor(options: { prefix?: string } = {}) {
    this.#prefix = options.prefix ?? 'oauth-dance'
  }

  #name(key: TokenKey): string {
    assertKeyIds(key)
    // One browser may see several app users in turn (log out, log in as someone else) without its
    // session being destroyed: the user id is part of the name so they never read each other's token.
    const user = key.userId === undefined ? '' : `@${encodeURIComponent(key.userId)}`
    const account = key.accountId === undefined ? '' : `:${encodeURIComponent(key.accountId)}`
    return `${this.#prefix}:${key.provider}${user}${account}`
  }

  /** The request's session; `key` names the blueprint on the error when there is none. */
  #session(context: StorageContext, key: TokenKey) {
    if (!context.session) {
      throw new DanceError(
        'session_unavailable',
        'Session storage needs a session: add express-session (or your framework’s session) before oauth-dance, or choose another storage.',
        { provider: key.provider },
      )
    }
    return context.session
  }

  get(key: TokenKey, context: StorageContext): Token | undefined {
    const value = this.#session(context, key).get(this.#name(key))
    return value && typeof value === 'object' ? copyOf(value as Token) : undefined
  }

  set(key: TokenKey, token: Token, context: StorageContext): void {
    this.#session(context, key).set(this.#name(key), structuredClone(token))
  }

  delete(key: TokenKey, context: StorageContext): void {
    this.#session(context, key).delete(this.#name(key))
  }
}

/**
 * A copy the app may change without changing the session's token. Most tokens hold only strings and
 * numbers: a spread copies those for a fraction of `structuredClone`'s cost on every API call
 * (bench/NOTES.md, issue 20); a token with nested values (a provider's extra objects) is cloned deeply.
 */
function copyOf(token: Token): Token {
  for (const name in token) {
    const value = (token as Record<string, unknown>)[name]
    if (typeof value === 'object' && value !== null) return structuredClone(token)
  }
  return { ...token }
}
