/**
 * In-process token storage, for tests and single-process scripts. Tokens are lost on restart.
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.3
 */
import type { Token } from '../token.js'
import { serializeKey, type TokenKey, type TokenStorage } from './types.js'

/** Keeps tokens in a Map. Values are copied in and out so callers cannot mutate stored tokens. */
export class MemoryStorage implements TokenStorage {
  readonly #tokens = new Map<string, Token>()

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
