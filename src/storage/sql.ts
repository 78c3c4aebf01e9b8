/**
 * Token storage in a SQL database through the app's own Kysely instance: SQLite (better-sqlite3),
 * PostgreSQL (pg) and MySQL/MariaDB (mysql2) with the same code. One row per provider, app user and
 * provider account; tokens optionally sealed with AES-256-GCM (see {@link TokenEncryption}).
 *
 * ```ts
 * const db = new Kysely({ dialect: new SqliteDialect({ database: new Database('app.db') }) })
 * await migrateTokenTable(db)
 * const storage = new SqlStorage({ db, encryption: TokenEncryption.fromEnv() })
 * ```
 */
import type { Kysely } from 'kysely'
import { withDeadline } from '../deadline.js'
import { DanceError } from '../errors.js'
import { withMembers } from '../objects.js'
import type { Token } from '../token.js'
import { decodeToken, encodeToken, type TokenEncryption } from './encryption.js'
import {
  checkTableName,
  DEFAULT_TOKEN_TABLE,
  detectDialect,
  KEY_LIMITS,
  sanitizeDbError,
  type TokenDatabase,
  type TokenRow,
  type TokenTableDialect,
} from './sql-schema.js'
import { assertKeyIds, type TokenKey, type TokenStorage } from './types.js'

export {
  DEFAULT_TOKEN_TABLE,
  migrateTokenTable,
  type TokenRow,
  type TokenTableDialect,
  type TokenTableOptions,
} from './sql-schema.js'

/**
 * Options of {@link SqlStorage}.
 */
export interface SqlStorageOptions<DB> {
  /** The app's Kysely instance (any of the three dialects). */
  db: Kysely<DB>
  /** Table name (default `oauth_tokens`); create it with {@link migrateTokenTable}. */
  table?: string
  /** Seal tokens at rest (recommended): `TokenEncryption.fromEnv()`. */
  encryption?: TokenEncryption
  /** With encryption on, still read plain rows written before it was (while migrating). */
  readPlaintext?: boolean
  /** The dialect, when Kysely's adapter is not one of its built-in three. */
  dialect?: TokenTableDialect
  /**
   * Give up on a token query after this many ms (default 5 000) with `storage_error`, so a database
   * that stops answering fails requests instead of holding them. The query itself is not cancelled: it
   * may still run when the database answers again, after queries sent later on other connections (a
   * timed-out write can land after a newer one; both are the same user's token).
   */
  queryTimeoutMs?: number
}

/** Default of `queryTimeoutMs`: far above a primary-key lookup, far below a user's patience. */
export const DEFAULT_QUERY_TIMEOUT_MS = 5_000

/**
 * A provider account linked by a user, as {@link SqlStorage.listAccounts} reports it.
 */
export interface LinkedAccount {
  /** The provider account id, or undefined for the token stored without one. */
  accountId: string | undefined
  /** When the access token expires (seconds since the epoch), if known. */
  expiresAt: number | undefined
  /** When the row was first written (seconds since the epoch). */
  createdAt: number
  /** When the row was last written (seconds since the epoch). */
  updatedAt: number
}

/**
 * Tokens in a SQL table, keyed by provider + user + account.
 */
export class SqlStorage<DB = unknown> implements TokenStorage {
  readonly #db: Kysely<TokenDatabase>
  readonly #table: string
  readonly #dialect: TokenTableDialect
  readonly #codec: { encryption?: TokenEncryption | undefined; readPlaintext?: boolean | undefined }
  readonly #timeoutMs: number

  constructor(options: SqlStorageOptions<DB>) {
    // The table name is an option, so the instance is viewed as "any table is a token table". The
    // app's plugins (CamelCasePlugin renames our result columns) must not apply to our queries.
    this.#db = options.db.withoutPlugins() as unknown as Kysely<TokenDatabase>
    this.#table = checkTableName(options.table ?? DEFAULT_TOKEN_TABLE)
    this.#dialect = detectDialect(options.db, options.dialect)
    this.#codec = { encryption: options.encryption, readPlaintext: options.readPlaintext }
    this.#timeoutMs = options.queryTimeoutMs ?? DEFAULT_QUERY_TIMEOUT_MS
  }

  /** The table this storage uses. */
  get table(): string {
    return this.#table
  }

  /** The token of `key`, or undefined; one `SELECT` by primary key. */
  async get(key: TokenKey): Promise<Token | undefined> {
    const columns = keyColumns(key)
    const row = await this.#run('read', key, () =>
      this.#db
        .selectFrom(this.#table)
        .select(['token', 'expires_at'])
        .where('provider', '=', columns.provider)
        .where('user_id', '=', columns.user_id)
        .where('account_id', '=', columns.account_id)
        .executeTakeFirst(),
    )
    if (!row) return undefined
    const token = decodeToken(key, row.token, this.#codec)
    // The column is authoritative and may come back as a string (pg int8) or bigint; hide that.
    const expiresAt = toNumber(row.expires_at)
    if (expiresAt !== undefined) token.expires_at = expiresAt
    return token
  }

  /** Inserts or replaces the token of `key` in one upsert; `created_at` survives a replace. */
  async set(key: TokenKey, token: Token): Promise<void> {
    const columns = keyColumns(key)
    const now = Math.floor(Date.now() / 1000)
    const expiresAt =
      typeof token.expires_at === 'number' && Number.isFinite(token.expires_at)
        ? Math.floor(token.expires_at)
        : null
    const stored = encodeToken(key, token, this.#codec)
    const row: TokenRow = withMembers(columns, {
      token: stored,
      expires_at: expiresAt,
      created_at: now,
      updated_at: now,
    })
    const update = { token: stored, expires_at: expiresAt, updated_at: now }
    await this.#run('write', key, () => {
      const insert = this.#db.insertInto(this.#table).values(row)
      // Same statement, two spellings: MySQL has no ON CONFLICT, the others no ON DUPLICATE KEY.
      return this.#dialect === 'mysql'
        ? insert.onDuplicateKeyUpdate(update).execute()
        : insert
            .onConflict((conflict) =>
              conflict.columns(['provider', 'user_id', 'account_id']).doUpdateSet(update),
            )
            .execute()
    })
  }

  /** Deletes the token of `key`; deleting a missing one is not an error. */
  async delete(key: TokenKey): Promise<void> {
    const columns = keyColumns(key)
    await this.#run('delete', key, () =>
      this.#db
        .deleteFrom(this.#table)
        .where('provider', '=', columns.provider)
        .where('user_id', '=', columns.user_id)
        .where('account_id', '=', columns.account_id)
        .execute(),
    )
  }

  /**
   * The provider accounts a user has tokens for, oldest first, for "linked accounts" pages. Pick one
   * with `client.account(accountId)`.
   */
  async listAccounts(provider: string, userId?: string): Promise<LinkedAccount[]> {
    const columns = keyColumns({ provider, userId })
    const rows = await this.#run('read', { provider }, () =>
      this.#db
        .selectFrom(this.#table)
        .select(['account_id', 'expires_at', 'created_at', 'updated_at'])
        .where('provider', '=', columns.provider)
        .where('user_id', '=', columns.user_id)
        .orderBy('created_at')
        .orderBy('account_id')
        .execute(),
    )
    return rows.map((row) => ({
      accountId: row.account_id === '' ? undefined : row.account_id,
      expiresAt: toNumber(row.expires_at),
      createdAt: toNumber(row.created_at) ?? 0,
      updatedAt: toNumber(row.updated_at) ?? 0,
    }))
  }

  /**
   * Rewrites every row sealed with an older key (or stored in plain text) with the current key, so
   * old keys can leave the keyring. Rows that do not decrypt (altered, moved, or sealed with a key no
   * longer in the keyring) are left as they are and reported, so one bad row cannot stop a rotation.
   */
  async reencrypt(): Promise<{ reencrypted: number; unreadable: TokenKey[] }> {
    const encryption = this.#codec.encryption
    if (!encryption) throw new DanceError('config_invalid', 'reencrypt() needs the encryption option.')
    const current = `enc:v1:${encryption.keyring.currentKeyId}:`
    // The whole table: a maintenance task, not bound by the per-query timeout.
    const rows = await this.#run(
      'read',
      { provider: '*' },
      () => this.#db.selectFrom(this.#table).select(['provider', 'user_id', 'account_id', 'token']).execute(),
      false,
    )
    let reencrypted = 0
    const unreadable: TokenKey[] = []
    for (const row of rows) {
      if (row.token.startsWith(current)) continue
      const key = rowKey(row)
      let token: Token
      try {
        token = decodeToken(key, row.token, { encryption, readPlaintext: true })
      } catch {
        unreadable.push(key)
        continue
      }
      await this.#run('write', key, () =>
        this.#db
          .updateTable(this.#table)
          .set({ token: encryption.seal(key, token) })
          .where('provider', '=', row.provider)
          .where('user_id', '=', row.user_id)
          .where('account_id', '=', row.account_id)
          // Only if nobody rewrote it meanwhile (a refresh): never put an older token back.
          .where('token', '=', row.token)
          .execute(),
      )
      reencrypted++
    }
    return { reencrypted, unreadable }
  }

  async #run<T>(
    what: 'read' | 'write' | 'delete',
    key: TokenKey,
    fn: () => Promise<T>,
    bounded = true,
  ): Promise<T> {
    try {
      return await (bounded ? withDeadline(fn(), this.#timeoutMs, 'The database') : fn())
    } catch (cause) {
      throw new DanceError(
        'storage_error',
        `Could not ${what} the ${key.provider} token in table "${this.#table}".`,
        {
          cause: sanitizeDbError(cause),
          provider: key.provider,
        },
      )
    }
  }
}

/** The key columns for a key: `''` stands for "no user" / "no account" so the primary key holds. */
function keyColumns(key: TokenKey): Pick<TokenRow, 'provider' | 'user_id' | 'account_id'> {
  assertKeyIds(key)
  const columns = { provider: key.provider, user_id: key.userId ?? '', account_id: key.accountId ?? '' }
  for (const [column, limit] of Object.entries(KEY_LIMITS)) {
    if (columns[column as keyof typeof KEY_LIMITS].length > limit) {
      throw new DanceError('storage_error', `The token ${column} is longer than ${limit} characters.`, {
        provider: key.provider,
      })
    }
  }
  return columns
}

function rowKey(row: Pick<TokenRow, 'provider' | 'user_id' | 'account_id'>): TokenKey {
  return {
    provider: row.provider,
    ...(row.user_id !== '' && { userId: row.user_id }),
    ...(row.account_id !== '' && { accountId: row.account_id }),
  }
}

function toNumber(value: number | string | bigint | null | undefined): number | undefined {
  if (value === null || value === undefined) return undefined
  const number = Number(value)
  return Number.isFinite(number) ? number : undefined
}
