// db.ts: the Kysely instance on PostgreSQL, for SqlStorage and SqlRefreshLock.
import { Kysely, PostgresDialect } from 'kysely'
import pg from 'pg'

const pool = new pg.Pool({
  connectionString: process.env.DATABASE_URL,
  // Fail fast while the database is unreachable or stalled, rather than holding requests for minutes.
  connectionTimeoutMillis: 5_000,
  query_timeout: 10_000,
})
// A restart, a failover or pg_terminate_backend drops connections, and pg reports it as an 'error'
// event: on the pool for an idle connection, on the connection itself while it is checked out. Either
// without a listener crashes the process. The pool replaces broken connections by itself.
const logError = (error: Error) => console.error('PostgreSQL:', error.message)
pool.on('error', logError)
pool.on('connect', (connection) => connection.on('error', logError))

export const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) })
