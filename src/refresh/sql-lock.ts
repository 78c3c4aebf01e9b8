/**
 * A refresh lock in a SQL table, on the app's own Kysely instance: one row per held lock, with an
 * owner and an expiry. Works the same on SQLite, PostgreSQL and MySQL/MariaDB, and holds no
 * connection while the refresh runs (an advisory lock would pin one pool connection per waiter).
 */
import type { Kysely } from 'kysely'
import { DeadlineExceeded, withDeadline } from '../deadline.js'
import { DanceError } from '../errors.js'
import { checkTableName } from '../storage/sql-schema.js'
import { lockOwnerId, pollForLock, type RefreshLock, type ReleaseLock, type SpentLedger } from './lock.js'

/** The lock table's row. `expires_at` is in milliseconds since the epoch, by the app's clock. */
interface LockRow {
  lock_key: string
  owner: string
  expires_at: number
}

type LockDatabase = Record<string, LockRow>

/**
 * Default table name of {@link SqlRefreshLock}.
 */
export const DEFAULT_LOCK_TABLE = 'oauth_dance_refresh_locks'

/**
 * Options of {@link SqlRefreshLock}.
 */
export interface SqlRefreshLockOptions<DB> {
  /**
   * The app's Kysely instance (any dialect). Create the table once with {@link migrateRefreshLockTable}.
   * Give a `pg.Pool` an `'error'` listener: a database restart otherwise ends the process through an
   * idle pooled connection, and the pool is out of this library's reach behind Kysely.
   */
  db: Kysely<DB>
  /** Table name (default `oauth_dance_refresh_locks`). */
  table?: string
  /**
   * Longest wait for one attempt to take the lock, in ms (default 2000): a database that stopped
   * answering fails the refresh with `storage_error` instead of holding the request.
   */
  queryTimeoutMs?: number
}

function lockTable(table: string | undefined): string {
  // One identifier, no schema: what the lock has always accepted and is tested with.
  return checkTableName(table ?? DEFAULT_LOCK_TABLE, 'Refresh lock table', { schema: false })
}

/**
 * Creates the lock table when it does not exist. Run it with your other migrations.
 */
export async function migrateRefreshLockTable<DB>(
  db: Kysely<DB>,
  options: { table?: string } = {},
): Promise<void> {
  const locks = db as unknown as Kysely<LockDatabase>
  const create = () =>
    locks.schema
      .createTable(lockTable(options.table))
      .ifNotExists()
      .addColumn('lock_key', 'varchar(128)', (column) => column.primaryKey())
      .addColumn('owner', 'varchar(64)', (column) => column.notNull())
      .addColumn('expires_at', 'bigint', (column) => column.notNull())
      .execute()
  // Instances starting together race on CREATE TABLE IF NOT EXISTS (not atomic on PostgreSQL); the
  // loser's retry finds the table.
  await create().catch(create)
}

/**
 * A {@link RefreshLock} on a SQL table. Taking it is an INSERT that the primary key lets only one
 * process win; releasing deletes the row only if we still own it; an expired row is cleared first.
 * The holder renews its row while it works (`extend`). The lock is as durable as the database that
 * holds the tokens: a failover that keeps committed rows keeps the lock.
 */
export class SqlRefreshLock<DB = unknown> implements RefreshLock {
  readonly #db: Kysely<LockDatabase>
  readonly #table: string
  readonly #timeoutMs: number
  /**
   * Presented refresh tokens, as rows of the same table keyed `spent:<hash>` that outlive the lock,
   * so a holder whose lock expired during a database outage is not followed by a second presentation.
   */
  readonly spent: SpentLedger

  constructor(options: SqlRefreshLockOptions<DB>) {
    this.#db = options.db as unknown as Kysely<LockDatabase>
    this.#table = lockTable(options.table)
    this.#timeoutMs = options.queryTimeoutMs ?? 2_000
    this.spent = {
      claim: (marker, value, ttlMs, provider) =>
        this.#bounded(this.#claim(`spent:${marker}`, value, ttlMs), provider),
      settle: (marker, value, ttlMs, provider) =>
        this.#bounded(this.#settle(`spent:${marker}`, value, ttlMs), provider),
      withdraw: async (marker, value, provider) => {
        await this.#bounded(
          this.#db
            .deleteFrom(this.#table)
            .where('lock_key', '=', `spent:${marker}`)
            .where('owner', '=', value)
            .execute(),
          provider,
        )
      },
    }
  }

  /** `work`, bounded by the query timeout; its error names `provider`, whose refresh token it records. */
  async #bounded<T>(work: Promise<T>, provider: string | undefined): Promise<T> {
    try {
      return await withDeadline(work, this.#timeoutMs, 'The database')
    } catch (error) {
      throw new DanceError('storage_error', 'Could not read or write the spent refresh token record.', {
        cause: error,
        provider,
      })
    }
  }

  async #claim(key: string, value: string, ttlMs: number): Promise<string | undefined> {
    const now = Date.now()
    // Expired records of every token go here, so the table does not grow with tokens nobody refreshes.
    await this.#db
      .deleteFrom(this.#table)
      .where('lock_key', 'like', 'spent:%')
      .where('expires_at', '<=', now)
      .execute()
    try {
      await this.#db
        .insertInto(this.#table)
        .values({ lock_key: key, owner: value, expires_at: now + ttlMs })
        .execute()
      return undefined
    } catch (error) {
      // The primary key refused it: a record is there. Anything else is a failure, never a claim.
      const found = await this.#db
        .selectFrom(this.#table)
        .select('owner')
        .where('lock_key', '=', key)
        .executeTakeFirst()
      if (found) return found.owner
      throw error
    }
  }

  async #settle(key: string, value: string | undefined, ttlMs: number): Promise<void> {
    if (value === undefined) {
      await this.#db.deleteFrom(this.#table).where('lock_key', '=', key).execute()
      return
    }
    await this.#db
      .updateTable(this.#table)
      .set({ owner: value, expires_at: Date.now() + ttlMs })
      .where('lock_key', '=', key)
      .execute()
  }

  async acquire(key: string, ttlMs: number, provider?: string): Promise<ReleaseLock> {
    const owner = lockOwnerId()
    // Waiting a little past the TTL is enough: by then a crashed holder's row has expired.
    const attempt = { unexplained: 0 }
    const release = async () => {
      await this.#db.deleteFrom(this.#table).where('lock_key', '=', key).where('owner', '=', owner).execute()
    }
    let inflight: Promise<unknown> = Promise.resolve()
    try {
      const tryOnce = () => {
        const once = this.#tryAcquire(key, owner, ttlMs, attempt, provider)
        inflight = once
        return withDeadline(once, this.#timeoutMs, 'The database').catch((error: unknown) => {
          if (!(error instanceof DeadlineExceeded)) throw error
          throw new DanceError(
            'storage_error',
            `Could not take the refresh lock: the database did not answer within ${this.#timeoutMs} ms.`,
            { cause: error, provider },
          )
        })
      }
      await pollForLock(tryOnce, { waitMs: ttlMs + 1_000, provider })
    } catch (error) {
      // An attempt abandoned at the deadline may still insert our row when the database answers:
      // release after it has settled (a DELETE run before that INSERT would leave the row behind).
      inflight
        .catch(() => undefined)
        .then(release)
        .catch(() => {})
      throw error
    }
    return Object.assign(release, {
      extend: async (ms: number) => {
        const result = await this.#db
          .updateTable(this.#table)
          .set({ expires_at: Date.now() + ms })
          .where('lock_key', '=', key)
          .where('owner', '=', owner)
          .executeTakeFirst()
        return Number(result.numUpdatedRows) > 0
      },
    })
  }

  async #tryAcquire(
    key: string,
    owner: string,
    ttlMs: number,
    attempt: { unexplained: number },
    provider: string | undefined,
  ): Promise<boolean> {
    const now = Date.now()
    try {
      const held = await this.#db
        .selectFrom(this.#table)
        .select('expires_at')
        .where('lock_key', '=', key)
        .executeTakeFirst()
      // pg returns bigint columns as strings.
      if (held && Number(held.expires_at) > now) return false
      if (held) {
        await this.#db
          .deleteFrom(this.#table)
          .where('lock_key', '=', key)
          .where('expires_at', '<=', now)
          .execute()
      }
    } catch (error) {
      throw new DanceError('storage_error', 'Could not read the refresh lock table.', {
        cause: error,
        provider,
      })
    }
    try {
      await this.#db
        .insertInto(this.#table)
        .values({ lock_key: key, owner, expires_at: now + ttlMs })
        .execute()
      return true
    } catch (error) {
      // A duplicate key means another process won the race; every dialect words that differently, and
      // the winner may already be gone again, so only an error that keeps recurring is a real failure.
      const winner = await this.#db
        .selectFrom(this.#table)
        .select('owner')
        .where('lock_key', '=', key)
        .executeTakeFirst()
        .catch(() => undefined)
      if (winner || ++attempt.unexplained < 5) return false
      throw new DanceError('storage_error', 'Could not take the refresh lock.', { cause: error, provider })
    }
  }
}
