/**
 * API-call targets on other storages: SqlStorage on SQLite (a temporary file) and on PostgreSQL, and
 * SqlStorage on PostgreSQL behind a CacheStorage on Redis. Each counts reads at the blueprint's storage
 * and, behind the cache, at SQL. Tables and cache namespaces are unique per process and dropped at exit.
 */
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import KeyvRedis from '@keyv/redis'
import Database from 'better-sqlite3'
import Keyv from 'keyv'
import { Kysely, PostgresDialect, SqliteDialect, sql } from 'kysely'
import pg from 'pg'
import { CacheStorage } from '../../src/storage/cache.js'
import { migrateTokenTable, SqlStorage } from '../../src/storage/sql.js'
import { type Bench, counted, newStats, type Target } from './common.js'
import { oursExpress } from './express.js'

const SERVICES = {
  postgres: 'postgres://postgres@127.0.0.1:5432/test',
  redis: 'redis://127.0.0.1:6379',
}

/** `api-sqlite`, `api-postgres` or `api-postgres-redis`. Returns the target and its clean-up. */
export async function storageTarget(
  kind: string,
  bench: Bench,
): Promise<Target & { close(): Promise<void> }> {
  const table = `bench_tokens_${process.pid}`
  const cleanups: Array<() => Promise<void>> = []
  let db: Kysely<unknown>
  if (kind === 'api-sqlite') {
    const dir = mkdtempSync(join(tmpdir(), 'oauth-dance-bench-'))
    const file = new Database(join(dir, 'tokens.db'))
    file.pragma('journal_mode = WAL')
    db = new Kysely({ dialect: new SqliteDialect({ database: file }) })
    cleanups.push(async () => rmSync(dir, { recursive: true, force: true }))
  } else {
    db = new Kysely({
      dialect: new PostgresDialect({ pool: new pg.Pool({ connectionString: SERVICES.postgres, max: 10 }) }),
    })
    cleanups.push(async () => {
      await sql`drop table if exists ${sql.table(table)}`.execute(db)
    })
  }
  await migrateTokenTable(db, { table })
  const stats = newStats()
  let storage: SqlStorage | CacheStorage = new SqlStorage({ db, table })
  if (kind === 'api-postgres-redis') {
    const cache = new Keyv({ store: new KeyvRedis(SERVICES.redis), namespace: table, throwOnErrors: true })
    storage = new CacheStorage({ cache, source: counted(storage, stats, 'sourceReads') })
    cleanups.push(async () => {
      await cache.clear()
      await cache.disconnect()
    })
  }
  const target = oursExpress(bench, storage, stats)
  return {
    ...target,
    close: async () => {
      for (const cleanup of cleanups) await cleanup().catch(() => {})
      await db.destroy()
    },
  }
}
