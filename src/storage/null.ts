/**
 * Storage that keeps nothing: every login must be repeated. Useful in tests of the dance itself.
 */
import type { Token } from '../token.js'
import type { TokenStorage } from './types.js'

/** Stores nothing and always reads back `undefined`. */
export class NullStorage implements TokenStorage {
  /** Nothing is kept, so nothing can reach another visitor. */
  readonly allowsAnonymous = true
  get(): Token | undefined {
    return undefined
  }
  set(): void {}
  delete(): void {}
}
