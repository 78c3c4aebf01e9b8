/**
 * SQLite through the runtime's own driver, as a Kysely `SqliteDialect` database: `bun:sqlite` under
 * Bun, `node:sqlite` under Deno (Deno loads only Node-API addons, and better-sqlite3 is not one; Bun
 * refuses better-sqlite3 outright). Both drivers have better-sqlite3's shape except that they take
 * parameters spread rather than as one array, and neither says whether a statement returns rows.
 */
import type { SqliteDatabase, SqliteStatement } from 'kysely'

/** What `bun:sqlite` and `node:sqlite` statements have in common. */
interface NativeStatement {
  all(...parameters: unknown[]): unknown[]
  run(...parameters: unknown[]): { changes: number | bigint; lastInsertRowid: number | bigint }
}

interface NativeDatabase {
  prepare(sql: string): NativeStatement
  close(): void
}

// A statement returns rows when it reads, or when it writes with RETURNING.
const READER = /^\s*(select|with|pragma|values|explain)\b|\breturning\b/i

/** Opens the SQLite file `path` with the driver of the runtime this runs on. */
export async function openRuntimeSqlite(path: string): Promise<SqliteDatabase> {
  const bun = 'Bun' in globalThis
  // The specifiers are variables so that Node's type-checker does not look for Bun's module.
  const specifier = bun ? 'bun:sqlite' : 'node:sqlite'
  const driver = (await import(specifier)) as {
    Database?: new (path: string) => NativeDatabase
    DatabaseSync?: new (path: string) => NativeDatabase
  }
  const Driver = bun ? driver.Database : driver.DatabaseSync
  if (!Driver) throw new Error(`${specifier} has no database class`)
  return asKyselySqlite(new Driver(path))
}

function asKyselySqlite(db: NativeDatabase): SqliteDatabase {
  return {
    close: () => db.close(),
    prepare(sql: string): SqliteStatement {
      const statement = db.prepare(sql)
      const list = (parameters: ReadonlyArray<unknown>) => statement.all(...parameters)
      return {
        reader: READER.test(sql),
        all: list,
        run: (parameters) => statement.run(...parameters),
        iterate: (parameters) => list(parameters)[Symbol.iterator](),
      }
    },
  }
}
