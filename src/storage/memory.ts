/**
 * In-process token storage, for tests and single-process scripts. Tokens are lost on restart.
 */
import type { Token } from '../token.js'
import { serializeKey, type TokenKey, type TokenStorage } from './types.js'

/**
 * Options of {@link MemoryStorage}.
 */
export interface MemoryStorageOptions {
  /**
   * One user only (a script, a test): tokens may be kept without a user id. Otherwise, as for every
   * storage shared by all visitors, blueprints need a `user` to use it (`user_required`).
   */
  singleUser?: boolean
}

/** Keeps tokens in a Map. Values are copied in and out so callers cannot mutate stored tokens. */
export class MemoryStorage implements TokenStorage {
  readonly #tokens = new Map<string, Token>()
  /** Whether a key without a user id is allowed (`singleUser`). */
  readonly allowsAnonymous: boolean

  constructor(options: MemoryStorageOptions = {}) {
    this.allowsAnonymous = options.singleUser === true
  }

  get(key: TokenKey): Token | undefined {
    const token = this.#tokens.get(serializeKey(key))
    return token === undefined ? undefined : structuredClone(token)
  }

  set(key: TokenKey, token: Token): void {
    this.#tokens.set(serializeKey(key), structuredClone(token))
  }

  delete(key: TokenKey): void {
    this.#tokens.delete(serializeKey(key))
  }

  /** How many tokens are stored (for tests). */
  get size(): number {
    return this.#tokens.size
  }
}
