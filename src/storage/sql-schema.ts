/**
 * The token table and its migration, the same on SQLite, PostgreSQL and MySQL/MariaDB.
 *
 * Columns: `provider`, `user_id`, `account_id` (the primary key; `''` means "none", because SQL
 * treats NULLs in a unique key as distinct and would let "no user" rows pile up), `token` (JSON text,
 * or a sealed value when encryption is on), `expires_at`, `created_at`, `updated_at` (seconds since the
 * epoch, as big integers, so every database stores and sorts them the same way).
 */
import {
  type ColumnDataType,
  type Expression,
  type Kysely,
  MysqlAdapter,
  PostgresAdapter,
  SqliteAdapter,
  sql,
} from 'kysely'
import { DanceError } from '../errors.js'

/**
 * The default table name.
 */
export const DEFAULT_TOKEN_TABLE = 'oauth_tokens'

/**
 * The SQL dialects the token table supports.
 */
export type TokenTableDialect = 'sqlite' | 'postgres' | 'mysql'

/**
 * One row as drivers return it: pg returns `bigint` columns as strings, some drivers as `bigint`.
 * @see [node-postgres - Data Types](https://node-postgres.com/features/types)
 */
export interface TokenRow {
  provider: string
  user_id: string
  account_id: string
  token: string
  expires_at: number | string | bigint | null
  created_at: number | string | bigint
  updated_at: number | string | bigint
}

/**
 * A database with token tables under any name (the table name is an option).
 */
export type TokenDatabase = Record<string, TokenRow>

/**
 * Options of {@link migrateTokenTable}.
 */
export interface TokenTableOptions {
  /** Table name (default `oauth_tokens`); `schema.table` is accepted on PostgreSQL. */
  table?: string
  /** The dialect, when Kysely's adapter is not one of its built-in three (detected otherwise). */
  dialect?: TokenTableDialect
}

/**
 * Longest provider name, user id and account id the key columns hold (MySQL's index limit allows these).
 * @see [MariaDB Knowledge Base - InnoDB Limitations](https://mariadb.com/kb/en/innodb-limitations/)
 */
export const KEY_LIMITS = { provider: 64, user_id: 255, account_id: 255 } as const

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]{0,62}$/

/**
 * Checks a table name, so it can be used as an identifier in every dialect: letters, digits and `_`,
 * at most 63 characters (PostgreSQL's limit), optionally after a schema name and a dot.
 * @see [PostgreSQL Documentation - Lexical Structure: Identifiers and Key Words](https://www.postgresql.org/docs/current/sql-syntax-lexical.html#SQL-SYNTAX-IDENTIFIERS)
 */
export function checkTableName(
  table: string,
  what: 'Token table' | 'Refresh lock table' = 'Token table',
  options: { schema?: boolean } = {},
): string {
  const parts = table.split('.')
  const valid =
    parts.length <= (options.schema === false ? 1 : 2) && parts.every((part) => IDENTIFIER.test(part))
  if (!valid) {
    throw new DanceError(
      'config_invalid',
      `${what} name "${table}" must be letters, digits and underscores (at most 63, not starting with a digit)${options.schema === false ? '' : ', after an optional schema name and a dot'}.`,
    )
  }
  return table
}

/**
 * Which SQL dialect a Kysely instance speaks, from its adapter.
 */
export function detectDialect<DB>(db: Kysely<DB>, explicit?: TokenTableDialect): TokenTableDialect {
  if (explicit) return explicit
  const adapter = db.getExecutor().adapter
  if (adapter instanceof PostgresAdapter) return 'postgres'
  if (adapter instanceof MysqlAdapter) return 'mysql'
  if (adapter instanceof SqliteAdapter) return 'sqlite'
  // A second copy of kysely in node_modules breaks instanceof; the class name still tells.
  const name = String((adapter as { constructor?: { name?: unknown } }).constructor?.name ?? 'unknown')
  for (const dialect of ['postgres', 'mysql', 'sqlite'] as const) {
    if (name.toLowerCase().includes(dialect)) return dialect
  }
  throw new DanceError(
    'config_invalid',
    `Cannot tell the SQL dialect of this Kysely instance (${name}); pass dialect: 'sqlite' | 'postgres' | 'mysql'.`,
  )
}

/**
 * The NO PAD binary collations, newest first: MySQL 8 has `utf8mb4_0900_bin`, MariaDB (10.2+) has
 * `utf8mb4_nopad_bin`. `utf8mb4_bin` is PAD SPACE (`'alice' = 'alice '`), so two users whose ids differ
 * only in trailing spaces would share one row.
 * @see [MySQL 8.0 Reference Manual - The binary Collation Compared to _bin Collations](https://dev.mysql.com/doc/refman/8.0/en/charset-binary-collations.html)
 * @see [MariaDB Knowledge Base - Supported Character Sets and Collations](https://mariadb.com/kb/en/supported-character-sets-and-collations/)
 */
const NO_PAD_COLLATIONS = ['utf8mb4_0900_bin', 'utf8mb4_nopad_bin'] as const

/** The key columns and their lengths in characters. */
const KEY_COLUMNS = Object.entries(KEY_LIMITS) as ReadonlyArray<[keyof typeof KEY_LIMITS, number]>

/**
 * A key column: compared byte for byte on every database. SQLite and PostgreSQL (deterministic
 * collations break ties on the bytes) do so with a plain varchar; MySQL needs a NO PAD binary collation.
 */
function keyType(collation: string | undefined, length: number): ColumnDataType | Expression<unknown> {
  return collation
    ? sql`varchar(${sql.raw(String(length))}) character set utf8mb4 collate ${sql.raw(collation)}`
    : (`varchar(${length})` as ColumnDataType)
}

/** The NO PAD binary collation this MySQL/MariaDB server has; throws `storage_error` when it has none. */
async function noPadCollation<DB>(db: Kysely<DB>): Promise<string> {
  const { rows } = await sql<{ name: string }>`
    select COLLATION_NAME as name from information_schema.COLLATIONS
    where COLLATION_NAME in (${sql.join(NO_PAD_COLLATIONS.map((c) => sql.lit(c)))})`.execute(db)
  const names = new Set(rows.map((r) => r.name))
  const found = NO_PAD_COLLATIONS.find((c) => names.has(c))
  if (!found) {
    throw new DanceError(
      'storage_error',
      'The token table needs a NO PAD binary collation (MySQL 8 or MariaDB 10.2 and later).',
    )
  }
  return found
}

/**
 * Rewrites the key columns of a token table made by an older version (`utf8mb4_bin`, PAD SPACE) to
 * the NO PAD collation. No row is lost: under PAD SPACE no two keys could differ only in trailing spaces.
 */
async function migrateKeyCollation<DB>(db: Kysely<DB>, table: string, collation: string): Promise<void> {
  const [schema, name] = table.includes('.') ? table.split('.') : [undefined, table]
  const { rows } = await sql<{ column: string; collation: string | null }>`
    select COLUMN_NAME as ${sql.id('column')}, COLLATION_NAME as ${sql.id('collation')}
    from information_schema.COLUMNS
    where TABLE_SCHEMA = ${schema === undefined ? sql`database()` : schema} and TABLE_NAME = ${name}`.execute(
    db,
  )
  const stale = KEY_COLUMNS.filter(([column]) =>
    rows.some((r) => r.column.toLowerCase() === column && r.collation !== collation),
  )
  if (stale.length === 0) return
  const changes = stale.map(([column, length]) => {
    const fallback = column === 'provider' ? sql`` : sql` default ''`
    return sql`modify ${sql.id(column)} ${keyType(collation, length) as Expression<unknown>} not null${fallback}`
  })
  await sql`alter table ${sql.table(table)} ${sql.join(changes)}`.execute(db)
}

/**
 * Creates the token table if it does not exist, and brings a table an older version made up to date
 * (on MySQL/MariaDB: key columns that compare byte for byte). Safe to run at every start, or inside a
 * Kysely migration's `up`.
 */
export async function migrateTokenTable<DB>(db: Kysely<DB>, options: TokenTableOptions = {}): Promise<void> {
  const table = checkTableName(options.table ?? DEFAULT_TOKEN_TABLE)
  const dialect = detectDialect(db, options.dialect)
  const plain = db.withoutPlugins()
  // MySQL's TEXT stops at 64 KiB (sealed tokens with ID tokens approach that), and its table default
  // charset may not be utf8mb4 (then a token with an emoji fails, quoting the bytes in the error).
  const tokenType: ColumnDataType | Expression<unknown> =
    dialect === 'mysql' ? sql`mediumtext character set utf8mb4 collate utf8mb4_bin` : 'text'
  try {
    const collation = dialect === 'mysql' ? await noPadCollation(plain) : undefined
    const create = () =>
      plain.schema
        .createTable(table)
        .ifNotExists()
        .addColumn('provider', keyType(collation, KEY_LIMITS.provider), (c) => c.notNull())
        .addColumn('user_id', keyType(collation, KEY_LIMITS.user_id), (c) => c.notNull().defaultTo(''))
        .addColumn('account_id', keyType(collation, KEY_LIMITS.account_id), (c) => c.notNull().defaultTo(''))
        .addColumn('token', tokenType, (c) => c.notNull())
        .addColumn('expires_at', 'bigint')
        .addColumn('created_at', 'bigint', (c) => c.notNull())
        .addColumn('updated_at', 'bigint', (c) => c.notNull())
        .addPrimaryKeyConstraint(`${table.replace('.', '_')}_pkey`, ['provider', 'user_id', 'account_id'])
        .execute()
    // Instances starting together race on CREATE TABLE IF NOT EXISTS, which PostgreSQL does not make
    // atomic (the loser fails on its catalog's unique index); the table then exists, so once more settles it.
    await create().catch(create)
    // A table an older version made compares its keys with PAD SPACE: migrate it in place.
    if (collation) await migrateKeyCollation(plain, table, collation)
  } catch (cause) {
    if (cause instanceof DanceError) throw cause
    throw new DanceError('storage_error', `Could not create the token table "${table}".`, {
      cause: sanitizeDbError(cause),
    })
  }
}

/**
 * A copy of a driver error without the SQL text and parameters (mysql2 puts the query, with the
 * values interpolated, on its errors), so logging the cause can never log a token.
 */
export function sanitizeDbError(cause: unknown): Error {
  if (!(cause instanceof Error)) return new Error('database error')
  const code = (cause as { code?: unknown }).code
  const clean = new Error(`${cause.name}${typeof code === 'string' ? ` ${code}` : ''}: ${cause.message}`)
  clean.name = 'DatabaseError'
  return clean
}
