/**
 * Opens the real backends of the refresh locks (SQLite file, PostgreSQL, MariaDB, Redis) with names
 * unique to this run, and the token storages the cross-process tests share.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createClient } from '@keyv/redis'
import Database from 'better-sqlite3'
import { Kysely, MysqlDialect, PostgresDialect, SqliteDialect } from 'kysely'
import { createPool } from 'mysql2'
import pg from 'pg'
import { SERVICES } from '../support/services.js'

/** A name unique to this run, for tables, key prefixes and namespaces. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
}

/** The SQL databases the lock supports. */
export type SqlKind = 'sqlite' | 'postgres' | 'mysql'

/** Opens a Kysely on `kind`; for SQLite, `file` lets a second instance open the same database. */
export function openKysely(kind: SqlKind, file?: string): Kysely<unknown> {
  if (kind === 'sqlite') {
    if (!file) throw new Error('SQLite needs a file')
    return new Kysely<unknown>({
      dialect: new SqliteDialect({ database: new Database(file, { timeout: 5000 }) }),
    })
  }
  if (kind === 'postgres') {
    return new Kysely<unknown>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: SERVICES.postgres.url, max: 4 }),
      }),
    })
  }
  return new Kysely<unknown>({
    dialect: new MysqlDialect({
      pool: createPool({
        host: SERVICES.mariadb.host,
        port: SERVICES.mariadb.port,
        user: 'root',
        database: 'test',
        connectionLimit: 4,
      }),
    }),
  })
}

/** A temporary SQLite file and its cleanup. */
export function sqliteFile(): { file: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'oauth-dance-lock-'))
  return { file: join(dir, 'locks.db'), remove: () => rmSync(dir, { recursive: true, force: true }) }
}

/** A connected node-redis v5 client (the one `@keyv/redis` re-exports). */
export async function openRedis() {
  const client = createClient({ url: SERVICES.redis.url })
  await client.connect()
  return client
}
