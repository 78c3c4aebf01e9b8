/**
 * Opens the three databases the SQL storage supports, each with a token table under a name unique to
 * this run (so parallel runs never collide), and drops it afterwards.
 */
import { randomBytes } from 'node:crypto'
import { mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import KeyvRedis from '@keyv/redis'
import Database from 'better-sqlite3'
import Keyv from 'keyv'
import {
  type Kysely,
  Kysely as KyselyClass,
  type LogEvent,
  MysqlDialect,
  PostgresDialect,
  SqliteDialect,
} from 'kysely'
import { createPool } from 'mysql2'
import pg from 'pg'
import { migrateTokenTable } from '../../src/storage/sql.js'
import { SERVICES } from '../support/services.js'

/** A unique identifier for this run: tables and namespaces. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${randomBytes(4).toString('hex')}`
}

/** An open database with a fresh token table; `queries` lists the SQL Kysely ran. */
export interface TestDatabase {
  kind: 'sqlite' | 'postgres' | 'mysql'
  db: Kysely<unknown>
  table: string
  queries: string[]
  /** Rows of the table, as `SELECT *` returns them (a "database dump"). */
  dump(): Promise<Record<string, unknown>[]>
  /** The SQLite file, for reading its raw bytes. */
  file?: string
  close(): Promise<void>
}

/** Opens `kind` with a fresh token table. */
export async function openDatabase(kind: TestDatabase['kind']): Promise<TestDatabase> {
  const queries: string[] = []
  const log = (event: LogEvent) => {
    if (event.level === 'query') queries.push(event.query.sql)
  }
  let dir: string | undefined
  let file: string | undefined
  let db: Kysely<unknown>
  if (kind === 'sqlite') {
    dir = mkdtempSync(join(tmpdir(), 'oauth-dance-sql-'))
    file = join(dir, 'tokens.db')
    db = new KyselyClass<unknown>({ dialect: new SqliteDialect({ database: new Database(file) }), log })
  } else if (kind === 'postgres') {
    db = new KyselyClass<unknown>({
      dialect: new PostgresDialect({
        pool: new pg.Pool({ connectionString: SERVICES.postgres.url, max: 4 }),
      }),
      log,
    })
  } else {
    db = new KyselyClass<unknown>({
      dialect: new MysqlDialect({
        pool: createPool({
          host: SERVICES.mariadb.host,
          port: SERVICES.mariadb.port,
          user: 'root',
          database: 'test',
          connectionLimit: 4,
        }),
      }),
      log,
    })
  }
  const table = uniqueName('oauth_tokens')
  await migrateTokenTable(db, { table })
  queries.length = 0
  const raw = db as unknown as Kysely<Record<string, Record<string, unknown>>>
  return {
    kind,
    db,
    table,
    queries,
    file,
    dump: () => raw.selectFrom(table).selectAll().execute(),
    close: async () => {
      try {
        await db.schema.dropTable(table).ifExists().execute()
      } finally {
        await db.destroy()
        if (dir) rmSync(dir, { recursive: true, force: true })
      }
    },
  }
}

/** A Keyv on the real Redis under a namespace unique to this run; `close` clears it and disconnects. */
export function openRedisKeyv(): { keyv: Keyv; close(): Promise<void> } {
  const keyv = new Keyv({
    store: new KeyvRedis(SERVICES.redis.url),
    namespace: uniqueName('oauth-dance-test'),
    throwOnErrors: true,
  })
  return {
    keyv,
    close: async () => {
      await keyv.clear()
      await keyv.disconnect()
    },
  }
}
