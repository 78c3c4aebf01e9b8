/**
 * The default storage: the token lives in the app's server-side session (express-session), so the
 * browser holds only the session id and can never read the token.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.3
 */
import { DanceError } from '../errors.js'
import type { Token } from '../token.js'
import type { StorageContext, TokenKey, TokenStorage } from './types.js'

/** Keeps tokens in the request's session under `oauth-dance:<provider>[:<account>]`. */
export class SessionStorage implements TokenStorage {
  readonly #prefix: string

  constructor(options: { prefix?: string } = {}) {
    this.#prefix = options.prefix ?? 'oauth-dance'
  }

  #name(key: TokenKey): string {
    // The session belongs to one browser, so the user id adds nothing; the account does.
    return key.accountId === undefined
      ? `${this.#prefix}:${key.provider}`
      : `${this.#prefix}:${key.provider}:${key.accountId}`
  }

  #session(context: StorageContext) {
    if (!context.session) {
      throw new DanceError(
        'session_unavailable',
        'Session storage needs a session: add express-session (or your framework’s session) before oauth-dance, or choose another storage.',
      )
    }
    return context.session
  }

  get(key: TokenKey, context: StorageContext): Token | undefined {
    const value = this.#session(context).get(this.#name(key))
    return value && typeof value === 'object' ? structuredClone(value as Token) : undefined
  }

  set(key: TokenKey, token: Token, context: StorageContext): void {
    this.#session(context).set(this.#name(key), structuredClone(token))
  }

  delete(key: TokenKey, context: StorageContext): void {
    this.#session(context).delete(this.#name(key))
  }
}
