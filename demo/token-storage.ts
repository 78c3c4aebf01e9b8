/**
 * Where the demo keeps its tokens: SQLite in `.demo-data/tokens.db` (gitignored), through
 * {@link SqlStorage}, sealed with `OAUTH_DANCE_TOKEN_KEYS` when it is set.
 *
 * The demo has no accounts of its own, so each browser is a "user": a random id kept in its session.
 * Without a user id every visitor would share one row, which is exactly the mistake the storage guide
 * warns about.
 *
 * @see https://www.rfc-editor.org/rfc/rfc6749#section-10.3
 */
import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import Database from 'better-sqlite3'
import { Kysely, SqliteDialect } from 'kysely'
import type { UserResolver } from '../src/consumer/options.js'
import type { Env } from '../src/env.js'
import { TOKEN_KEYS_ENV, TokenEncryption } from '../src/storage/encryption.js'
import { migrateTokenTable, SqlStorage } from '../src/storage/sql.js'

/** The demo's token storage and the user resolver that goes with it. */
export interface DemoTokens {
  storage: SqlStorage
  user: UserResolver
  /** The SQLite file. */
  file: string
  close(): Promise<void>
}

const VISITOR_FIELD = 'demoVisitor'

/** Opens (and creates, the first time) the demo's token database under `dir` (default `.demo-data`). */
export async function openDemoTokens(options: { dir?: string; env?: Env } = {}): Promise<DemoTokens> {
  const dir = resolve(options.dir ?? '.demo-data')
  mkdirSync(dir, { recursive: true })
  const file = join(dir, 'tokens.db')
  const database = new Database(file)
  // WAL lets several demo processes (or test runs) share the file without "database is locked".
  database.pragma('journal_mode = WAL')
  database.pragma('busy_timeout = 5000')
  const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database }) })
  await migrateTokenTable(db)
  const env = options.env ?? process.env
  const storage = new SqlStorage({
    db,
    ...(env[TOKEN_KEYS_ENV] && { encryption: TokenEncryption.fromEnv(env) }),
  })
  const user: UserResolver = ({ session }) => {
    if (!session) return undefined
    let visitor = session.get(VISITOR_FIELD)
    if (typeof visitor !== 'string') {
      visitor = `visitor-${randomUUID()}`
      session.set(VISITOR_FIELD, visitor)
    }
    return visitor as string
  }
  return { storage, user, file, close: () => db.destroy() }
}
