// db.ts: the Kysely instance on PostgreSQL, for SqlStorage and SqlRefreshLock.
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  // Fail fast while the database is unreachable or stalled, rather than holding requests for minutes.
  connectionTimeoutMillis: 5_000,
  query_timeout: 10_000,
})
// A restart, a failover or pg_terminate_backend drops idle connections; pg reports that here, and an
// 'error' event without a listener would crash the process. The pool opens new connections by itself.
pool.on('error', (error) => console.error('PostgreSQL pool:', error.message))

export const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
