/**
 * Encryption of tokens at rest: AES-256-GCM per token with a random IV, bound to its row
 * (provider, user, account) as associated data, under a keyring whose key ids let keys rotate.
 *
 * A stored value is `enc:v1:<kid>:<base64url(iv ‖ ciphertext ‖ tag)>`; JSON never starts with `enc:`,
 * so a storage can tell sealed values from plain ones.
 *
 * @see [RFC 6749 - The OAuth 2.0 Authorization Framework](https://www.rfc-editor.org/rfc/rfc6749.html#section-10.3)
 * @see [RFC 6749 - The OAuth 2.0 Authorization Framework](https://www.rfc-editor.org/rfc/rfc6749.html#section-10.4)
 */

import { deriveKey, open, seal } from '../crypto/aead.js'
import { type Env, envOf } from '../env.js'
import { DanceError } from '../errors.js'
import type { Token } from '../token.js'
import { serializeKey, type TokenKey } from './types.js'

/**
 * The environment variable {@link TokenKeyring.fromEnv} reads by default.
 */
export const TOKEN_KEYS_ENV = 'OAUTH_DANCE_TOKEN_KEYS'

const PREFIX = 'enc:v1:'
const KID_PATTERN = /^[A-Za-z0-9_-]{1,32}$/
const KEY_BYTES = 32

/**
 * One key of a keyring: an id stored next to each ciphertext, and 32 random bytes.
 */
export interface TokenKeyEntry {
  /** Short id (`[A-Za-z0-9_-]{1,32}`), e.g. `2026-11`; stored with every value it seals. */
  readonly id: string
  /** Exactly 32 bytes of key material (as bytes, or base64 / base64url text). */
  readonly key: Uint8Array | string
}

/**
 * Keys for tokens at rest. The first key seals every new value; all keys open values. To rotate, put
 * a new key first and keep the old ones until every row has been rewritten (each refresh or login
 * rewrites a row; {@link SqlStorage.reencrypt} rewrites them all at once).
 */
export class TokenKeyring {
  readonly #keys: Map<string, Buffer>
  /** The id of the key that seals new values. */
  readonly currentKeyId: string

  constructor(entries: readonly TokenKeyEntry[]) {
    if (entries.length === 0) {
      throw new DanceError('config_invalid', 'A token keyring needs at least one key.')
    }
    this.#keys = new Map()
    for (const entry of entries) {
      if (!KID_PATTERN.test(entry.id)) {
        throw new DanceError('config_invalid', `Token key id "${entry.id}" must match ${KID_PATTERN}.`)
      }
      if (this.#keys.has(entry.id)) {
        throw new DanceError('config_invalid', `Token key id "${entry.id}" appears twice in the keyring.`)
      }
      const raw = typeof entry.key === 'string' ? decodeBase64(entry.key) : Buffer.from(entry.key)
      if (raw.length !== KEY_BYTES) {
        throw new DanceError(
          'config_invalid',
          `Token key "${entry.id}" must be ${KEY_BYTES} random bytes (base64); generate one with \`openssl rand -base64 32\`.`,
        )
      }
      // A purpose-bound subkey, so key material reused elsewhere never opens our tokens or vice versa.
      this.#keys.set(entry.id, deriveKey(raw, 'token-at-rest'))
    }
    this.currentKeyId = entries[0]!.id
  }

  /**
   * Reads `kid1:base64key,kid2:base64key` (the first key seals) from `OAUTH_DANCE_TOKEN_KEYS` or the
   * given variable. Throws `config_invalid` when it is missing or malformed.
   */
  static fromEnv(env: Env = envOf(), name: string = TOKEN_KEYS_ENV): TokenKeyring {
    const value = env[name]?.trim()
    if (!value) {
      throw new DanceError(
        'config_invalid',
        `${name} is not set. Set it to "kid:base64key" (32 random bytes, e.g. \`openssl rand -base64 32\`); list older keys after a comma.`,
      )
    }
    const entries = value.split(',').map((part) => {
      const colon = part.indexOf(':')
      if (colon <= 0)
        throw new DanceError('config_invalid', `${name} must look like "kid1:base64key,kid2:base64key".`)
      return { id: part.slice(0, colon).trim(), key: part.slice(colon + 1).trim() }
    })
    return new TokenKeyring(entries)
  }

  /** The key with this id, or undefined. */
  key(id: string): Buffer | undefined {
    return this.#keys.get(id)
  }

  /** All key ids, the sealing one first. */
  get keyIds(): string[] {
    return [...this.#keys.keys()]
  }
}

/**
 * Seals and opens tokens for one storage. Pass it as the `encryption` option of a storage.
 */
export class TokenEncryption {
  /** The keys this instance seals and opens with. */
  readonly keyring: TokenKeyring

  constructor(keyring: TokenKeyring) {
    this.keyring = keyring
  }

  /** Encryption with keys from `OAUTH_DANCE_TOKEN_KEYS` (see {@link TokenKeyring.fromEnv}). */
  static fromEnv(env?: Readonly<Record<string, string | undefined>>, name?: string): TokenEncryption {
    return new TokenEncryption(TokenKeyring.fromEnv(env, name))
  }

  /** True when `stored` is a sealed value (rather than plain JSON). */
  static isSealed(stored: string): boolean {
    return stored.startsWith(PREFIX)
  }

  /** The key id a sealed value was sealed with, or undefined for plain values. */
  static keyIdOf(stored: string): string | undefined {
    if (!stored.startsWith(PREFIX)) return undefined
    const end = stored.indexOf(':', PREFIX.length)
    return end === -1 ? undefined : stored.slice(PREFIX.length, end)
  }

  /** Seals `token` for the row named by `key` with the current key. */
  seal(key: TokenKey, token: Token): string {
    const kid = this.keyring.currentKeyId
    const sealed = seal(
      this.keyring.key(kid)!,
      Buffer.from(JSON.stringify(token), 'utf8'),
      associatedData(key),
    )
    return `${PREFIX}${kid}:${sealed.toString('base64url')}`
  }

  /**
   * Opens a sealed value for the row named by `key`. Throws `crypto_error` when the key id is unknown
   * or the value was altered or sealed for another row.
   */
  open(key: TokenKey, stored: string): Token {
    const kid = TokenEncryption.keyIdOf(stored)
    if (kid === undefined) {
      throw new DanceError('crypto_error', `The stored ${key.provider} token is not a sealed value.`, {
        provider: key.provider,
      })
    }
    const secret = this.keyring.key(kid)
    if (!secret) {
      throw new DanceError(
        'crypto_error',
        `The stored ${key.provider} token was sealed with key "${kid}", which is not in the keyring.`,
        { provider: key.provider },
      )
    }
    const body = Buffer.from(stored.slice(PREFIX.length + kid.length + 1), 'base64url')
    const plain = open(secret, body, associatedData(key))
    if (!plain) {
      throw new DanceError(
        'crypto_error',
        `The stored ${key.provider} token does not decrypt: it was altered or belongs to another row.`,
        { provider: key.provider },
      )
    }
    return parseToken(plain.toString('utf8'), key.provider)
  }
}

/**
 * Parses stored token JSON; anything but a JSON object is `storage_error`.
 */
export function parseToken(text: string, provider: string): Token {
  let value: unknown
  try {
    value = JSON.parse(text)
  } catch (cause) {
    throw new DanceError('storage_error', `The stored ${provider} token is not valid JSON.`, {
      cause,
      provider,
    })
  }
  if (!value || typeof value !== 'object' || Array.isArray(value)) {
    throw new DanceError('storage_error', `The stored ${provider} token is not a JSON object.`, { provider })
  }
  return value as Token
}

function associatedData(key: TokenKey): Buffer {
  // serializeKey URI-encodes each part, so "a|b" + "c" can never equal "a" + "b|c".
  return Buffer.from(`oauth-dance/token/v1|${serializeKey(key)}`, 'utf8')
}

function decodeBase64(text: string): Buffer {
  const normalized = text.replace(/-/g, '+').replace(/_/g, '/')
  if (!/^[A-Za-z0-9+/]*={0,2}$/.test(normalized)) return Buffer.alloc(0)
  return Buffer.from(normalized, 'base64')
}

/**
 * How a storage writes and reads token text: plain JSON, or sealed when encryption is configured.
 */
export interface TokenCodecOptions {
  /** Seal tokens at rest (recommended). */
  readonly encryption?: TokenEncryption | undefined
  /**
   * With encryption on, still read rows written before it was turned on (plain JSON). Off by default:
   * anyone able to write the table could otherwise plant a token of their choosing for a user.
   */
  readonly readPlaintext?: boolean | undefined
}

/**
 * The text a storage keeps for `token` under `key`.
 */
export function encodeToken(key: TokenKey, token: Token, options: TokenCodecOptions): string {
  return options.encryption ? options.encryption.seal(key, token) : JSON.stringify(token)
}

/**
 * The token a storage's text holds; throws `crypto_error` / `storage_error` when it cannot be read.
 */
export function decodeToken(key: TokenKey, stored: string, options: TokenCodecOptions): Token {
  if (TokenEncryption.isSealed(stored)) {
    if (!options.encryption) {
      throw new DanceError(
        'crypto_error',
        `The stored ${key.provider} token is encrypted, but this storage has no encryption keys.`,
        { provider: key.provider },
      )
    }
    return options.encryption.open(key, stored)
  }
  if (options.encryption && !options.readPlaintext) {
    throw new DanceError(
      'crypto_error',
      `The stored ${key.provider} token is not encrypted; set readPlaintext while migrating old rows.`,
      { provider: key.provider },
    )
  }
  return parseToken(stored, key.provider)
}
